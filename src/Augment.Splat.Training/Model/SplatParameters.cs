using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// The trainable parameters of a Gaussian scene as flat float planes in the order of <see cref="GaussianCloud"/>:
/// position x y z, log-scale x y z, rotation quaternion w x y z (not necessarily normalised), opacity logit, SH DC
/// red green blue, then the SH rest coefficients channel-major (red 0..k-1, green 0..k-1, blue 0..k-1). The same type
/// holds gradients and optimiser moments, so every per-parameter kernel walks one layout. Unlike a cloud, its planes
/// can be resized in place while training adds and removes Gaussians.
/// </summary>
public sealed class SplatParameters
{
    /// <summary>Plane of position x.</summary>
    public const int PositionX = 0;

    /// <summary>Plane of log-scale x (scales y and z follow).</summary>
    public const int LogScaleX = 3;

    /// <summary>Plane of the rotation's w (x, y and z follow).</summary>
    public const int RotationW = 6;

    /// <summary>Plane of the opacity logit.</summary>
    public const int Opacity = 10;

    /// <summary>Plane of the red SH DC coefficient (green and blue follow).</summary>
    public const int ShDcRed = 11;

    /// <summary>First SH rest plane.</summary>
    public const int FirstRest = 14;

    private float[][] _planes;

    /// <summary>Creates all-zero planes for <paramref name="count"/> Gaussians (set rotation w to 1 for a scene; zero suits gradients).</summary>
    /// <param name="count">Number of Gaussians.</param>
    /// <param name="shDegree">Spherical-harmonic degree, 0 to 3.</param>
    public SplatParameters(int count, int shDegree)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        RestCount = GaussianCloud.RestCountFor(shDegree);
        ShDegree = shDegree;
        Count = count;
        _planes = new float[FirstRest + (3 * RestCount)][];
        for (var p = 0; p < _planes.Length; p++)
            _planes[p] = new float[count];
    }

    /// <summary>Number of Gaussians.</summary>
    public int Count { get; private set; }

    /// <summary>Spherical-harmonic degree the planes hold.</summary>
    public int ShDegree { get; }

    /// <summary>SH rest coefficients per colour channel: (degree + 1)² - 1.</summary>
    public int RestCount { get; }

    /// <summary>Number of planes: 14 + 3 × <see cref="RestCount"/>.</summary>
    public int PlaneCount => _planes.Length;

    /// <summary>Plane <paramref name="index"/> (see the constants for the layout), <see cref="Count"/> long.</summary>
    public Span<float> Plane(int index) => _planes[index].AsSpan(0, Count);

    /// <summary>Plane index of SH rest coefficient <paramref name="coefficient"/> of <paramref name="channel"/> (0 red, 1 green, 2 blue).</summary>
    public int RestPlane(int channel, int coefficient) => FirstRest + (channel * RestCount) + coefficient;

    /// <summary>The planes themselves, for kernels (each at least <see cref="Count"/> long; may be longer after a shrink).</summary>
    internal float[][] Planes => _planes;

    /// <summary>Copies a cloud's parameters (extra properties are not trained and are dropped).</summary>
    /// <param name="cloud">The scene.</param>
    /// <param name="shDegree">Degree to hold (the cloud's own when null); coefficients above the cloud's degree start at zero.</param>
    public static SplatParameters FromCloud(GaussianCloud cloud, int? shDegree = null)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var result = new SplatParameters(cloud.Count, shDegree ?? cloud.ShDegree);
        cloud.X.CopyTo(result._planes[0]);
        cloud.Y.CopyTo(result._planes[1]);
        cloud.Z.CopyTo(result._planes[2]);
        cloud.ScaleX.CopyTo(result._planes[3]);
        cloud.ScaleY.CopyTo(result._planes[4]);
        cloud.ScaleZ.CopyTo(result._planes[5]);
        cloud.RotationW.CopyTo(result._planes[6]);
        cloud.RotationX.CopyTo(result._planes[7]);
        cloud.RotationY.CopyTo(result._planes[8]);
        cloud.RotationZ.CopyTo(result._planes[9]);
        cloud.Opacity.CopyTo(result._planes[10]);
        for (var c = 0; c < 3; c++)
        {
            cloud.ShDc(c).CopyTo(result._planes[ShDcRed + c]);
            var shared = Math.Min(cloud.ShRestCount, result.RestCount);
            for (var k = 0; k < shared; k++)
                cloud.ShRest(c, k).CopyTo(result._planes[result.RestPlane(c, k)]);
        }
        return result;
    }

    /// <summary>A new cloud holding these parameters (rotations as stored; the cloud's readers normalise them).</summary>
    public GaussianCloud ToCloud()
    {
        var cloud = GaussianCloud.Create(Count, ShDegree);
        Plane(0).CopyTo(cloud.X);
        Plane(1).CopyTo(cloud.Y);
        Plane(2).CopyTo(cloud.Z);
        Plane(3).CopyTo(cloud.ScaleX);
        Plane(4).CopyTo(cloud.ScaleY);
        Plane(5).CopyTo(cloud.ScaleZ);
        Plane(6).CopyTo(cloud.RotationW);
        Plane(7).CopyTo(cloud.RotationX);
        Plane(8).CopyTo(cloud.RotationY);
        Plane(9).CopyTo(cloud.RotationZ);
        Plane(10).CopyTo(cloud.Opacity);
        for (var c = 0; c < 3; c++)
        {
            Plane(ShDcRed + c).CopyTo(cloud.ShDc(c));
            for (var k = 0; k < RestCount; k++)
                Plane(RestPlane(c, k)).CopyTo(cloud.ShRest(c, k));
        }
        return cloud;
    }

    /// <summary>A zeroed set of planes of the same shape (for gradients and optimiser moments).</summary>
    public SplatParameters CreateZeroed()
    {
        return new SplatParameters(Count, ShDegree);
    }

    /// <summary>Sets every plane to zero.</summary>
    public void Clear()
    {
        foreach (var plane in _planes)
            plane.AsSpan(0, Count).Clear();
    }

    /// <summary>A deep copy.</summary>
    public SplatParameters Clone()
    {
        var result = new SplatParameters(Count, ShDegree);
        for (var p = 0; p < _planes.Length; p++)
            Plane(p).CopyTo(result._planes[p]);
        return result;
    }

    /// <summary>
    /// Keeps the Gaussians whose <paramref name="keep"/> flag is set, in order, and then appends
    /// <paramref name="appended"/> copies of Gaussians given by index (into the old order), which the caller edits
    /// afterwards (densification's clones and splits). Returns the old index of every new position.
    /// </summary>
    /// <param name="keep">One flag per current Gaussian.</param>
    /// <param name="appended">Old indices to copy onto the end.</param>
    public int[] Rebuild(ReadOnlySpan<bool> keep, ReadOnlySpan<int> appended)
    {
        if (keep.Length != Count)
            throw new ArgumentException($"Expected {Count} keep flags, got {keep.Length}.", nameof(keep));
        var kept = 0;
        foreach (var k in keep)
            kept += k ? 1 : 0;
        var source = new int[kept + appended.Length];
        var n = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            if (keep[i])
                source[n++] = i;
        }
        foreach (var index in appended)
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(appended), $"Index {index} is outside 0..{Count - 1}.");
            source[n++] = index;
        }
        for (var p = 0; p < _planes.Length; p++)
        {
            var old = _planes[p];
            var next = new float[source.Length];
            for (var i = 0; i < source.Length; i++)
                next[i] = old[source[i]];
            _planes[p] = next;
        }
        Count = source.Length;
        return source;
    }
}
