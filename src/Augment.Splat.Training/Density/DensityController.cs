using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>
/// The statistics and edits of adaptive density control (Kerbl et al. 2023, §5.2; see <see cref="DensityControlOptions"/>):
/// accumulates the per-view screen-space mean gradient norms and visibility, remembers the largest screen radius, and
/// clones, splits and prunes through <see cref="SplatParameters.Rebuild"/> with the optimiser's moments following.
/// </summary>
internal sealed class DensityController
{
    private readonly DensityControlOptions _options;
    private float[] _gradientSum;
    private int[] _visible;
    private float[] _maxRadius;

    public DensityController(DensityControlOptions options, int count)
    {
        _options = options;
        _gradientSum = new float[count];
        _visible = new int[count];
        _maxRadius = new float[count];
    }

    /// <summary>Adds one view's statistics: gradient norms in pixels (scaled to NDC by width / 2), visibility and radii.</summary>
    public void Accumulate(ReadOnlySpan<float> meanGradient2D, ReadOnlySpan<int> visible, ReadOnlySpan<int> radii, int width)
    {
        var toNdc = width / 2f;
        for (var i = 0; i < _gradientSum.Length; i++)
        {
            _gradientSum[i] += meanGradient2D[i] * toNdc;
            _visible[i] += visible[i];
            if (radii[i] > _maxRadius[i])
                _maxRadius[i] = radii[i];
        }
    }

    /// <summary>View-averaged gradient of Gaussian <paramref name="index"/> (0 when never visible).</summary>
    public float AverageGradient(int index) => _visible[index] > 0 ? _gradientSum[index] / _visible[index] : 0;

    /// <summary>Clones, splits and prunes; <paramref name="pruneLarge"/> enables the screen and world size rules (after the first reset).</summary>
    public DensityStep Densify(SplatParameters scene, AdamOptimizer optimizer, float sceneExtent, bool pruneLarge, Random random)
    {
        var n = scene.Count;
        var keep = new bool[n];
        var prune = new bool[n];
        var pruned = 0;
        var minLogit = Logit(_options.MinOpacity);
        var maxWorld = _options.MaxWorldScaleFraction * sceneExtent;
        var denseLimit = _options.PercentDense * sceneExtent;
        var opacity = scene.Plane(SplatParameters.Opacity);
        var candidates = new List<(float Gradient, int Index, bool Split)>();
        for (var i = 0; i < n; i++)
        {
            var maxScale = MaxScale(scene, i);
            var remove = opacity[i] < minLogit || !float.IsFinite(opacity[i]) || !float.IsFinite(maxScale)
                || (pruneLarge && (_maxRadius[i] > _options.MaxScreenRadiusPixels || maxScale > maxWorld));
            prune[i] = remove;
            keep[i] = !remove;
            if (remove)
            {
                pruned++;
                continue;
            }
            var gradient = AverageGradient(i);
            if (gradient >= _options.GradientThreshold)
                candidates.Add((gradient, i, maxScale > denseLimit));
        }

        // Budget: each clone or split adds one Gaussian net; take the strongest gradients first.
        var room = Math.Max(0, _options.MaxGaussians - (n - pruned));
        if (candidates.Count > room)
        {
            candidates.Sort((a, b) => b.Gradient.CompareTo(a.Gradient));
            candidates.RemoveRange(room, candidates.Count - room);
        }
        var splitCount = _options.SplitCount;
        var appended = new List<int>();
        int cloned = 0, split = 0;
        foreach (var (_, index, isSplit) in candidates)
        {
            if (isSplit)
            {
                keep[index] = false;
                for (var s = 0; s < splitCount; s++)
                    appended.Add(index);
                split++;
            }
            else
            {
                appended.Add(index);
                cloned++;
            }
        }

        var appendedArray = appended.ToArray();
        scene.Rebuild(keep, appendedArray);
        optimizer.Rebuild(keep, appendedArray);
        var firstNew = scene.Count - appendedArray.Length;
        var shrink = MathF.Log(_options.SplitScaleDivisor);
        for (var a = 0; a < appendedArray.Length; a++)
        {
            var source = appendedArray[a];
            if (keep[source])
                continue; // a clone: an exact copy, as in 3DGS (the next steps move the two apart)
            SampleSplit(scene, firstNew + a, random, shrink);
        }
        Reset(scene.Count);
        return new DensityStep(cloned, split, pruned, scene.Count);
    }

    /// <summary>Caps every opacity at <see cref="DensityControlOptions.ResetOpacity"/> and zeroes the opacity moments.</summary>
    public void ResetOpacity(SplatParameters scene, AdamOptimizer optimizer)
    {
        var cap = Logit(_options.ResetOpacity);
        var opacity = scene.Plane(SplatParameters.Opacity);
        for (var i = 0; i < opacity.Length; i++)
            opacity[i] = Math.Min(opacity[i], cap);
        optimizer.ResetPlane(SplatParameters.Opacity);
    }

    /// <summary>Clears the statistics for a scene of <paramref name="count"/> Gaussians.</summary>
    public void Reset(int count)
    {
        _gradientSum = new float[count];
        _visible = new int[count];
        _maxRadius = new float[count];
    }

    // Position from N(μ, R S² Rᵀ) with the parent's scales, then scales divided by the divisor (3DGS densify_and_split).
    private static void SampleSplit(SplatParameters scene, int i, Random random, float logShrink)
    {
        var scale = new Vector3(MathF.Exp(scene.Plane(3)[i]), MathF.Exp(scene.Plane(4)[i]), MathF.Exp(scene.Plane(5)[i]));
        var q = new Quaternion(scene.Plane(7)[i], scene.Plane(8)[i], scene.Plane(9)[i], scene.Plane(6)[i]);
        var length = q.Length();
        q = length > 0 && float.IsFinite(length) ? Quaternion.Normalize(q) : Quaternion.Identity;
        var local = new Vector3(Gaussian(random), Gaussian(random), Gaussian(random)) * scale;
        var offset = Vector3.Transform(local, q);
        scene.Plane(0)[i] += offset.X;
        scene.Plane(1)[i] += offset.Y;
        scene.Plane(2)[i] += offset.Z;
        for (var axis = 0; axis < 3; axis++)
            scene.Plane(SplatParameters.LogScaleX + axis)[i] -= logShrink;
    }

    private static float Gaussian(Random random)
    {
        // Box-Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static float MaxScale(SplatParameters scene, int i) =>
        MathF.Exp(Math.Max(scene.Plane(3)[i], Math.Max(scene.Plane(4)[i], scene.Plane(5)[i])));

    internal static float Logit(float p) => MathF.Log(p / (1 - p));
}
