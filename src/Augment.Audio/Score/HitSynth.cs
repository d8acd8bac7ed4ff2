namespace Augment.Audio;

/// <summary>
/// The hits stem: on every cut an impact that starts on the cut's sample (a 6 ms white-noise crack, a sine boom swept
/// from 120 Hz down to 40 Hz and a low-passed noise burst), and, where the previous cut is at least 1.2 s earlier, a riser into it
/// (band-passed noise sweeping 300 Hz to 5 kHz, swelling quadratically to -12 dB below the impact, ending on the cut).
/// </summary>
internal static class HitSynth
{
    private const float ImpactLevel = 0.6f, RiserLevel = 0.15f;

    public static void Render(ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        var random = new ScoreRandom(plan.Options.Seed, 4);
        var rate = plan.SampleRate;
        var previous = 0;
        foreach (var cut in plan.CutFrames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (cut >= plan.Frames) continue;
            var tension = plan.TensionAt((double)cut / rate);
            var gap = (double)(cut - previous) / rate;
            if (gap >= 1.2)
                Riser(output, cut, (int)(Math.Min(2.0, gap * 0.5) * rate), rate, ref random);
            Impact(output, cut, ImpactLevel * (float)(0.7 + (0.3 * tension)), rate, ref random);
            previous = cut;
        }
    }

    private static void Riser(AudioBuffer output, int cut, int length, int rate, ref ScoreRandom random)
    {
        var start = cut - length;
        var left = output.Channel(0).Slice(start, length);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, length) : default;
        ScoreDsp.Svf leftFilter = default, rightFilter = default;
        for (var k = 0; k < length; k++)
        {
            var x = (double)k / length;
            var f = ScoreDsp.SvfCoefficient(300.0 * ScoreMath.Exp2(4.06 * x), rate); // 300 Hz · 2^4.06 ≈ 5 kHz
            var gain = RiserLevel * (float)(x * x);
            leftFilter.Tick(random.NextNoise(), f, 0.5f);
            left[k] += gain * leftFilter.Band;
            if (right.IsEmpty) continue;
            rightFilter.Tick(random.NextNoise(), f, 0.5f);
            right[k] += gain * rightFilter.Band;
        }
    }

    private static void Impact(AudioBuffer output, int start, float gain, int rate, ref ScoreRandom random)
    {
        var full = (int)(3.0 * rate);
        var n = Math.Min(full, output.Frames - start);
        var fade = rate / 50;
        var ampDecay = ScoreMath.DecayPerSample(0.7, rate);
        var sweepDecay = ScoreMath.DecayPerSample(0.06, rate);
        var noiseDecay = ScoreMath.DecayPerSample(0.12, rate);
        var a = ScoreMath.OnePoleCoefficient(2500, rate);
        var attack = Math.Max(1, rate / 2000);
        double phase = 0, sweep = 1;
        var crackDecay = ScoreMath.DecayPerSample(0.006, rate);
        float amp = 1, noise = 0.6f, crack = 0.5f, low = 0;
        var left = output.Channel(0).Slice(start, n);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, n) : default;
        for (var k = 0; k < n; k++)
        {
            var white = random.NextNoise();
            low += a * (white - low);
            var ramp = (k < attack ? (float)(k + 1) / attack : 1f) * Math.Min(1f, (float)(full - k) / fade);
            var x = gain * ramp * ((amp * (float)ScoreMath.Sin2Pi(phase)) + (noise * 2f * low) + (crack * white));
            left[k] += x;
            if (!right.IsEmpty) right[k] += x;
            phase += (40.0 + (80.0 * sweep)) / rate;
            sweep *= sweepDecay;
            amp *= ampDecay;
            noise *= noiseDecay;
            crack *= crackDecay;
        }
    }
}
