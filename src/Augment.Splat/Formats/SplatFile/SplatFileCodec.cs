using System.Buffers;
using System.Buffers.Binary;

namespace Augment.Splat;

/// <summary>
/// antimatter15's <c>.splat</c>: no header, 32 bytes a splat, little endian: position f32 x3, linear scale f32 x3,
/// colour RGBA u8 (RGB = 0.5 + <see cref="GaussianCloud.ShC0"/> x DC, A = sigmoid(opacity)), rotation u8 x4
/// (w first, byte = q x 128 + 128). Degree-0 colour only; the rest SH and extras are dropped on write.
/// Having no magic number, it is the loader's last resort (length a multiple of 32, plausible first splat).
/// </summary>
internal sealed class SplatFileCodec : ISplatCodec
{
    /// <summary>Bytes per splat.</summary>
    public const int RowBytes = 32;

    private const int BlockRows = 1 << 15;

    // Alpha bytes 0 and 255 would give infinite logits; these bounds still round back to 0 and 255.
    private const float MinAlpha = 0.25f / 255f;
    private const float MaxAlpha = 254.75f / 255f;

    /// <inheritdoc/>
    public SplatFormat Format => SplatFormat.Splat;

    /// <inheritdoc/>
    public bool CanWrite => true;

    /// <summary>
    /// Plausibility only (the format has no magic): at least one whole splat whose position and scale are finite
    /// and whose scales are not negative. The loader also requires the length to be a multiple of 32.
    /// </summary>
    public bool Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length < RowBytes)
            return false;
        for (var i = 0; i < 6; i++)
        {
            var v = BinaryPrimitives.ReadSingleLittleEndian(head[(4 * i)..]);
            if (!float.IsFinite(v) || (i >= 3 && v < 0))
                return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public GaussianCloud Read(Stream stream, string source, SplatReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        if (!stream.CanSeek)
        {
            // The count comes from the length; copy a bounded amount into memory to learn it.
            using var copy = new MemoryStream();
            var limit = (long)options.MaxSplats * RowBytes;
            var chunk = new byte[1 << 16];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (copy.Length + read > limit)
                    throw new InvalidMediaException(source, copy.Length, $"the stream holds more than {options.MaxSplats:N0} splats (SplatReadOptions.MaxSplats)");
                copy.Write(chunk, 0, read);
            }
            copy.Position = 0;
            return Read(copy, source, options, cancellationToken);
        }
        var length = stream.Length - stream.Position;
        if (length % RowBytes != 0)
            throw new InvalidMediaException(source, length - (length % RowBytes), $"a .splat file is a whole number of 32-byte splats; {length % RowBytes} bytes are left over");
        var count = length / RowBytes;
        if (count > options.MaxSplats)
            throw new InvalidMediaException(source, 0, $"the file holds {count:N0} splats, more than the limit of {options.MaxSplats:N0} (SplatReadOptions.MaxSplats)");
        var cloud = GaussianCloud.Create((int)count, 0, null, options.Budget);
        var block = ArrayPool<byte>.Shared.Rent(BlockRows * RowBytes);
        try
        {
            for (var start = 0; start < cloud.Count; start += BlockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BlockRows, cloud.Count - start);
                var bytes = block.AsSpan(0, rows * RowBytes);
                var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                if (got < bytes.Length)
                    throw new InvalidMediaException(source, ((long)start * RowBytes) + got, "the file ended early (it shrank while being read)");
                Decode(bytes, cloud, start);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
        return cloud;
    }

    /// <summary>Decodes whole rows into splats <paramref name="start"/>.. of <paramref name="cloud"/>.</summary>
    internal static void Decode(ReadOnlySpan<byte> rows, GaussianCloud cloud, int start)
    {
        Span<float> x = cloud.X, y = cloud.Y, z = cloud.Z, sx = cloud.ScaleX, sy = cloud.ScaleY, sz = cloud.ScaleZ;
        Span<float> qw = cloud.RotationW, qx = cloud.RotationX, qy = cloud.RotationY, qz = cloud.RotationZ, opacity = cloud.Opacity;
        Span<float> r = cloud.ShDc(0), g = cloud.ShDc(1), b = cloud.ShDc(2);
        var n = rows.Length / RowBytes;
        for (var k = 0; k < n; k++)
        {
            var row = rows.Slice(k * RowBytes, RowBytes);
            var i = start + k;
            x[i] = BinaryPrimitives.ReadSingleLittleEndian(row);
            y[i] = BinaryPrimitives.ReadSingleLittleEndian(row[4..]);
            z[i] = BinaryPrimitives.ReadSingleLittleEndian(row[8..]);
            sx[i] = MathF.Log(BinaryPrimitives.ReadSingleLittleEndian(row[12..]));
            sy[i] = MathF.Log(BinaryPrimitives.ReadSingleLittleEndian(row[16..]));
            sz[i] = MathF.Log(BinaryPrimitives.ReadSingleLittleEndian(row[20..]));
            r[i] = ((row[24] / 255f) - 0.5f) / GaussianCloud.ShC0;
            g[i] = ((row[25] / 255f) - 0.5f) / GaussianCloud.ShC0;
            b[i] = ((row[26] / 255f) - 0.5f) / GaussianCloud.ShC0;
            var alpha = Math.Clamp(row[27] / 255f, MinAlpha, MaxAlpha);
            opacity[i] = MathF.Log(alpha / (1 - alpha));
            float w = (row[28] - 128) / 128f, ix = (row[29] - 128) / 128f, iy = (row[30] - 128) / 128f, iz = (row[31] - 128) / 128f;
            var length = MathF.Sqrt((w * w) + (ix * ix) + (iy * iy) + (iz * iz));
            if (length > 0)
                (qw[i], qx[i], qy[i], qz[i]) = (w / length, ix / length, iy / length, iz / length);
            else
                (qw[i], qx[i], qy[i], qz[i]) = (1, 0, 0, 0);
        }
    }

    /// <inheritdoc/>
    public void Write(GaussianCloud cloud, Stream stream, SplatWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(stream);
        var block = ArrayPool<byte>.Shared.Rent(BlockRows * RowBytes);
        try
        {
            for (var start = 0; start < cloud.Count; start += BlockRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Math.Min(BlockRows, cloud.Count - start);
                var bytes = block.AsSpan(0, rows * RowBytes);
                Encode(cloud, start, bytes);
                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Encodes splats <paramref name="start"/>.. into whole rows.</summary>
    internal static void Encode(GaussianCloud cloud, int start, Span<byte> rows)
    {
        var n = rows.Length / RowBytes;
        for (var k = 0; k < n; k++)
        {
            var row = rows.Slice(k * RowBytes, RowBytes);
            var i = start + k;
            BinaryPrimitives.WriteSingleLittleEndian(row, cloud.X[i]);
            BinaryPrimitives.WriteSingleLittleEndian(row[4..], cloud.Y[i]);
            BinaryPrimitives.WriteSingleLittleEndian(row[8..], cloud.Z[i]);
            BinaryPrimitives.WriteSingleLittleEndian(row[12..], MathF.Exp(cloud.ScaleX[i]));
            BinaryPrimitives.WriteSingleLittleEndian(row[16..], MathF.Exp(cloud.ScaleY[i]));
            BinaryPrimitives.WriteSingleLittleEndian(row[20..], MathF.Exp(cloud.ScaleZ[i]));
            for (var c = 0; c < 3; c++)
                row[24 + c] = ToByte(((0.5f + (GaussianCloud.ShC0 * cloud.ShDc(c)[i])) * 255f));
            row[27] = ToByte(255f / (1 + MathF.Exp(-cloud.Opacity[i])));
            float w = cloud.RotationW[i], x = cloud.RotationX[i], y = cloud.RotationY[i], z = cloud.RotationZ[i];
            var length = MathF.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
            if (!(length > 0) || !float.IsFinite(length))
                (w, x, y, z, length) = (1, 0, 0, 0, 1);
            row[28] = ToByte((w / length * 128f) + 128f);
            row[29] = ToByte((x / length * 128f) + 128f);
            row[30] = ToByte((y / length * 128f) + 128f);
            row[31] = ToByte((z / length * 128f) + 128f);
        }
    }

    /// <summary>Rounds to the nearest byte, clamping (NaN becomes 0).</summary>
    private static byte ToByte(float value) => value >= 255f ? (byte)255 : value > 0 ? (byte)(value + 0.5f) : (byte)0;
}
