namespace Augment.Audio;

/// <summary>
/// The drum stem: kick (a sine swept down from ~150 Hz to ~48 Hz plus a noise click), snare (two decaying tones
/// and high-passed noise), hats (doubly high-passed noise, closed or open). A 16-step pattern per bar whose
/// density follows tension: kicks on 1 and 3 (four on the floor above 0.45), snare backbeat from 0.15, eighth hats
/// from 0.2 and sixteenths from 0.55, ghost kicks and fills drawn from the seed.
/// </summary>
internal static class DrumSynth
{
    private const float KickLevel = 0.9f, SnareLevel = 0.5f, HatLevel = 0.16f;

    public static void Render(ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        var random = new ScoreRandom(plan.Options.Seed, 1);
        var tempo = plan.Tempo;
        var rate = plan.SampleRate;
        var hatPan = ScoreDsp.Pan(0.3, output.Channels);
        for (var i = 0; i < tempo.BeatTimes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inBar = tempo.BeatInBar[i];
            var bar = tempo.BarOfBeat[i];
            for (var step = 0; step < 4; step++)
            {
                var t = tempo.BeatTimes[i] + (step * tempo.BeatLengths[i] / 4.0);
                // Three draws per step whatever the tension, so that a change of curve does not reshuffle the rest.
                var ghost = random.NextDouble();
                var open = random.NextDouble();
                var humanise = random.NextDouble();
                var frame = plan.Frame(t);
                if (frame >= plan.Frames) continue;
                var tension = plan.TensionAt(t);
                var level = (float)(0.55 + (0.45 * tension));

                if (step == 0 && (inBar % 2 == 0 || tension > 0.45))
                    Kick(output, frame, level * KickLevel * (inBar == 0 ? 1f : 0.85f), rate, ref random);
                else if (step == 2 && ghost < 0.3 * tension)
                    Kick(output, frame, level * KickLevel * 0.55f, rate, ref random);

                if (step == 0 && inBar % 2 == 1 && tension >= 0.15)
                    Snare(output, frame, level * SnareLevel * (float)(0.4 + (0.6 * tension)), rate, ref random);
                else if (bar % 4 == 3 && inBar == 3 && step > 0 && tension > 0.7)
                    Snare(output, frame, level * SnareLevel * (0.35f + (0.2f * step)), rate, ref random);

                var hats = tension >= 0.55 || (tension >= 0.2 && step % 2 == 0);
                if (hats)
                {
                    var velocity = level * HatLevel * (step == 0 ? 1f : 0.65f) * (float)(0.85 + (0.3 * humanise));
                    var isOpen = inBar == 3 && step == 2 && open < 0.5 * tension;
                    Hat(output, frame, velocity, isOpen ? 0.22 : 0.025, rate, hatPan, ref random);
                }
            }
        }
    }

    private static void Kick(AudioBuffer output, int start, float gain, int rate, ref ScoreRandom random)
    {
        var full = (int)(0.9 * rate);
        var n = Math.Min(full, output.Frames - start);
        var fade = rate / 200;
        var ampDecay = ScoreMath.DecayPerSample(0.28, rate);
        var sweepDecay = ScoreMath.DecayPerSample(0.035, rate);
        var clickDecay = ScoreMath.DecayPerSample(0.004, rate);
        var attack = Math.Max(1, rate / 1000);
        double phase = 0, sweep = 1;
        float amp = 1, click = 0.3f;
        var left = output.Channel(0).Slice(start, n);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, n) : default;
        for (var k = 0; k < n; k++)
        {
            var ramp = (k < attack ? (float)k / attack : 1f) * Math.Min(1f, (float)(full - k) / fade);
            var x = gain * ramp * ((amp * (float)ScoreMath.Sin2Pi(phase)) + (click * random.NextNoise()));
            left[k] += x;
            if (!right.IsEmpty) right[k] += x;
            phase += (48.0 + (100.0 * sweep)) / rate;
            sweep *= sweepDecay;
            amp *= ampDecay;
            click *= clickDecay;
        }
    }

    private static void Snare(AudioBuffer output, int start, float gain, int rate, ref ScoreRandom random)
    {
        var full = (int)(0.5 * rate);
        var n = Math.Min(full, output.Frames - start);
        var fade = rate / 200;
        var toneDecay = ScoreMath.DecayPerSample(0.07, rate);
        var noiseDecay = ScoreMath.DecayPerSample(0.13, rate);
        var a = ScoreMath.OnePoleCoefficient(1200, rate);
        var attack = Math.Max(1, rate / 2000);
        double f1 = 185.0 / rate, f2 = 330.0 / rate, p1 = 0, p2 = 0;
        float tone = 0.5f, noise = 0.8f, low = 0;
        var left = output.Channel(0).Slice(start, n);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, n) : default;
        for (var k = 0; k < n; k++)
        {
            var w = random.NextNoise();
            low += a * (w - low);
            var ramp = (k < attack ? (float)k / attack : 1f) * Math.Min(1f, (float)(full - k) / fade);
            var x = gain * ramp * ((tone * (float)((0.6 * ScoreMath.Sin2Pi(p1)) + (0.4 * ScoreMath.Sin2Pi(p2)))) + (noise * (w - low)));
            left[k] += x;
            if (!right.IsEmpty) right[k] += x;
            p1 = ScoreDsp.Advance(p1, f1);
            p2 = ScoreDsp.Advance(p2, f2);
            tone *= toneDecay;
            noise *= noiseDecay;
        }
    }

    private static void Hat(AudioBuffer output, int start, float gain, double decaySeconds, int rate, (float Left, float Right) pan, ref ScoreRandom random)
    {
        var full = (int)(Math.Min(1.0, decaySeconds * 5) * rate);
        var n = Math.Min(full, output.Frames - start);
        var fade = rate / 200;
        var decay = ScoreMath.DecayPerSample(decaySeconds, rate);
        var a = ScoreMath.OnePoleCoefficient(6000, rate);
        float low1 = 0, low2 = 0, env = 1;
        var left = output.Channel(0).Slice(start, n);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, n) : default;
        for (var k = 0; k < n; k++)
        {
            var w = random.NextNoise();
            low1 += a * (w - low1);
            var h1 = w - low1;
            low2 += a * (h1 - low2);
            var x = gain * env * Math.Min(1f, (float)(full - k) / fade) * (h1 - low2);
            left[k] += pan.Left * x;
            if (!right.IsEmpty) right[k] += pan.Right * x;
            env *= decay;
        }
    }
}
