using System.Numerics;

namespace Augment.Splat.Training;

// TEMPORARY until helper/raster is merged: same name, throws. Removed at the merge.
internal sealed class RasterizerTrainingRenderer : ITrainingRenderer
{
    public RasterizerTrainingRenderer(Vector3 background, ComputeBudget budget)
    {
        _ = background;
        _ = budget;
    }

    public ITrainingPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken) => throw new NotSupportedException("The rasteriser is not merged yet.");

    public void Backward(ITrainingPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount) => throw new NotSupportedException("The rasteriser is not merged yet.");
}
