using Augment.Splat.Compression;

namespace Augment.Splat;

/// <summary>
/// SOG's spherical-harmonic palette: k-means over each splat's rest coefficients (all three channels, one vector),
/// a 1-D codebook over the centroid values, and the centroid image (64 centroids a row, one texel per coefficient,
/// channels in R, G, B). splat-transform sizes the palette min(64, 2^floor(log2(n / 1024))) x 1024; this CPU writer
/// caps it at <see cref="MaxPalette"/> and at <see cref="MaxDistanceEvaluations"/> point-centroid distances over
/// all iterations (10 Lloyd iterations where that allows, else 3 and a smaller palette, never under 256 entries),
/// because the cost is n x palette x coefficients per iteration on the CPU.
/// </summary>
internal static class SogShPalette
{
    /// <summary>Most palette entries this writer makes.</summary>
    public const int MaxPalette = 4096;

    /// <summary>Work cap: point-centroid distance evaluations over all assignment passes.</summary>
    public const long MaxDistanceEvaluations = 4_000_000_000;

    /// <summary>Builds the palette for the splats in <paramref name="order"/> (texel order); labels are per texel.</summary>
    public static (int Count, byte[] CentroidImage, int Rows, float[] Codebook, int[] Labels) Build(GaussianCloud cloud, int[] order, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var n = cloud.Count;
        var coefficients = cloud.ShRestCount;
        var dim = 3 * coefficients;
        var stride = KMeans.StrideFor(dim);
        var rule = Math.Min(64, Math.Pow(2, Math.Floor(Math.Log2(n / 1024.0)))) * 1024;
        var k = (int)Math.Min(rule, MaxPalette);
        var iterations = 10;
        if ((long)n * k * (iterations + 1) > MaxDistanceEvaluations)
        {
            iterations = 3;
            k = (int)Math.Max(Math.Min(256, k), Math.Min(k, MaxDistanceEvaluations / ((long)n * (iterations + 1))));
        }
        k = Math.Clamp(k, 1, n);
        budget.EnsureAllocation(((long)n * stride * 4) + ((long)k * stride * 8) + ((long)n * 4), "SOG SH palette");

        var planes = cloud.Planes;
        var points = new float[(long)n * stride];
        for (var i = 0; i < n; i++)
        {
            var s = order[i];
            for (var d = 0; d < dim; d++)
            {
                var v = planes[14 + d][s];
                points[((long)i * stride) + d] = float.IsFinite(v) ? v : 0;
            }
        }
        // Seeds spread along the Morton order, so spatially distinct regions start with their own entries; an empty
        // cluster keeps its centroid (the committed fixtures were written so). A cloud whose SH was already vector-quantised
        // to at most k entries (SplatCompression's QuantizeSh) keeps its palette exactly.
        var fit = KMeans.Fit(points, n, stride, k, iterations, KMeansSeeding.Spread, seed: 0, reseedEmpty: false, budget, cancellationToken);
        k = fit.K;
        var centroids = fit.Centroids;
        var labels = fit.Labels;

        var values = new float[(long)k * dim];
        for (var c = 0; c < k; c++)
            Array.Copy(centroids, (long)c * stride, values, (long)c * dim, dim);
        var codebook = SogQuantizer1D.Fit(values);
        var rows = (k + 63) / 64;
        var image = new byte[64 * coefficients * rows * 4];
        for (var c = 0; c < k; c++)
        {
            var texel = ((c / 64 * 64 * coefficients) + (c % 64 * coefficients)) * 4;
            for (var j = 0; j < coefficients; j++)
            {
                for (var channel = 0; channel < 3; channel++)
                    image[texel + (j * 4) + channel] = SogQuantizer1D.Nearest(codebook, centroids[((long)c * stride) + (channel * coefficients) + j]);
                image[texel + (j * 4) + 3] = 255;
            }
        }
        return (k, image, rows, codebook, labels);
    }
}
