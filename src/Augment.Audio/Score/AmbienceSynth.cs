namespace Augment.Audio;

/// <summary>
/// The ambience stem: a bed of noise per channel (independent, so it is wide) through a state-variable filter
/// whose centre drifts with a slow LFO (0.05 Hz) around a frequency the arc sets (dark ~250 Hz to bright ~1 kHz),
/// with a slow swell in level. Control values are updated every 64-frame block.
/// </summary>
internal static class AmbienceSynth
{
    private const int Block = 64;
    private const float Level = 0.06f;

    public static void Render(ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        var rate = plan.SampleRate;
        for (var c = 0; c < output.Channels; c++)
        {
            var random = new ScoreRandom(plan.Options.Seed, 0x100UL + (ulong)c);
            var filter = default(ScoreDsp.Svf);
            var samples = output.Channel(c);
            for (var start = 0; start < plan.Frames; start += Block)
            {
                if ((start & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                var seconds = (double)start / rate;
                var arc = plan.ArcAt(seconds);
                var tension = plan.TensionAt(seconds);
                var lfo = ScoreMath.Sin2Pi((0.05 * seconds) + (0.25 * c));
                var centre = 500.0 * ScoreMath.Exp2(arc + (0.8 * lfo));
                var f = ScoreDsp.SvfCoefficient(centre, rate);
                var swell = Level * (float)((0.8 + (0.2 * ScoreMath.Sin2Pi((0.031 * seconds) + (0.5 * c)))) * (0.8 + (0.4 * tension)));
                var end = Math.Min(plan.Frames, start + Block);
                for (var k = start; k < end; k++)
                {
                    filter.Tick(random.NextNoise(), f, 0.7f);
                    samples[k] += swell * ((0.8f * filter.Low) + (0.6f * filter.Band));
                }
            }
        }
    }
}
