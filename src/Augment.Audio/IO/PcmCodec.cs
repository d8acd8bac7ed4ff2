using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Audio;

/// <summary>
/// Interleaved little-endian WAV samples &lt;-&gt; planar float32. Scales follow ffmpeg's conversions so
/// that results compare exactly: integers divide by 2^(bits-1) (8-bit is offset by 128 first), and
/// floats convert by rounding to nearest-even, clamping and mapping NaN to 0.
/// </summary>
internal static class PcmCodec
{
    private const float Inv128 = 1f / 128f;
    private const float Inv32768 = 1f / 32768f;
    private const float Inv8388608 = 1f / 8388608f;
    private const double Inv2Pow31 = 1.0 / 2147483648.0;

    /// <summary>Decodes <paramref name="frames"/> interleaved frames into planes of stride <paramref name="stride"/> starting at <paramref name="offset"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> source, WavSampleFormat format, int channels, int frames, Span<float> planes, int stride, int offset)
    {
        var samples = frames * channels;
        if (source.Length < samples * format.BytesPerSample())
            throw new ArgumentException("Source shorter than the frames to decode.", nameof(source));
        if ((long)(channels - 1) * stride + offset + frames > planes.Length)
            throw new ArgumentException("Planes shorter than the frames to decode.", nameof(planes));
        switch (format)
        {
            case WavSampleFormat.Pcm8:
                for (var c = 0; c < channels; c++)
                {
                    var plane = planes.Slice(c * stride + offset, frames);
                    for (int i = 0, s = c; i < plane.Length; i++, s += channels)
                        plane[i] = (source[s] - 128) * Inv128;
                }
                break;
            case WavSampleFormat.Pcm16:
                {
                    var src = MemoryMarshal.Cast<byte, short>(source[..(samples * 2)]);
                    for (var c = 0; c < channels; c++)
                    {
                        var plane = planes.Slice(c * stride + offset, frames);
                        for (int i = 0, s = c; i < plane.Length; i++, s += channels)
                            plane[i] = LittleEndian(src[s]) * Inv32768;
                    }
                    break;
                }
            case WavSampleFormat.Pcm24:
                for (var c = 0; c < channels; c++)
                {
                    var plane = planes.Slice(c * stride + offset, frames);
                    for (int i = 0, b = c * 3, step = channels * 3; i < plane.Length; i++, b += step)
                    {
                        // Assemble the 24 bits in the top of an int so that the sign comes for free.
                        var v = (source[b] << 8) | (source[b + 1] << 16) | (source[b + 2] << 24);
                        plane[i] = (v >> 8) * Inv8388608;
                    }
                }
                break;
            case WavSampleFormat.Pcm32:
                {
                    var src = MemoryMarshal.Cast<byte, int>(source[..(samples * 4)]);
                    for (var c = 0; c < channels; c++)
                    {
                        var plane = planes.Slice(c * stride + offset, frames);
                        for (int i = 0, s = c; i < plane.Length; i++, s += channels)
                            plane[i] = (float)(LittleEndian(src[s]) * Inv2Pow31);
                    }
                    break;
                }
            case WavSampleFormat.IeeeFloat32:
                {
                    var src = MemoryMarshal.Cast<byte, float>(source[..(samples * 4)]);
                    if (channels == 1 && BitConverter.IsLittleEndian)
                    {
                        src.CopyTo(planes.Slice(offset, frames));
                        break;
                    }
                    for (var c = 0; c < channels; c++)
                    {
                        var plane = planes.Slice(c * stride + offset, frames);
                        for (int i = 0, s = c; i < plane.Length; i++, s += channels)
                            plane[i] = BitConverter.IsLittleEndian ? src[s] : BinaryPrimitives.ReadSingleLittleEndian(source[(s * 4)..]);
                    }
                    break;
                }
            case WavSampleFormat.IeeeFloat64:
                for (var c = 0; c < channels; c++)
                {
                    var plane = planes.Slice(c * stride + offset, frames);
                    for (int i = 0, s = c; i < plane.Length; i++, s += channels)
                        plane[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(s * 8)..]);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format.");
        }
    }

    /// <summary>
    /// Encodes <paramref name="frames"/> frames from planes of stride <paramref name="stride"/> into
    /// interleaved bytes. <paramref name="dither"/>, when given, adds TPDF noise of ±1 LSB to integer formats.
    /// </summary>
    public static void Encode(ReadOnlySpan<float> planes, int stride, int offset, int channels, int frames, WavSampleFormat format, Span<byte> destination, TpdfDither? dither)
    {
        var size = format.BytesPerSample();
        if (destination.Length < frames * channels * size)
            throw new ArgumentException("Destination shorter than the frames to encode.", nameof(destination));
        if ((long)(channels - 1) * stride + offset + frames > planes.Length)
            throw new ArgumentException("Planes shorter than the frames to encode.", nameof(planes));
        if (format == WavSampleFormat.IeeeFloat32 && channels == 1 && BitConverter.IsLittleEndian)
        {
            // Mono float is the file layout already: one copy.
            MemoryMarshal.AsBytes(planes.Slice(offset, frames)).CopyTo(destination);
            return;
        }
        if (dither is null && format is WavSampleFormat.Pcm16 or WavSampleFormat.Pcm24)
        {
            EncodeUndithered(planes, stride, offset, channels, frames, format, destination);
            return;
        }
        for (var c = 0; c < channels; c++)
        {
            var plane = planes.Slice(c * stride + offset, frames);
            var step = channels * size;
            var b = c * size;
            switch (format)
            {
                case WavSampleFormat.Pcm8:
                    for (var i = 0; i < plane.Length; i++, b += step)
                        destination[b] = (byte)(Quantize(plane[i], 128.0, -128, 127, dither) + 128);
                    break;
                case WavSampleFormat.Pcm16:
                    for (var i = 0; i < plane.Length; i++, b += step)
                        BinaryPrimitives.WriteInt16LittleEndian(destination[b..], (short)Quantize(plane[i], 32768.0, short.MinValue, short.MaxValue, dither));
                    break;
                case WavSampleFormat.Pcm24:
                    for (var i = 0; i < plane.Length; i++, b += step)
                    {
                        var v = Quantize(plane[i], 8388608.0, -8388608, 8388607, dither);
                        destination[b] = (byte)v;
                        destination[b + 1] = (byte)(v >> 8);
                        destination[b + 2] = (byte)(v >> 16);
                    }
                    break;
                case WavSampleFormat.Pcm32:
                    for (var i = 0; i < plane.Length; i++, b += step)
                        BinaryPrimitives.WriteInt32LittleEndian(destination[b..], (int)Quantize(plane[i], 2147483648.0, int.MinValue, int.MaxValue, dither));
                    break;
                case WavSampleFormat.IeeeFloat32:
                    for (var i = 0; i < plane.Length; i++, b += step)
                        BinaryPrimitives.WriteSingleLittleEndian(destination[b..], plane[i]);
                    break;
                case WavSampleFormat.IeeeFloat64:
                    for (var i = 0; i < plane.Length; i++, b += step)
                        BinaryPrimitives.WriteDoubleLittleEndian(destination[b..], plane[i]);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format.");
            }
        }
    }

    /// <summary>
    /// The common undithered 16/24-bit paths in float arithmetic: scaling by 2^15 or 2^23 is exact in
    /// float, and MathF.Round rounds half to even, so the result equals <see cref="Quantize"/>'s (the test
    /// compares them on random data).
    /// </summary>
    internal static void EncodeUndithered(ReadOnlySpan<float> planes, int stride, int offset, int channels, int frames, WavSampleFormat format, Span<byte> destination)
    {
        if (format == WavSampleFormat.Pcm16 && BitConverter.IsLittleEndian)
        {
            var dst = MemoryMarshal.Cast<byte, short>(destination[..(frames * channels * 2)]);
            for (var c = 0; c < channels; c++)
            {
                var plane = planes.Slice(c * stride + offset, frames);
                for (int i = 0, d = c; i < plane.Length; i++, d += channels)
                    dst[d] = ToInt16(plane[i]);
            }
            return;
        }
        for (var c = 0; c < channels; c++)
        {
            var plane = planes.Slice(c * stride + offset, frames);
            var step = channels * (format == WavSampleFormat.Pcm16 ? 2 : 3);
            for (int i = 0, b = c * (step / channels); i < plane.Length; i++, b += step)
            {
                if (format == WavSampleFormat.Pcm16)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(destination[b..], ToInt16(plane[i]));
                    continue;
                }
                var x = plane[i];
                var v = MathF.Round(x * 8388608f);
                var q = float.IsNaN(x) ? 0 : v >= 8388607f ? 8388607 : v <= -8388608f ? -8388608 : (int)v;
                destination[b] = (byte)q;
                destination[b + 1] = (byte)(q >> 8);
                destination[b + 2] = (byte)(q >> 16);
            }
        }
    }

    private static short ToInt16(float x)
    {
        var v = MathF.Round(x * 32768f);
        return float.IsNaN(x) ? (short)0 : v >= 32767f ? short.MaxValue : v <= -32768f ? short.MinValue : (short)v;
    }

    /// <summary>Scales, optionally dithers, rounds to nearest-even and clamps; NaN becomes 0 (as ffmpeg's lrintf + clip).</summary>
    internal static long Quantize(float sample, double scale, long min, long max, TpdfDither? dither)
    {
        if (float.IsNaN(sample)) return 0;
        var v = sample * scale;
        if (dither is not null) v += dither.Next();
        v = Math.Round(v, MidpointRounding.ToEven);
        return v <= min ? min : v >= max ? max : (long)v;
    }

    private static short LittleEndian(short v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);

    private static int LittleEndian(int v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
}
