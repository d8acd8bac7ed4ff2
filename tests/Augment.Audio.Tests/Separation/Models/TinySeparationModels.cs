namespace Augment.Audio.Tests.Separation.Models;

/// <summary>Tiny separation "models" built in the tests, whose stems are known analytically.</summary>
internal static class TinySeparationModels
{
    private static readonly Lazy<string?> MissingRuntime = new(() =>
    {
        try
        {
            using var probe = OnnxModel.Load(OnnxGraphBuilder.Multiply(1f, rank: 1).ToBytes(), sourceName: "probe");
            return null;
        }
        catch (AugmentException error) when (error.InnerException is TypeInitializationException or DllNotFoundException)
        {
            return error.Message;
        }
    });

    /// <summary>Skips (with the reason) when ONNX Runtime's native library is missing.</summary>
    public static void SkipWithoutNativeRuntime() =>
        Assert.SkipWhen(MissingRuntime.Value is not null, $"ONNX Runtime's native library is not available: {MissingRuntime.Value}");

    /// <summary>
    /// Waveform model: stem s = the mix filtered by FIR <c>taps[s]</c> (odd length, centred, zero padding at the chunk's
    /// edges), per channel. [n, channels, frames] → Unsqueeze → [n, 1, channels, frames] → Conv (1×K) → [n, stems, channels, frames].
    /// </summary>
    public static OnnxModel WaveformFir(float[][] taps, int? channels = 2, int? fixedFrames = null, bool dynamicStems = false, int? fixedBatch = null) =>
        OnnxModel.Load(WaveformFirGraph(taps, channels, fixedFrames, dynamicStems, fixedBatch).ToBytes(), sourceName: "waveform-fir");

    /// <summary>The graph of <see cref="WaveformFir"/>.</summary>
    public static OnnxGraphBuilder WaveformFirGraph(float[][] taps, int? channels = 2, int? fixedFrames = null, bool dynamicStems = false, int? fixedBatch = null)
    {
        var k = taps[0].Length;
        var weights = new float[taps.Length * k];
        for (var s = 0; s < taps.Length; s++) taps[s].CopyTo(weights, s * k);
        TensorDim n = fixedBatch is { } b ? b : "n";
        TensorDim c = channels is { } ch ? ch : "c";
        TensorDim t = fixedFrames is { } f ? f : "t";
        TensorDim s0 = dynamicStems ? "s" : taps.Length;
        return new OnnxGraphBuilder("waveform-fir")
            .Input("mix", n, c, t)
            .Int64Initializer("axes", [1L], 1)
            .Initializer("weight", weights, taps.Length, 1, 1, k)
            .Node("Unsqueeze", ["mix", "axes"], ["mix4"])
            .Node("Conv", ["mix4", "weight"], [dynamicStems ? "conv" : "stems"],
                OnnxAttributeValue.Ints("kernel_shape", 1, k),
                OnnxAttributeValue.Ints("pads", 0, k / 2, 0, k / 2))
            // A reshape to its own run-time shape hides the stem count from shape inference (a truly dynamic axis).
            .NodeIf(dynamicStems, "Shape", ["conv"], ["shape"])
            .NodeIf(dynamicStems, "Reshape", ["conv", "shape"], ["stems"])
            .Output("stems", n, s0, c, t);
    }

    private static OnnxGraphBuilder NodeIf(this OnnxGraphBuilder builder, bool condition, string op, string[] inputs, string[] outputs) =>
        condition ? builder.Node(op, inputs, outputs) : builder;

    /// <summary>Waveform model whose stem s is <c>gains[s]</c> times the mix.</summary>
    public static OnnxModel WaveformGains(float[] gains, int? channels = 2, int? fixedFrames = null, bool dynamicStems = false, int? fixedBatch = null)
    {
        var taps = new float[gains.Length][];
        for (var s = 0; s < gains.Length; s++) taps[s] = [gains[s]];
        return WaveformFir(taps, channels, fixedFrames, dynamicStems, fixedBatch);
    }

    /// <summary>
    /// Spectrogram model: [n, channels, bins, frames] magnitudes in, [n, stems, channels, bins, frames] out, where stem s
    /// of bin b is <c>masks[s][b]</c> (input·0 + mask, so the shape follows the input). With <paramref name="timesInput"/>
    /// the output is mask·|X| (a magnitude model).
    /// </summary>
    public static OnnxModel SpectrogramMasks(float[][] masks, int bins, int? channels = 2, bool timesInput = false, int? fixedFrames = null) =>
        OnnxModel.Load(SpectrogramMasksGraph(masks, bins, channels, timesInput, fixedFrames).ToBytes(), sourceName: "spectrogram-masks");

    /// <summary>The graph of <see cref="SpectrogramMasks"/>.</summary>
    public static OnnxGraphBuilder SpectrogramMasksGraph(float[][] masks, int bins, int? channels = 2, bool timesInput = false, int? fixedFrames = null)
    {
        var stems = masks.Length;
        var values = new float[stems * bins];
        for (var s = 0; s < stems; s++) masks[s].CopyTo(values, s * bins);
        TensorDim c = channels is { } ch ? ch : "c";
        TensorDim t = fixedFrames is { } f ? f : "t";
        var builder = new OnnxGraphBuilder("spectrogram-masks")
            .Input("magnitude", "n", c, bins, t)
            .Int64Initializer("axes", [1L], 1)
            // [stems, 1, bins, 1] broadcasts against [n, 1, channels, bins, frames].
            .Initializer("mask", values, stems, 1, bins, 1)
            .Node("Unsqueeze", ["magnitude", "axes"], ["magnitude5"]);
        if (timesInput)
        {
            builder.Node("Mul", ["magnitude5", "mask"], ["out"]);
        }
        else
        {
            builder.Initializer("zero", [0f])
                .Node("Mul", ["magnitude5", "zero"], ["zeros"])
                .Node("Add", ["zeros", "mask"], ["out"]);
        }
        return builder.Output("out", "n", stems, c, bins, t);
    }

    /// <summary>Seeded white noise in [-0.5, 0.5), planar [channels, frames].</summary>
    public static AudioBuffer Noise(int channels, int frames, int rate, int seed)
    {
        var buffer = AudioBuffer.Create(channels, frames, rate);
        var random = new Random(seed);
        var data = buffer.Data;
        for (var i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() - 0.5);
        return buffer;
    }

    /// <summary>Direct FIR with zero padding, centred (the whole-signal answer for <see cref="WaveformFir"/>).</summary>
    public static float[] Convolve(ReadOnlySpan<float> x, float[] taps)
    {
        var half = taps.Length / 2;
        var y = new float[x.Length];
        for (var t = 0; t < x.Length; t++)
        {
            double sum = 0;
            for (var j = 0; j < taps.Length; j++)
            {
                var i = t + j - half;
                if (i >= 0 && i < x.Length) sum += taps[j] * (double)x[i];
            }
            y[t] = (float)sum;
        }
        return y;
    }

    public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - (double)b[i]));
        return max;
    }
}
