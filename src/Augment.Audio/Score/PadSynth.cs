namespace Augment.Audio;

/// <summary>
/// The pad stem: each bar's triad voiced as root an octave down, root, third and fifth around A3, each voice
/// two saws detuned by ±6 cents and a sine, through a low-pass whose cutoff (400 to 3000 Hz) brightens with the
/// arc and tension; slow attack, and a release that overlaps the next chord's attack (a crossfade), spread in stereo.
/// </summary>
internal static class PadSynth
{
    private const float Level = 0.075f;
    private static readonly double[] Pans = [-0.6, -0.2, 0.2, 0.6];
    private static readonly int[] VoiceDegrees = [-7, 0, 2, 4];

    public static void Render(ScorePlan plan, AudioBuffer output, CancellationToken cancellationToken)
    {
        var random = new ScoreRandom(plan.Options.Seed, 3);
        var rate = plan.SampleRate;
        var tonic = 57 + ((plan.Options.Key.RootPitchClass - 9 + 12) % 12); // A3 .. G#4
        var releaseFrames = (int)(0.35 * rate);
        for (var bar = 0; bar < plan.BarChordDegree.Length; bar++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = plan.BarStartFrame[bar];
            var held = plan.BarEndFrame[bar] - start;
            if (held <= 0) continue;
            var seconds = (double)start / rate;
            var tension = plan.TensionAt(seconds);
            var arc = plan.ArcAt(seconds);
            var brightness = Math.Clamp(0.35 + (0.3 * arc) + (0.35 * tension), 0.0, 1.0);
            var cutoff = 400.0 + (2600.0 * brightness);
            var gain = Level * (float)(0.75 + (0.25 * tension));
            for (var v = 0; v < VoiceDegrees.Length; v++)
            {
                var midi = plan.DegreeMidi(tonic, plan.BarChordDegree[bar] + VoiceDegrees[v]);
                Voice(output, start, held, releaseFrames, ScoreMath.MidiToHz(midi), cutoff, gain, ScoreDsp.Pan(Pans[v], output.Channels), random.NextDouble(), rate);
            }
        }
    }

    private static void Voice(AudioBuffer output, int start, int held, int releaseFrames, double hz, double cutoffHz, float gain,
        (float Left, float Right) pan, double startPhase, int rate)
    {
        var total = Math.Min(held + releaseFrames, output.Frames - start);
        var attack = Math.Max(1, Math.Min(held / 2, (int)(0.25 * rate)));
        var f = ScoreDsp.SvfCoefficient(cutoffHz, rate);
        const float q = 1.3f;
        const double detune = 1.0034717485095028; // 2^(6/1200): six cents
        double dtUp = hz * detune / rate, dtDown = hz / detune / rate, dt = hz / rate;
        double up = startPhase, down = 1.0 - startPhase, sine = 0;
        if (down >= 1.0) down = 0;
        var filter = default(ScoreDsp.Svf);
        var left = output.Channel(0).Slice(start, total);
        var right = output.Channels > 1 ? output.Channel(1).Slice(start, total) : default;
        for (var k = 0; k < total; k++)
        {
            var osc = (float)((0.35 * (ScoreDsp.Saw(up, dtUp) + ScoreDsp.Saw(down, dtDown))) + (0.8 * ScoreMath.Sin2Pi(sine)));
            filter.Tick(osc, f, q);
            var env = k < attack ? (float)k / attack : k < held ? 1f : (float)(total - k) / (total - held + 1);
            var x = gain * env * filter.Low;
            left[k] += pan.Left * x;
            if (!right.IsEmpty) right[k] += pan.Right * x;
            up = ScoreDsp.Advance(up, dtUp);
            down = ScoreDsp.Advance(down, dtDown);
            sine = ScoreDsp.Advance(sine, dt);
        }
    }
}
