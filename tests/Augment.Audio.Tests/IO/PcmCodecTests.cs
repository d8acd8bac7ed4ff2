using CsCheck;

namespace Augment.Audio.Tests.IO;

/// <summary>The fast float-arithmetic encoders against the scalar double-precision reference rule.</summary>
public class PcmCodecTests
{
    private static readonly Gen<float> Samples = Gen.OneOf(
        Gen.Float[-1.2f, 1.2f],
        Gen.Int[-40000, 40000].Select(i => i / 32768f + 0.5f / 32768f),
        Gen.Int[-9000000, 9000000].Select(i => i / 8388608f + 0.5f / 8388608f),
        Gen.Const(float.NaN), Gen.Const(float.PositiveInfinity), Gen.Const(float.NegativeInfinity));

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 1)]
    [InlineData(WavSampleFormat.Pcm16, 3)]
    [InlineData(WavSampleFormat.Pcm24, 2)]
    public void Fast_encoder_equals_the_reference_rounding_and_clamping(WavSampleFormat format, int channels)
    {
        var (scale, min, max, size) = format == WavSampleFormat.Pcm16 ? (32768.0, -32768L, 32767L, 2) : (8388608.0, -8388608L, 8388607L, 3);
        Samples.Array[channels * 1, channels * 300].Where(a => a.Length % channels == 0).Sample(planes =>
        {
            var frames = planes.Length / channels;
            var fast = new byte[planes.Length * size];
            PcmCodec.EncodeUndithered(planes, frames, 0, channels, frames, format, fast);
            for (var c = 0; c < channels; c++)
            {
                for (var i = 0; i < frames; i++)
                {
                    var expected = PcmCodec.Quantize(planes[c * frames + i], scale, min, max, null);
                    var at = (i * channels + c) * size;
                    long actual = size == 2 ? BitConverter.ToInt16(fast, at) : (fast[at] | fast[at + 1] << 8 | (sbyte)fast[at + 2] << 16);
                    if (actual != expected) throw new InvalidOperationException($"sample {planes[c * frames + i]:R}: fast {actual}, reference {expected}");
                }
            }
        }, iter: 300);
    }
}
