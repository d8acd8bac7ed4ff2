namespace Augment.Splat;

/// <summary>
/// The bit packing of PlayCanvas' compressed PLY (as splat-transform 3.7.0 writes and reads it): per 256-splat chunk,
/// positions and log-scales are normalised to the chunk's min/max and packed 11-10-11 bits into a uint32; colour
/// (0.5 + C0 x DC, normalised to the chunk range) and alpha 8-8-8-8; rotations as the three smallest components of
/// the unit quaternion, 10 bits each, scaled by sqrt(2), with the index of the dropped largest one in the top 2 bits.
/// </summary>
internal static class CompressedPlyPacking
{
    /// <summary>Splats per chunk.</summary>
    public const int ChunkSize = 256;

    /// <summary>Floats per chunk row: min/max of position, scale and colour.</summary>
    public const int ChunkFloats = 18;

    /// <summary>Bytes per f_rest value: the coefficient maps to [-4, 4] in 256 steps.</summary>
    public const float ShRange = 8;

    /// <summary>Largest-three quaternion components lie in [-1/sqrt2, 1/sqrt2]; scaling by sqrt(0.5) maps them to [-0.5, 0.5].</summary>
    private const float RotationNorm = 0.70710678118654752f;

    /// <summary>Rounds a [0, 1] value to a <paramref name="bits"/>-bit integer (splat-transform's packUnorm; non-finite gives 0).</summary>
    public static uint PackUnorm(float value, int bits)
    {
        var top = (1 << bits) - 1;
        var scaled = MathF.Floor((value * top) + 0.5f);
        if (!(scaled > 0))
            return 0;
        return scaled >= top ? (uint)top : (uint)scaled;
    }

    /// <summary>Maps <paramref name="bits"/> low bits back to [0, 1].</summary>
    public static float UnpackUnorm(uint value, int bits)
    {
        var top = (1u << bits) - 1;
        return (value & top) / (float)top;
    }

    /// <summary>Normalises <paramref name="x"/> to [0, 1] over [min, max]; tiny ranges give 0 as in splat-transform.</summary>
    public static float Normalise(float x, float min, float max)
    {
        if (x <= min)
            return 0;
        if (x >= max)
            return 1;
        return max - min < 0.00001f ? 0 : (x - min) / (max - min);
    }

    /// <summary>Packs three [0, 1] values into 11, 10 and 11 bits.</summary>
    public static uint Pack111011(float x, float y, float z) => (PackUnorm(x, 11) << 21) | (PackUnorm(y, 10) << 11) | PackUnorm(z, 11);

    /// <summary>Packs four [0, 1] values into 8 bits each, x in the top byte.</summary>
    public static uint Pack8888(float x, float y, float z, float w) => (PackUnorm(x, 8) << 24) | (PackUnorm(y, 8) << 16) | (PackUnorm(z, 8) << 8) | PackUnorm(w, 8);

    /// <summary>Linear interpolation as the reader does it.</summary>
    public static float Lerp(float a, float b, float t) => (a * (1 - t)) + (b * t);

    /// <summary>
    /// Packs a quaternion given in PLY order (rot_0 = w, rot_1..3 = x, y, z). It is normalised first (a zero or
    /// non-finite quaternion becomes the identity); the largest component is made positive and dropped.
    /// </summary>
    public static uint PackRotation(float w, float x, float y, float z)
    {
        Span<float> q = stackalloc float[4];
        var largest = SmallestThree.Normalize(w, x, y, z, q);
        var sign = q[largest] < 0 ? -1f : 1f;
        var result = (uint)largest;
        for (var i = 0; i < 4; i++)
        {
            if (i != largest)
                result = (result << 10) | PackUnorm((sign * q[i] * RotationNorm) + 0.5f, 10);
        }
        return result;
    }

    /// <summary>Unpacks a rotation into (rot_0, rot_1, rot_2, rot_3) = (w, x, y, z).</summary>
    public static void UnpackRotation(uint packed, Span<float> wxyz)
    {
        var a = (UnpackUnorm(packed >> 20, 10) - 0.5f) / RotationNorm;
        var b = (UnpackUnorm(packed >> 10, 10) - 0.5f) / RotationNorm;
        var c = (UnpackUnorm(packed, 10) - 0.5f) / RotationNorm;
        var m = MathF.Sqrt(MathF.Max(0, 1 - ((a * a) + (b * b) + (c * c))));
        switch (packed >> 30)
        {
            case 0: (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (m, a, b, c); break;
            case 1: (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (a, m, b, c); break;
            case 2: (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (a, b, m, c); break;
            default: (wxyz[0], wxyz[1], wxyz[2], wxyz[3]) = (a, b, c, m); break;
        }
    }

    /// <summary>An f_rest coefficient as a byte: trunc((v / 8 + 0.5) x 256), clamped (non-finite gives 0).</summary>
    public static byte PackSh(float value)
    {
        var scaled = MathF.Truncate(((value / ShRange) + 0.5f) * 256);
        if (!(scaled > 0))
            return 0;
        return scaled >= 255 ? (byte)255 : (byte)scaled;
    }

    /// <summary>A byte back to the coefficient: the centre of its step, with 0 and 255 pinned to the range ends.</summary>
    public static float UnpackSh(byte value)
    {
        var normalised = value switch
        {
            0 => 0f,
            255 => 1f,
            _ => (value + 0.5f) / 256,
        };
        return (normalised - 0.5f) * ShRange;
    }

    /// <summary>
    /// Opacity logit from an 8-bit alpha. Alpha 0 and 255 would be infinite logits; they are held to
    /// alpha in [1e-6, 1 - 1e-6] (logit about +-13.8) as PlayCanvas' SOG reader does.
    /// </summary>
    public static float AlphaToLogit(float alpha)
    {
        var a = Math.Clamp(alpha, 1e-6f, 1 - 1e-6f);
        return MathF.Log(a / (1 - a));
    }

    /// <summary>The logistic sigmoid.</summary>
    public static float Sigmoid(float logit) => 1 / (1 + MathF.Exp(-logit));
}
