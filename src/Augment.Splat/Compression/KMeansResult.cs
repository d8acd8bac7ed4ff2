namespace Augment.Splat.Compression;

/// <summary>What <see cref="KMeans"/> found.</summary>
/// <param name="Centroids">K rows of <paramref name="Stride"/> floats.</param>
/// <param name="K">Centroids (at most the k asked for: fewer when the points hold fewer distinct vectors).</param>
/// <param name="Stride">Floats per row.</param>
/// <param name="Labels">Nearest centroid per point after the final assignment.</param>
/// <param name="Inertia">Sum of squared distances to the assigned centroids after the final assignment.</param>
/// <param name="InertiaHistory">Inertia after each assignment pass, the final one last (non-increasing).</param>
internal sealed record KMeansResult(float[] Centroids, int K, int Stride, int[] Labels, double Inertia, double[] InertiaHistory);
