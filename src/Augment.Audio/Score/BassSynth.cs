namespace Augment.Audio;

/// <summary>
/// The bass stem: the root of each bar's chord, between A1 and G#2, as a sine plus a band-limited saw through a
/// resonant low-pass whose cutoff opens with tension (2.5 to 6.5 times the note). Half notes below tension 0.35,
/// quarters below 0.7, eighths above (with seeded octave jumps, same pitch class).
/// </summary>
internal static class BassSynth
{
    private const float Level = 0.32f;

    public static void Render(ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        var random = new ScoreRandom(plan.Options.Seed, 2);
        var tempo = plan.Tempo;
        var tonic = 33 + ((plan.Options.Key.RootPitchClass - 9 + 12) % 12); // A1 (55 Hz) .. G#2
        for (var i = 0; i < tempo.BeatTimes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bar = tempo.BarOfBeat[i];
            var barEnd = plan.BarEndFrame[bar];
            var t = tempo.BeatTimes[i];
            var tension = plan.TensionAt(t);
            var notesPerBeat = tension < 0.35 ? (tempo.BeatInBar[i] % 2 == 0 ? 1 : 0) : tension < 0.7 ? 1 : 2;
            var noteSeconds = tension < 0.35 ? 2 * tempo.BeatLengths[i] : tempo.BeatLengths[i] / Math.Max(1, notesPerBeat);
            for (var j = 0; j < notesPerBeat; j++)
            {
                var jump = random.NextDouble();
                var start = plan.Frame(t + (j * noteSeconds));
                var end = Math.Min(barEnd, plan.Frame(t + ((j + 1) * noteSeconds)));
                if (start >= end) continue;
                var midi = plan.DegreeMidi(tonic, plan.BarChordDegree[bar]);
                if (j == 1 && jump < 0.3) midi += 12;
                Note(output, start, end - start, ScoreMath.MidiToHz(midi), tension, plan.SampleRate);
            }
        }
    }

    private static void Note(AudioBuffer output, int start, int length, double hz, double tension, int rate)
    {
        var sounding = Math.Max(1, (int)(length * 0.92));
        var f = ScoreDsp.SvfCoefficient(hz * (2.5 + (4.0 * tension)), rate);
        const float q = 1f / 0.9f;
        var dt = hz / rate;
        var attack = Math.Max(1, (int)(0.004 * rate));
        var release = Math.Max(1, Math.Min(sounding / 2, (int)(0.015 * rate)));
        var decay = ScoreMath.DecayPerSample(0.15, rate);
        var filter = default(ScoreDsp.Svf);
        double phase = 0;
        float body = 1;
        var left = output.Channel(0).Slice(start, sounding);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, sounding) : default;
        for (var k = 0; k < sounding; k++)
        {
            var osc = (float)((0.8 * ScoreMath.Sin2Pi(phase)) + (0.45 * ScoreDsp.Saw(phase, dt)));
            filter.Tick(osc, f, q);
            var env = (k < attack ? (float)k / attack : 1f) * Math.Min(1f, (float)(sounding - k) / release) * (0.7f + (0.3f * body));
            var x = Level * env * filter.Low;
            left[k] += x;
            if (!right.IsEmpty) right[k] += x;
            phase = ScoreDsp.Advance(phase, dt);
            body *= decay;
        }
    }
}
