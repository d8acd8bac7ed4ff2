using System.Numerics;

namespace Augment.Vision;

/// <summary>
/// In-place conversion of three planes between linear sRGB and OKLab in single precision, with the
/// same matrices as <see cref="LabKernels"/> (Ottosson 2020). The cube root is odd-symmetric, so
/// out-of-gamut (negative) linear values map and invert without clipping, which keeps a colour
/// match exactly invertible. The *Reference methods are the scalar oracles (<see cref="MathF.Cbrt"/>).
/// </summary>
internal static class OklabPlaneKernels
{
    /// <summary>Vector lanes with a Newton cube root, then the scalar reference for the tail.</summary>
    public static void FromLinearSrgb(Span<float> r, Span<float> g, Span<float> b)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var last = r.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                var red = new Vector<float>(r[i..]);
                var green = new Vector<float>(g[i..]);
                var blue = new Vector<float>(b[i..]);
                var l = Cbrt(0.4122214708f * red + 0.5363325363f * green + 0.0514459929f * blue);
                var m = Cbrt(0.2119034982f * red + 0.6806995451f * green + 0.1073969566f * blue);
                var s = Cbrt(0.0883024619f * red + 0.2817188376f * green + 0.6299787005f * blue);
                (0.2104542553f * l + 0.7936177850f * m - 0.0040720468f * s).CopyTo(r[i..]);
                (1.9779984951f * l - 2.4285922050f * m + 0.4505937099f * s).CopyTo(g[i..]);
                (0.0259040371f * l + 0.7827717662f * m - 0.8086757660f * s).CopyTo(b[i..]);
            }
        }
        FromLinearSrgbReference(r[i..], g[i..], b[i..]);
    }

    /// <summary>Vector lanes, then the scalar reference for the tail.</summary>
    public static void ToLinearSrgb(Span<float> lightness, Span<float> a, Span<float> b)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var last = lightness.Length - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                var ll = new Vector<float>(lightness[i..]);
                var aa = new Vector<float>(a[i..]);
                var bb = new Vector<float>(b[i..]);
                var l = ll + 0.3963377774f * aa + 0.2158037573f * bb;
                var m = ll - 0.1055613458f * aa - 0.0638541728f * bb;
                var s = ll - 0.0894841775f * aa - 1.2914855480f * bb;
                l = l * l * l;
                m = m * m * m;
                s = s * s * s;
                (4.0767416621f * l - 3.3077115913f * m + 0.2309699292f * s).CopyTo(lightness[i..]);
                (-1.2684380046f * l + 2.6097574011f * m - 0.3413193965f * s).CopyTo(a[i..]);
                (-0.0041960863f * l - 0.7034186147f * m + 1.7076147010f * s).CopyTo(b[i..]);
            }
        }
        ToLinearSrgbReference(lightness[i..], a[i..], b[i..]);
    }

    /// <summary>
    /// Cube root of every lane, sign kept: an exponent-thirding bit estimate (within a few per cent)
    /// refined by three Newton steps y ← (2y + x/y²)/3, each of which squares the relative error, so
    /// the result is within float rounding of <see cref="MathF.Cbrt"/>. Zero stays exactly zero.
    /// </summary>
    internal static Vector<float> Cbrt(Vector<float> x)
    {
        var magnitude = Vector.Abs(x);
        var bits = Vector.AsVectorInt32(magnitude);
        // Thirds the biased exponent (and mantissa); 709921077 restores two thirds of the bias (tuned constant).
        var estimateBits = Vector.ConvertToInt32(Vector.ConvertToSingle(bits) * (1f / 3f)) + new Vector<int>(709921077);
        var y = Vector.AsVectorSingle(estimateBits);
        var third = new Vector<float>(1f / 3f);
        for (var step = 0; step < 3; step++)
            y = (y + y + magnitude / (y * y)) * third;
        y = Vector.ConditionalSelect(Vector.Equals(magnitude, Vector<float>.Zero), Vector<float>.Zero, y);
        return Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -y, y);
    }

    public static void FromLinearSrgbReference(Span<float> r, Span<float> g, Span<float> b)
    {
        for (var i = 0; i < r.Length; i++)
        {
            float red = r[i], green = g[i], blue = b[i];
            var l = MathF.Cbrt(0.4122214708f * red + 0.5363325363f * green + 0.0514459929f * blue);
            var m = MathF.Cbrt(0.2119034982f * red + 0.6806995451f * green + 0.1073969566f * blue);
            var s = MathF.Cbrt(0.0883024619f * red + 0.2817188376f * green + 0.6299787005f * blue);
            r[i] = 0.2104542553f * l + 0.7936177850f * m - 0.0040720468f * s;
            g[i] = 1.9779984951f * l - 2.4285922050f * m + 0.4505937099f * s;
            b[i] = 0.0259040371f * l + 0.7827717662f * m - 0.8086757660f * s;
        }
    }

    public static void ToLinearSrgbReference(Span<float> lightness, Span<float> a, Span<float> b)
    {
        for (var i = 0; i < lightness.Length; i++)
        {
            float ll = lightness[i], aa = a[i], bb = b[i];
            var l = ll + 0.3963377774f * aa + 0.2158037573f * bb;
            var m = ll - 0.1055613458f * aa - 0.0638541728f * bb;
            var s = ll - 0.0894841775f * aa - 1.2914855480f * bb;
            l = l * l * l;
            m = m * m * m;
            s = s * s * s;
            lightness[i] = 4.0767416621f * l - 3.3077115913f * m + 0.2309699292f * s;
            a[i] = -1.2684380046f * l + 2.6097574011f * m - 0.3413193965f * s;
            b[i] = -0.0041960863f * l - 0.7034186147f * m + 1.7076147010f * s;
        }
    }
}
