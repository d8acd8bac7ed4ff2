using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Three 1D curves (one per channel R, G, B) sampled at <see cref="Size"/> evenly spaced inputs over a
/// domain, as in the <c>LUT_1D_SIZE</c> section of a Resolve/Adobe <c>.cube</c> file. A
/// <see cref="Lut3D"/> carries one as its <see cref="Lut3D.Shaper"/> (applied before the cube); a pure
/// 1D <c>.cube</c> file loads as a <see cref="Lut3D"/> whose cube is skipped (see
/// <see cref="Lut3D.FromCurves"/>). Inputs between samples are interpolated linearly; inputs outside
/// the domain are clamped to it.
/// </summary>
/// <remarks>
/// Values are stored as in the file: one RGB triple per sample, so the sample i of channel c is at
/// <c>i * 3 + c</c>; sample i is the output for input <c>min + i · (max − min) / (Size − 1)</c>.
/// </remarks>
public sealed class Lut1D
{
    /// <summary>Fewest samples per curve.</summary>
    public const int MinSize = 2;

    /// <summary>Most samples per curve (65536, ffmpeg's <c>lut1d</c> limit; a 16-bit code value each).</summary>
    public const int MaxSize = 65536;

    private readonly float[] _values;
    private readonly float[] _domainMin = [0f, 0f, 0f];
    private readonly float[] _domainMax = [1f, 1f, 1f];

    /// <summary>Creates curves of <paramref name="size"/> samples, all 0, over the domain [0, 1].</summary>
    /// <param name="size">Samples per curve (2..65536).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is outside 2..65536.</exception>
    public Lut1D(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        Size = size;
        _values = new float[size * 3];
    }

    /// <summary>Samples per curve.</summary>
    public int Size { get; }

    /// <summary>The samples: <see cref="Size"/> RGB triples, sample i of channel c at <c>i * 3 + c</c>.</summary>
    public Span<float> Values => _values;

    /// <summary>Input (R, G, B) that maps to the first sample; default 0.</summary>
    public ReadOnlySpan<float> DomainMin => _domainMin;

    /// <summary>Input (R, G, B) that maps to the last sample; default 1.</summary>
    public ReadOnlySpan<float> DomainMax => _domainMax;

    internal float[] ValuesArray => _values;

    /// <summary>Curves that map every input in [0, 1] to itself.</summary>
    /// <param name="size">Samples per curve (2..65536).</param>
    public static Lut1D Identity(int size)
    {
        var lut = new Lut1D(size);
        lut.Fill(static x => x);
        return lut;
    }

    /// <summary>Sets the three curves to the same function of the input (in the domain of each channel).</summary>
    /// <param name="curve">Maps an input value to an output value.</param>
    public void Fill(Func<float, float> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        Fill(curve, curve, curve);
    }

    /// <summary>Sets each channel's curve from its own function of the input (in that channel's domain).</summary>
    /// <param name="red">Curve of the red channel.</param>
    /// <param name="green">Curve of the green channel.</param>
    /// <param name="blue">Curve of the blue channel.</param>
    public void Fill(Func<float, float> red, Func<float, float> green, Func<float, float> blue)
    {
        ArgumentNullException.ThrowIfNull(red);
        ArgumentNullException.ThrowIfNull(green);
        ArgumentNullException.ThrowIfNull(blue);
        var step = 1f / (Size - 1);
        for (var i = 0; i < Size; i++)
        {
            var t = i * step;
            _values[i * 3] = red(Lerp(_domainMin[0], _domainMax[0], t));
            _values[(i * 3) + 1] = green(Lerp(_domainMin[1], _domainMax[1], t));
            _values[(i * 3) + 2] = blue(Lerp(_domainMin[2], _domainMax[2], t));
        }
    }

    /// <summary>Sets the input domain per channel (R, G, B).</summary>
    /// <param name="min">Input that maps to the first sample, per channel.</param>
    /// <param name="max">Input that maps to the last sample, per channel; each above <paramref name="min"/>.</param>
    /// <exception cref="ArgumentException">A span is not three long, a value is not finite, or min is not below max.</exception>
    public void SetDomain(ReadOnlySpan<float> min, ReadOnlySpan<float> max)
    {
        if (min.Length != 3 || max.Length != 3)
            throw new ArgumentException("The domain needs three values (R, G, B) for min and max.", nameof(min));
        for (var c = 0; c < 3; c++)
        {
            if (!float.IsFinite(min[c]) || !float.IsFinite(max[c]) || !(min[c] < max[c]))
                throw new ArgumentException($"Domain channel {c}: min {min[c]} must be finite and below max {max[c]}.", nameof(max));
        }
        min.CopyTo(_domainMin);
        max.CopyTo(_domainMax);
    }

    /// <summary>A deep copy (samples and domain).</summary>
    public Lut1D Clone()
    {
        var copy = new Lut1D(Size);
        _values.CopyTo(copy._values, 0);
        _domainMin.CopyTo(copy._domainMin, 0);
        _domainMax.CopyTo(copy._domainMax, 0);
        return copy;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Lut1D {Size}");

    internal bool HasUnitDomain =>
        _domainMin[0] == 0f && _domainMin[1] == 0f && _domainMin[2] == 0f && _domainMax[0] == 1f && _domainMax[1] == 1f && _domainMax[2] == 1f;

    internal bool HasUniformDomain =>
        _domainMin[0] == _domainMin[1] && _domainMin[1] == _domainMin[2] && _domainMax[0] == _domainMax[1] && _domainMax[1] == _domainMax[2];

    private static float Lerp(float a, float b, float t) => a + ((b - a) * t);
}
