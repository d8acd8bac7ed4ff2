namespace Augment.Splat;

/// <summary>
/// SPZ's quantisation (Niantic spz, <c>load-spz.cc</c> and the format spec): packs a <see cref="GaussianCloud"/> into
/// <see cref="SpzPacked"/> byte blocks and back. Per splat: positions as signed 24-bit fixed point with
/// <c>fractionalBits</c>; alpha = sigmoid(opacity) x 255; colour = DC x (0.15 x 255) + 127.5 (SPZ's colour scale,
/// not <see cref="GaussianCloud.ShC0"/>); scale = (ln s + 10) x 16; rotation xyz (v2) or smallest three (v3+);
/// SH rest as (x x 128 + 128) rounded to buckets of 8 (degree 1, 5 bits) or 16 (higher degrees, 4 bits).
/// Values are written in the cloud's own axes: like splat-transform, no coordinate conversion is applied.
/// </summary>
internal static class SpzQuantization
{
    /// <summary>SPZ's scale for the DC colour term.</summary>
    public const float ColorScale = 0.15f;

    /// <summary>Fractional bits of positions that splat-transform and Niantic's library write.</summary>
    public const int DefaultFractionalBits = 12;

    private const int RangeSize = 16384;
    private const float Sqrt1Over2 = 0.70710678118654752f;
    private const int MagnitudeMask = (1 << 9) - 1;

    /// <summary>The largest fractional bit count at or below <see cref="DefaultFractionalBits"/> that keeps every finite position inside 24 bits.</summary>
    public static int ChooseFractionalBits(GaussianCloud cloud)
    {
        var (min, max) = cloud.Bounds();
        var extent = MathF.Max(MathF.Max(MathF.Abs(min.X), MathF.Abs(max.X)), MathF.Max(MathF.Max(MathF.Abs(min.Y), MathF.Abs(max.Y)), MathF.Max(MathF.Abs(min.Z), MathF.Abs(max.Z))));
        if (!float.IsFinite(extent))
            return DefaultFractionalBits;
        var bits = DefaultFractionalBits;
        while (bits > 0 && extent * (1 << bits) > 8_388_607f)
            bits--;
        return bits;
    }

    /// <summary>Quantises <paramref name="cloud"/> (SH degree at most 3) for SPZ <paramref name="version"/>.</summary>
    public static SpzPacked Pack(GaussianCloud cloud, int version, int fractionalBits, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var packed = new SpzPacked(cloud.Count, cloud.ShDegree, fractionalBits, version, antialiased: false);
        var planes = cloud.Planes;
        var rest = cloud.ShRestCount;
        ForRanges(cloud.Count, budget, (start, end) => PackRange(planes, rest, packed, start, end), cancellationToken);
        return packed;
    }

    /// <summary>Decodes <paramref name="packed"/> into a new cloud.</summary>
    public static GaussianCloud Unpack(SpzPacked packed, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var cloud = GaussianCloud.Create(packed.Count, packed.ShDegree, budget: budget);
        var planes = cloud.Planes;
        var rest = cloud.ShRestCount;
        ForRanges(packed.Count, budget, (start, end) => UnpackRange(packed, planes, rest, start, end), cancellationToken);
        return cloud;
    }

    /// <summary>SPZ byte for SH coefficient <paramref name="value"/> with buckets of <paramref name="bucketSize"/> (1 for lossless 8 bits).</summary>
    public static byte QuantizeSh(float value, int bucketSize)
    {
        if (!float.IsFinite(value))
            return 128;
        var q = (int)MathF.Round(Math.Clamp(value, -2f, 2f) * 128f) + 128;
        q = (q + (bucketSize / 2)) / bucketSize * bucketSize;
        return (byte)Math.Clamp(q, 0, 255);
    }

    private static void ForRanges(int count, ComputeBudget budget, Action<int, int> body, CancellationToken cancellationToken)
    {
        var ranges = (count + RangeSize - 1) / RangeSize;
        if (ranges <= 1 || budget.MaxThreads == 1)
        {
            for (var r = 0; r < ranges; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                body(r * RangeSize, Math.Min(count, (r + 1) * RangeSize));
            }
            return;
        }
        Parallel.For(0, ranges, budget.ToParallelOptions(cancellationToken), r => body(r * RangeSize, Math.Min(count, (r + 1) * RangeSize)));
    }

    private static byte ToByte(float value)
    {
        // NaN maps to 0 rather than to an undefined conversion.
        if (!(value >= 0))
            return 0;
        return value >= 255 ? (byte)255 : (byte)MathF.Round(value);
    }

    // Attribute by attribute within a range: a handful of streams at a time instead of 60 planes per splat.
    private static void PackRange(float[][] planes, int rest, SpzPacked packed, int start, int end)
    {
        float scale = 1 << packed.FractionalBits;
        var positions = packed.Positions;
        for (var axis = 0; axis < 3; axis++)
        {
            var plane = planes[axis];
            for (var i = start; i < end; i++)
            {
                var v = plane[i];
                var fixedPoint = float.IsFinite(v) ? (int)Math.Clamp(MathF.Round(v * scale), -8_388_608f, 8_388_607f) : 0;
                var o = (i * 9) + (axis * 3);
                positions[o] = (byte)fixedPoint;
                positions[o + 1] = (byte)(fixedPoint >> 8);
                positions[o + 2] = (byte)(fixedPoint >> 16);
            }
        }
        var opacity = planes[10];
        var alphas = packed.Alphas;
        for (var i = start; i < end; i++)
            alphas[i] = ToByte(255f / (1f + MathF.Exp(-opacity[i])));
        for (var c = 0; c < 3; c++)
        {
            var dc = planes[11 + c];
            var logScale = planes[3 + c];
            var colors = packed.Colors;
            var scales = packed.Scales;
            for (var i = start; i < end; i++)
            {
                colors[(i * 3) + c] = ToByte((dc[i] * (ColorScale * 255f)) + 127.5f);
                scales[(i * 3) + c] = ToByte((logScale[i] + 10f) * 16f);
            }
        }
        float[] w = planes[6], x = planes[7], y = planes[8], z = planes[9];
        for (var i = start; i < end; i++)
            PackRotation(w[i], x[i], y[i], z[i], packed.Rotations, i, packed.Version);
        var sh = packed.Sh;
        var shStride = 3 * rest;
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < rest; k++)
            {
                // Degree-1 coefficients keep 5 bits, the rest 4 (splat-transform's and Niantic's defaults).
                var bucket = k < 3 ? 8 : 16;
                var plane = planes[14 + (c * rest) + k];
                var o = (k * 3) + c;
                for (var i = start; i < end; i++)
                    sh[(i * shStride) + o] = QuantizeSh(plane[i], bucket);
            }
        }
    }

    private static void PackRotation(float w, float x, float y, float z, byte[] rotations, int i, int version)
    {
        var length = MathF.Sqrt((w * w) + (x * x) + (y * y) + (z * z));
        if (!(length > 0) || !float.IsFinite(length))
            (w, x, y, z, length) = (1, 0, 0, 0, 1);
        w /= length;
        x /= length;
        y /= length;
        z /= length;
        if (version == 2)
        {
            // v2 stores xyz of the quaternion with w >= 0 and derives w on read.
            if (w < 0)
                (x, y, z) = (-x, -y, -z);
            rotations[i * 3] = ToByte((x * 127.5f) + 127.5f);
            rotations[(i * 3) + 1] = ToByte((y * 127.5f) + 127.5f);
            rotations[(i * 3) + 2] = ToByte((z * 127.5f) + 127.5f);
            return;
        }
        // Smallest three: 2 bits name the largest of (x, y, z, w); the other three are 9-bit magnitudes of
        // |q| / sqrt(1/2) plus a sign bit relative to the largest one (whose sign is dropped by negating q).
        Span<float> q = [x, y, z, w];
        var largest = 0;
        for (var j = 1; j < 4; j++)
        {
            if (MathF.Abs(q[j]) > MathF.Abs(q[largest]))
                largest = j;
        }
        var negate = q[largest] < 0;
        var packedBits = (uint)largest;
        for (var j = 0; j < 4; j++)
        {
            if (j == largest)
                continue;
            var negative = (q[j] < 0) ^ negate ? 1u : 0u;
            var magnitude = (uint)Math.Min(MagnitudeMask, (int)((MagnitudeMask * (MathF.Abs(q[j]) / Sqrt1Over2)) + 0.5f));
            packedBits = (packedBits << 10) | (negative << 9) | magnitude;
        }
        var o = i * 4;
        rotations[o] = (byte)packedBits;
        rotations[o + 1] = (byte)(packedBits >> 8);
        rotations[o + 2] = (byte)(packedBits >> 16);
        rotations[o + 3] = (byte)(packedBits >> 24);
    }

    private static void UnpackRange(SpzPacked packed, float[][] planes, int rest, int start, int end)
    {
        var positionScale = 1f / (1 << packed.FractionalBits);
        var positions = packed.Positions;
        for (var axis = 0; axis < 3; axis++)
        {
            var plane = planes[axis];
            for (var i = start; i < end; i++)
            {
                var o = (i * 9) + (axis * 3);
                // Sign-extend the 24-bit little-endian value by shifting it into the top of an int.
                var fixedPoint = ((positions[o] << 8) | (positions[o + 1] << 16) | (positions[o + 2] << 24)) >> 8;
                plane[i] = fixedPoint * positionScale;
            }
        }
        var opacity = planes[10];
        var alphas = packed.Alphas;
        for (var i = start; i < end; i++)
        {
            // Alpha 0 or 255 would give an infinite logit; clamp off the asymptotes as splat-transform does.
            var alpha = Math.Clamp(alphas[i] / 255f, 1e-6f, 1f - 1e-6f);
            opacity[i] = MathF.Log(alpha / (1f - alpha));
        }
        for (var c = 0; c < 3; c++)
        {
            var dc = planes[11 + c];
            var logScale = planes[3 + c];
            var colors = packed.Colors;
            var scales = packed.Scales;
            for (var i = start; i < end; i++)
            {
                dc[i] = ((colors[(i * 3) + c] / 255f) - 0.5f) / ColorScale;
                logScale[i] = (scales[(i * 3) + c] / 16f) - 10f;
            }
        }
        UnpackRotations(packed, planes, start, end);
        var sh = packed.Sh;
        var shStride = 3 * rest;
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < rest; k++)
            {
                var plane = planes[14 + (c * rest) + k];
                var o = (k * 3) + c;
                for (var i = start; i < end; i++)
                    plane[i] = (sh[(i * shStride) + o] - 128) / 128f;
            }
        }
    }

    private static void UnpackRotations(SpzPacked packed, float[][] planes, int start, int end)
    {
        var rotations = packed.Rotations;
        float[] pw = planes[6], px = planes[7], py = planes[8], pz = planes[9];
        if (packed.Version == 2)
        {
            for (var i = start; i < end; i++)
            {
                var x = (rotations[i * 3] / 127.5f) - 1f;
                var y = (rotations[(i * 3) + 1] / 127.5f) - 1f;
                var z = (rotations[(i * 3) + 2] / 127.5f) - 1f;
                pw[i] = MathF.Sqrt(MathF.Max(0f, 1f - ((x * x) + (y * y) + (z * z))));
                px[i] = x;
                py[i] = y;
                pz[i] = z;
            }
            return;
        }
        Span<float> q = stackalloc float[4];
        for (var i = start; i < end; i++)
        {
            var o = i * 4;
            var bits = (uint)(rotations[o] | (rotations[o + 1] << 8) | (rotations[o + 2] << 16) | (rotations[o + 3] << 24));
            var largest = (int)(bits >> 30);
            var sumSquares = 0f;
            for (var j = 3; j >= 0; j--)
            {
                if (j == largest)
                    continue;
                var value = Sqrt1Over2 * (bits & MagnitudeMask) / MagnitudeMask;
                if (((bits >> 9) & 1) != 0)
                    value = -value;
                bits >>= 10;
                q[j] = value;
                sumSquares += value * value;
            }
            q[largest] = MathF.Sqrt(MathF.Max(0f, 1f - sumSquares));
            pw[i] = q[3];
            px[i] = q[0];
            py[i] = q[1];
            pz[i] = q[2];
        }
    }
}
