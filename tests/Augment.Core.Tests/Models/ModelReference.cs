namespace Augment.Core.Tests.Models;

/// <summary>
/// Independent scalar implementations of the tiny test models (the oracles), random data, and the
/// models themselves built with <see cref="OnnxGraphBuilder"/>.
/// </summary>
internal static class ModelReference
{
    public static float[] RandomFloats(int count, int seed, float min = -1f, float max = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = min + (float)random.NextDouble() * (max - min);
        return values;
    }

    public static ImageFrame RandomFrame(int width, int height, int channels, int seed)
    {
        var frame = ImageFrame.Create(width, height, channels);
        RandomFloats(frame.Data.Length, seed, 0f, 1f).CopyTo(frame.Data);
        return frame;
    }

    public static AudioBuffer RandomSound(int channels, int frames, int seed, int sampleRate = 48000)
    {
        var buffer = AudioBuffer.Create(channels, frames, sampleRate);
        RandomFloats(buffer.Data.Length, seed).CopyTo(buffer.Data);
        return buffer;
    }

    /// <summary>3x3 convolution with zero padding 1; weights [out, in, 3, 3], planar CHW data.</summary>
    public static float[] Conv3x3(ReadOnlySpan<float> input, int inChannels, int height, int width, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outChannels)
    {
        var output = new float[outChannels * height * width];
        for (var o = 0; o < outChannels; o++)
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            double sum = bias.IsEmpty ? 0 : bias[o];
            for (var i = 0; i < inChannels; i++)
            for (var ky = 0; ky < 3; ky++)
            for (var kx = 0; kx < 3; kx++)
            {
                var sy = y + ky - 1;
                var sx = x + kx - 1;
                if (sy < 0 || sy >= height || sx < 0 || sx >= width) continue;
                sum += weights[((o * inChannels + i) * 3 + ky) * 3 + kx] * input[(i * height + sy) * width + sx];
            }
            output[(o * height + y) * width + x] = (float)sum;
        }
        return output;
    }

    /// <summary>DepthToSpace, block 2, CRD: out[c, 2y+i, 2x+j] = in[c*4 + i*2 + j, y, x].</summary>
    public static float[] DepthToSpaceCrd(ReadOnlySpan<float> input, int channels, int height, int width)
    {
        var output = new float[channels * height * 2 * width * 2];
        for (var c = 0; c < channels; c++)
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 2; j++)
            output[(c * height * 2 + y * 2 + i) * width * 2 + x * 2 + j] = input[((c * 4 + i * 2 + j) * height + y) * width + x];
        return output;
    }

    /// <summary>1-D convolution with zero padding k/2; weights [out, in, k], planar [channels, frames].</summary>
    public static float[] Conv1d(ReadOnlySpan<float> input, int inChannels, int frames, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, int outChannels, int kernel)
    {
        var output = new float[outChannels * frames];
        var half = kernel / 2;
        for (var o = 0; o < outChannels; o++)
        for (var n = 0; n < frames; n++)
        {
            double sum = bias.IsEmpty ? 0 : bias[o];
            for (var i = 0; i < inChannels; i++)
            for (var k = 0; k < kernel; k++)
            {
                var s = n + k - half;
                if (s < 0 || s >= frames) continue;
                sum += weights[(o * inChannels + i) * kernel + k] * input[i * frames + s];
            }
            output[o * frames + n] = (float)sum;
        }
        return output;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>A mixing 3x3 convolution (in → out channels) with random weights and bias.</summary>
    public sealed record ConvModel(int InChannels, int OutChannels, float[] Weights, float[] Bias)
    {
        public static ConvModel Random(int inChannels, int outChannels, int seed) =>
            new(inChannels, outChannels, RandomFloats(outChannels * inChannels * 9, seed, -0.5f, 0.5f), RandomFloats(outChannels, seed + 1, -0.1f, 0.1f));

        public byte[] Build(int? fixedSize = null) => OnnxGraphBuilder.Conv3x3(InChannels, OutChannels, Weights, Bias, fixedSize).ToBytes();

        public float[] Apply(ImageFrame frame) => Conv3x3(frame.Data, InChannels, frame.Height, frame.Width, Weights, Bias, OutChannels);
    }

    /// <summary>An ESPCN-style x2 upscaler: conv 3x3 to 4C, DepthToSpace CRD.</summary>
    public sealed record PixelShuffleModel(int Channels, float[] Weights, float[] Bias)
    {
        public static PixelShuffleModel Random(int channels, int seed) =>
            new(channels, RandomFloats(channels * 4 * channels * 9, seed, -0.5f, 0.5f), RandomFloats(channels * 4, seed + 1, -0.1f, 0.1f));

        public byte[] Build() => OnnxGraphBuilder.PixelShuffleUpscaler(Channels, Weights, Bias).ToBytes();

        public float[] Apply(ImageFrame frame) =>
            DepthToSpaceCrd(Conv3x3(frame.Data, Channels, frame.Height, frame.Width, Weights, Bias, Channels * 4), Channels, frame.Height, frame.Width);
    }
}
