using System.Diagnostics;
using Augment.Cli.Demo.Media;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Generates the stereo test tone, runs it through a tiny gain model in overlapping chunks
/// (windowed overlap-add), checks the result against the gain applied directly, and writes both the
/// tone and the result as 16-bit WAV.
/// </summary>
internal sealed class AudioGainChunkedStep : IDemoStep
{
    public const string ModelFileName = "gain.onnx";
    public const string ToneFileName = "tone.wav";
    public const string FileName = "tone-gain.wav";

    /// <summary>Half amplitude: -6.02 dB.</summary>
    public const float Gain = 0.5f;

    public const float Tolerance = 1e-6f;

    public string Name => "audio";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var tone = context.TestTone;
        var tonePath = context.OutputPath(ToneFileName);
        WaveFile.WritePcm16(tonePath, tone);
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        var modelPath = context.OutputPath(ModelFileName);
        OnnxGraphBuilder.Multiply(Gain, rank: 3).Save(modelPath);
        using var model = OnnxModel.Load(modelPath, new OnnxModelOptions { Budget = context.Budget });

        // Chunks of about a third of a second so that even the 2 s tone crosses several joins.
        var chunks = new ChunkOptions { ChunkFrames = Math.Max(1024, tone.SampleRate / 3), OverlapFrames = 512 };
        var chunkProgress = new StageProgress(context.Progress, 0.1, 0.8);
        var clock = Stopwatch.StartNew();
        using var result = model.RunChunked(tone, chunks, chunkProgress, ct);
        var time = clock.Elapsed;

        if (result.Channels != tone.Channels || result.Frames != tone.Frames || result.SampleRate != tone.SampleRate)
            throw new AugmentException($"The gain model produced {result}, expected the shape of {tone}.");
        using var expected = tone.Clone();
        var samples = expected.Data;
        for (var i = 0; i < samples.Length; i++)
            samples[i] *= Gain;
        var maxDifference = SampleMath.MaxAbsDifference(expected.Data, result.Data);
        if (!(maxDifference <= Tolerance))
            throw new AugmentException($"Chunked inference differs from the gain applied directly by {maxDifference:G3} (tolerance {Tolerance:G1}): a join is audible.");

        var path = context.OutputPath(FileName);
        WaveFile.WritePcm16(path, result);
        context.Progress.Report(new AugmentProgress(Name, 1));

        var realtime = tone.Duration.TotalSeconds / Math.Max(time.TotalSeconds, 1e-9);
        var gainDb = 20 * Math.Log10(Gain);
        return Task.FromResult(new DemoStepResult(
            Name,
            $"{context.ToneFrequencyHz:0} Hz stereo tone through a {gainDb:0.00} dB gain model in {chunks.ChunkFrames:N0}-frame chunks",
            $"{tone.Duration.TotalSeconds:0.#} s @ {tone.SampleRate / 1000.0:0.#} kHz, {chunkProgress.ItemsTotal:N0} chunks, max error {maxDifference:G2}, {realtime:N0}x real time",
            [path, tonePath, modelPath]));
    }
}
