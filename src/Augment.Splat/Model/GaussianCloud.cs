using System.Numerics;

namespace Augment.Splat;

/// <summary>
/// A Gaussian-splat scene as structure-of-arrays: one float plane per attribute, so that kernels stream
/// through a single attribute with SIMD. Per splat <c>i</c>: position (<see cref="X"/>, <see cref="Y"/>,
/// <see cref="Z"/>), natural-log scales along the local axes (<see cref="ScaleX"/>...), a rotation quaternion
/// (<see cref="RotationW"/>, <see cref="RotationX"/>, ...; kept normalised by <see cref="NormalizeRotations"/>),
/// an opacity logit (<see cref="Opacity"/>; alpha = sigmoid), spherical-harmonic colour: the DC term per channel
/// (<see cref="ShDc"/>; colour = 0.5 + <see cref="ShC0"/> x DC) and, up to degree 3, the rest coefficients
/// (<see cref="ShRest"/>), plus any extra per-splat properties a file carried (<see cref="Extra"/>).
/// These are the attributes and conventions of the 3DGS reference implementation's PLY files.
/// </summary>
public sealed class GaussianCloud
{
    /// <summary>The degree-0 spherical-harmonic constant, 1 / (2 sqrt(pi)).</summary>
    public const float ShC0 = 0.28209479177387814f;

    /// <summary>The highest spherical-harmonic degree a cloud can hold.</summary>
    public const int MaxShDegree = 3;

    private const int FixedPlanes = 14; // x y z, 3 scales, 4 rotation, opacity, 3 DC
    private readonly float[][] _planes;
    private readonly string[] _extraNames;

    private GaussianCloud(int count, int shDegree, string[] extraNames, float[][] planes)
    {
        Count = count;
        ShDegree = shDegree;
        _extraNames = extraNames;
        _planes = planes;
    }

    /// <summary>Number of splats.</summary>
    public int Count { get; }

    /// <summary>Spherical-harmonic degree, 0 to 3.</summary>
    public int ShDegree { get; }

    /// <summary>Rest coefficients per colour channel: 0, 3, 8 or 15 for degrees 0 to 3.</summary>
    public int ShRestCount => RestCountFor(ShDegree);

    /// <summary>Names of the extra per-splat properties (e.g. a PLY's <c>nx</c>, <c>ny</c>, <c>nz</c> or a tool's own), in file order.</summary>
    public IReadOnlyList<string> ExtraNames => _extraNames;

    /// <summary>Position, x.</summary>
    public Span<float> X => _planes[0];

    /// <summary>Position, y.</summary>
    public Span<float> Y => _planes[1];

    /// <summary>Position, z.</summary>
    public Span<float> Z => _planes[2];

    /// <summary>Natural-log scale along the splat's local x axis.</summary>
    public Span<float> ScaleX => _planes[3];

    /// <summary>Natural-log scale along the splat's local y axis.</summary>
    public Span<float> ScaleY => _planes[4];

    /// <summary>Natural-log scale along the splat's local z axis.</summary>
    public Span<float> ScaleZ => _planes[5];

    /// <summary>Rotation quaternion, real part.</summary>
    public Span<float> RotationW => _planes[6];

    /// <summary>Rotation quaternion, i part.</summary>
    public Span<float> RotationX => _planes[7];

    /// <summary>Rotation quaternion, j part.</summary>
    public Span<float> RotationY => _planes[8];

    /// <summary>Rotation quaternion, k part.</summary>
    public Span<float> RotationZ => _planes[9];

    /// <summary>Opacity as a logit: alpha = 1 / (1 + e^-opacity).</summary>
    public Span<float> Opacity => _planes[10];

    /// <summary>The spherical-harmonic DC coefficient of colour channel <paramref name="channel"/> (0 red, 1 green, 2 blue).</summary>
    public Span<float> ShDc(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 2);
        return _planes[11 + channel];
    }

    /// <summary>
    /// Rest coefficient <paramref name="coefficient"/> (0 to <see cref="ShRestCount"/> - 1, in the usual order of
    /// degree then m = -l..l) of colour channel <paramref name="channel"/>. A 3DGS PLY stores it as
    /// <c>f_rest_{channel * ShRestCount + coefficient}</c>.
    /// </summary>
    public Span<float> ShRest(int channel, int coefficient)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(coefficient);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(coefficient, ShRestCount);
        return _planes[FixedPlanes + (channel * ShRestCount) + coefficient];
    }

    /// <summary>The extra property called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The cloud has no such property.</exception>
    public Span<float> Extra(string name)
    {
        var index = Array.IndexOf(_extraNames, name);
        if (index < 0)
            throw new KeyNotFoundException($"The cloud has no extra property '{name}' (it has: {(_extraNames.Length == 0 ? "none" : string.Join(", ", _extraNames))}).");
        return _planes[FixedPlanes + (3 * ShRestCount) + index];
    }

    /// <summary>Every plane in storage order: 14 fixed planes, 3 x <see cref="ShRestCount"/> rest planes (channel-major), then extras.</summary>
    internal float[][] Planes => _planes;

    /// <summary>Rest coefficients per channel for a degree: (degree + 1)^2 - 1.</summary>
    public static int RestCountFor(int shDegree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, MaxShDegree);
        return ((shDegree + 1) * (shDegree + 1)) - 1;
    }

    /// <summary>
    /// A cloud of <paramref name="count"/> splats with every attribute zero except the rotations, which are the
    /// identity quaternion (w = 1).
    /// </summary>
    /// <param name="count">Number of splats.</param>
    /// <param name="shDegree">Spherical-harmonic degree, 0 to 3.</param>
    /// <param name="extraNames">Extra per-splat properties to carry; names must be unique.</param>
    /// <param name="budget">Memory budget checked before allocating; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <exception cref="ResourceLimitException">The cloud would exceed the budget.</exception>
    public static GaussianCloud Create(int count, int shDegree = 0, IEnumerable<string>? extraNames = null, ComputeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _ = RestCountFor(shDegree); // throws for a degree outside 0-3 before the names are checked
        var extras = extraNames is null ? [] : extraNames.ToArray();
        if (new HashSet<string>(extras, StringComparer.Ordinal).Count != extras.Length)
            throw new ArgumentException("Extra property names must be unique.", nameof(extraNames));
        foreach (var name in extras)
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(extraNames));
        var cloud = CreateUninitialized(count, shDegree, extras, budget);
        for (var p = 0; p < cloud._planes.Length; p++)
            cloud._planes[p].AsSpan().Fill(DefaultValue(p));
        return cloud;
    }

    /// <summary>What <see cref="Create"/> puts in plane <paramref name="plane"/>: 0, except 1 for the rotation's w (the identity quaternion).</summary>
    internal static float DefaultValue(int plane) => plane == 6 ? 1 : 0;

    /// <summary>
    /// A cloud whose planes hold whatever memory held: for readers that overwrite every value, so that their own
    /// (parallel) writes are the first touch of the pages instead of a serial clear before them. Arguments are
    /// the caller's to check.
    /// </summary>
    /// <exception cref="ResourceLimitException">The cloud would exceed the budget.</exception>
    internal static GaussianCloud CreateUninitialized(int count, int shDegree, string[] extraNames, ComputeBudget? budget)
    {
        var planeCount = FixedPlanes + (3 * RestCountFor(shDegree)) + extraNames.Length;
        (budget ?? ComputeBudget.Default).EnsureAllocation((long)planeCount * count * sizeof(float), $"a cloud of {count:N0} splats ({planeCount} attributes each)");
        var planes = new float[planeCount][];
        for (var p = 0; p < planeCount; p++)
            planes[p] = count == 0 ? [] : GC.AllocateUninitializedArray<float>(count);
        return new GaussianCloud(count, shDegree, extraNames, planes);
    }

    /// <summary>A deep copy.</summary>
    public GaussianCloud Clone()
    {
        var planes = new float[_planes.Length][];
        for (var p = 0; p < planes.Length; p++)
            planes[p] = (float[])_planes[p].Clone();
        return new GaussianCloud(Count, ShDegree, (string[])_extraNames.Clone(), planes);
    }

    /// <summary>A new cloud of the splats at <paramref name="indices"/>, in that order (an index may repeat).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the cloud.</exception>
    public GaussianCloud Select(ReadOnlySpan<int> indices)
    {
        foreach (var index in indices)
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"Splat index {index} is outside a cloud of {Count}.");
        }
        var planes = new float[_planes.Length][];
        for (var p = 0; p < planes.Length; p++)
        {
            var source = _planes[p];
            var target = indices.Length == 0 ? [] : GC.AllocateUninitializedArray<float>(indices.Length);
            for (var i = 0; i < indices.Length; i++)
                target[i] = source[indices[i]];
            planes[p] = target;
        }
        return new GaussianCloud(indices.Length, ShDegree, (string[])_extraNames.Clone(), planes);
    }

    /// <summary>A new cloud of the splats whose <paramref name="keep"/> flag is true, in their order.</summary>
    public GaussianCloud Where(ReadOnlySpan<bool> keep)
    {
        if (keep.Length != Count)
            throw new ArgumentException($"The mask has {keep.Length} flags for {Count} splats.", nameof(keep));
        var indices = new int[keep.Length - System.MemoryExtensions.Count(keep, false)];
        var n = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            if (keep[i])
                indices[n++] = i;
        }
        return Select(indices);
    }

    /// <summary>
    /// A new cloud at another spherical-harmonic degree: lower degrees drop the higher coefficients (view-dependent
    /// colour is lost, the DC colour stays), higher degrees add zero coefficients.
    /// </summary>
    public GaussianCloud WithShDegree(int shDegree)
    {
        var rest = RestCountFor(shDegree);
        var planes = new float[FixedPlanes + (3 * rest) + _extraNames.Length][];
        for (var p = 0; p < FixedPlanes; p++)
            planes[p] = (float[])_planes[p].Clone();
        for (var c = 0; c < 3; c++)
        {
            for (var k = 0; k < rest; k++)
                planes[FixedPlanes + (c * rest) + k] = k < ShRestCount ? (float[])_planes[FixedPlanes + (c * ShRestCount) + k].Clone() : new float[Count];
        }
        for (var e = 0; e < _extraNames.Length; e++)
            planes[FixedPlanes + (3 * rest) + e] = (float[])_planes[FixedPlanes + (3 * ShRestCount) + e].Clone();
        return new GaussianCloud(Count, shDegree, (string[])_extraNames.Clone(), planes);
    }

    /// <summary>Scales every rotation quaternion to unit length; a zero quaternion becomes the identity.</summary>
    public void NormalizeRotations()
    {
        Span<float> w = RotationW, x = RotationX, y = RotationY, z = RotationZ;
        for (var i = 0; i < Count; i++)
        {
            var length = MathF.Sqrt((w[i] * w[i]) + (x[i] * x[i]) + (y[i] * y[i]) + (z[i] * z[i]));
            if (!(length > 0) || !float.IsFinite(length))
            {
                (w[i], x[i], y[i], z[i]) = (1, 0, 0, 0);
                continue;
            }
            var inverse = 1 / length;
            w[i] *= inverse;
            x[i] *= inverse;
            y[i] *= inverse;
            z[i] *= inverse;
        }
    }

    /// <summary>
    /// Converts the cloud in place from one axis convention to another (a 180-degree turn about one axis):
    /// positions, rotations and the signs of the spherical-harmonic coefficients, so view-dependent colour
    /// turns with the scene.
    /// </summary>
    /// <param name="from">The convention the cloud is in now (3DGS PLY files are <see cref="SplatAxes.Rdf"/>).</param>
    /// <param name="to">The convention wanted.</param>
    public void ConvertAxes(SplatAxes from, SplatAxes to)
    {
        var axis = AxisTurns.Between(from, to);
        if (axis >= 0)
            AxisTurns.Turn(this, axis);
    }

    /// <summary>The axis-aligned box around every splat centre (ignores non-finite positions); empty clouds give NaN corners.</summary>
    public (Vector3 Min, Vector3 Max) Bounds()
    {
        var min = new Vector3(float.NaN);
        var max = new Vector3(float.NaN);
        if (Count == 0)
            return (min, max);
        min = new Vector3(MinFinite(X), MinFinite(Y), MinFinite(Z));
        max = new Vector3(MaxFinite(X), MaxFinite(Y), MaxFinite(Z));
        return (min, max);
    }

    /// <summary>Counts, extent, opacity and size of the splats, in one pass over the planes (plus a median).</summary>
    public SplatStatistics Statistics()
    {
        var (min, max) = Bounds();
        double sx = 0, sy = 0, sz = 0, alphaSum = 0, alphaMin = double.NaN, alphaMax = double.NaN;
        int centres = 0, alphas = 0, nonFinite = 0;
        var largest = new float[Count];
        var sizes = 0;
        for (var i = 0; i < Count; i++)
        {
            float x = X[i], y = Y[i], z = Z[i];
            var finiteCentre = float.IsFinite(x) && float.IsFinite(y) && float.IsFinite(z);
            if (finiteCentre)
            {
                sx += x;
                sy += y;
                sz += z;
                centres++;
            }
            var scale = MathF.Max(ScaleX[i], MathF.Max(ScaleY[i], ScaleZ[i]));
            var finiteRest = float.IsFinite(ScaleX[i]) && float.IsFinite(ScaleY[i]) && float.IsFinite(ScaleZ[i])
                && float.IsFinite(RotationW[i]) && float.IsFinite(RotationX[i]) && float.IsFinite(RotationY[i]) && float.IsFinite(RotationZ[i])
                && float.IsFinite(Opacity[i]);
            if (!finiteCentre || !finiteRest)
                nonFinite++;
            if (float.IsFinite(scale))
                largest[sizes++] = MathF.Exp(scale);
            double alpha = Alpha(i);
            if (double.IsNaN(alpha))
                continue;
            alphaMin = alphas == 0 ? alpha : Math.Min(alphaMin, alpha);
            alphaMax = alphas == 0 ? alpha : Math.Max(alphaMax, alpha);
            alphaSum += alpha;
            alphas++;
        }
        var centroid = centres == 0 ? new Vector3(float.NaN) : new Vector3((float)(sx / centres), (float)(sy / centres), (float)(sz / centres));
        var median = double.NaN;
        if (sizes > 0)
        {
            var span = largest.AsSpan(0, sizes);
            span.Sort();
            median = sizes % 2 == 1 ? span[sizes / 2] : 0.5 * (span[(sizes / 2) - 1] + span[sizes / 2]);
        }
        return new SplatStatistics(Count, ShDegree, min, max, centroid, alphaMin, alphas == 0 ? double.NaN : alphaSum / alphas, alphaMax, median, nonFinite);
    }

    /// <summary>Alpha of splat <paramref name="index"/>: the sigmoid of its opacity logit.</summary>
    public float Alpha(int index) => 1 / (1 + MathF.Exp(-_planes[10][index]));

    /// <inheritdoc/>
    public override string ToString() => $"GaussianCloud({Count:N0} splats, SH degree {ShDegree}{(_extraNames.Length > 0 ? $", extras {string.Join(',', _extraNames)}" : "")})";

    private static float MinFinite(ReadOnlySpan<float> values)
    {
        var min = float.PositiveInfinity;
        foreach (var v in values)
        {
            if (float.IsFinite(v) && v < min)
                min = v;
        }
        return float.IsPositiveInfinity(min) ? float.NaN : min;
    }

    private static float MaxFinite(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsFinite(v) && v > max)
                max = v;
        }
        return float.IsNegativeInfinity(max) ? float.NaN : max;
    }
}
