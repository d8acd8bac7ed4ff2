using System.Numerics;

namespace Augment.Splat;

/// <summary>What <see cref="GaussianCloud.Statistics"/> measures: size, extent, opacity and splat size.</summary>
/// <param name="Count">Number of splats.</param>
/// <param name="ShDegree">Spherical-harmonic degree.</param>
/// <param name="Min">Lowest finite centre coordinate per axis (NaN when none).</param>
/// <param name="Max">Highest finite centre coordinate per axis (NaN when none).</param>
/// <param name="Centroid">Mean of the finite centres (NaN when none).</param>
/// <param name="AlphaMin">Lowest alpha (sigmoid of the opacity logit) over splats with a non-NaN opacity.</param>
/// <param name="AlphaMean">Mean alpha.</param>
/// <param name="AlphaMax">Highest alpha.</param>
/// <param name="MedianLargestScale">Median over splats of the largest axis's linear scale (e^log-scale), in scene units.</param>
/// <param name="NonFinite">Splats with a NaN or infinite position, scale, rotation or opacity.</param>
public sealed record SplatStatistics(int Count, int ShDegree, Vector3 Min, Vector3 Max, Vector3 Centroid,
    double AlphaMin, double AlphaMean, double AlphaMax, double MedianLargestScale, int NonFinite);
