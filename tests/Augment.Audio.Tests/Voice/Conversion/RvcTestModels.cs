using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio.Tests.Voice.Conversion;

/// <summary>
/// Tiny RVC-shaped models with known formulas, built with <see cref="OnnxGraphBuilder"/>, so every output of the
/// pipeline has an analytic expected value.
/// </summary>
internal static class RvcTestModels
{
    /// <summary>Content feature d of frame e = Σ_i x[320e + i]·W[i, d] (see <see cref="EncoderWeight"/>).</summary>
    public const int Hop16k = 320;

    /// <summary>W[i, d]: d = 0 the frame's mean, d = 1 the mean of its first half, d ≥ 2 a cosine projection.</summary>
    public static float EncoderWeight(int i, int d) => d switch
    {
        0 => 1f / Hop16k,
        1 => i < Hop16k / 2 ? 2f / Hop16k : 0f,
        _ => MathF.Cos(0.01f * i * d) / Hop16k,
    };

    /// <summary>Encoder: [1, 1, n] → Reshape [1, n/320, 320] → MatMul W [320, D] → [1, n/320, D].</summary>
    public static byte[] Encoder(int dimensions, string inputName = "source", string outputName = "feats")
    {
        var w = new float[Hop16k * dimensions];
        for (var i = 0; i < Hop16k; i++)
            for (var d = 0; d < dimensions; d++) w[(i * dimensions) + d] = EncoderWeight(i, d);
        return new OnnxGraphBuilder("test-encoder")
            .Input(inputName, 1, 1, "n")
            .Int64Initializer("frames", [1, -1, Hop16k], 3)
            .Initializer("w", w, Hop16k, dimensions)
            .Node("Reshape", [inputName, "frames"], ["framed"])
            .Node("MatMul", ["framed", "w"], [outputName])
            .Output(outputName, 1, "e", dimensions)
            .ToBytes();
    }

    /// <summary>The coefficients of <see cref="Generator"/>'s formula.</summary>
    public sealed record Formula(float[] Phone, float PitchHz = 0, float Pitch = 0, float Speaker = 0, float Noise = 0, float[]? PitchHzKernel = null);

    /// <summary>
    /// Generator: every one of the <paramref name="hop"/> samples of frame t is
    /// phone[t]·Phone + PitchHz·pitchf[t] + Pitch·pitch[t] + Speaker·ds + Noise·rnd[0, t]
    /// (+ Σ_j kernel[j]·pitchf[t + j - r] when a temporal kernel of length 2r + 1 is given, zero outside the input).
    /// </summary>
    public static byte[] Generator(Formula f, int hop, string noiseName = "rnd", int noiseChannels = 192, TensorElementType pitchType = TensorElementType.Int64, bool withSpeaker = true)
    {
        var d = f.Phone.Length;
        var b = new OnnxGraphBuilder("test-generator")
            .Input("phone", 1, "t", d)
            .Input("phone_lengths", TensorElementType.Int64, 1)
            .Input("pitch", pitchType, 1, "t")
            .Input("pitchf", 1, "t");
        if (withSpeaker) b.Input("ds", TensorElementType.Int64, 1);
        b.Input(noiseName, 1, noiseChannels, "t")
            .Initializer("wp", f.Phone, d, 1)
            .Initializer("a", [f.PitchHz])
            .Initializer("b", [f.Pitch])
            .Initializer("c", [f.Speaker])
            .Initializer("e", [f.Noise])
            .Int64Initializer("column", [1, -1, 1], 3)
            .Int64Initializer("row", [1, 1, -1], 3)
            .Int64Initializer("spread", [1, 1, hop], 3)
            .Int64Initializer("zero", [0], 1)
            .Int64Initializer("one", [1], 1)
            .Node("MatMul", ["phone", "wp"], ["p"])
            .Node("Reshape", ["pitchf", "column"], ["pfc"])
            .Node("Mul", ["pfc", "a"], ["pa"])
            .Node(pitchType == TensorElementType.Int64 ? "Cast" : "Identity", ["pitch"], ["pitchFloat"], pitchType == TensorElementType.Int64 ? [OnnxAttributeValue.Int("to", 1)] : [])
            .Node("Reshape", ["pitchFloat", "column"], ["pc"])
            .Node("Mul", ["pc", "b"], ["pb"])
            .Node("Slice", [noiseName, "zero", "one", "one"], ["n0"])
            .Node("Transpose", ["n0"], ["n0t"], OnnxAttributeValue.Ints("perm", 0, 2, 1))
            .Node("Mul", ["n0t", "e"], ["pn"]);
        var terms = new List<string> { "p", "pa", "pb", "pn" };
        if (withSpeaker)
        {
            b.Node("Cast", ["ds"], ["dsFloat"], OnnxAttributeValue.Int("to", 1))
                .Node("Mul", ["dsFloat", "c"], ["pd"]);
            terms.Add("pd");
        }
        if (f.PitchHzKernel is { } kernel)
        {
            var r = kernel.Length / 2;
            b.Initializer("k", kernel, 1, 1, kernel.Length)
                .Node("Reshape", ["pitchf", "row"], ["pfr"])
                .Node("Conv", ["pfr", "k"], ["conv"], OnnxAttributeValue.Ints("pads", r, r))
                .Node("Transpose", ["conv"], ["convt"], OnnxAttributeValue.Ints("perm", 0, 2, 1));
            terms.Add("convt");
        }
        return b.Node("Sum", [.. terms], ["y"])
            .Node("Expand", ["y", "spread"], ["spreadY"])
            .Node("Reshape", ["spreadY", "row"], ["audio"])
            .Output("audio", 1, 1, "samples")
            .ToBytes();
    }

    /// <summary>The encoder's features for a 16 kHz signal, computed here: [contentFrames, D].</summary>
    public static float[] ExpectedFeatures(ReadOnlySpan<float> x16k, int dimensions)
    {
        var frames = (x16k.Length + Hop16k - 1) / Hop16k;
        var result = new float[frames * dimensions];
        for (var e = 0; e < frames; e++)
        {
            for (var d = 0; d < dimensions; d++)
            {
                double sum = 0;
                for (var i = 0; i < Hop16k; i++)
                {
                    var at = (e * Hop16k) + i;
                    if (at < x16k.Length) sum += x16k[at] * EncoderWeight(i, d);
                }
                result[(e * dimensions) + d] = (float)sum;
            }
        }
        return result;
    }
}
