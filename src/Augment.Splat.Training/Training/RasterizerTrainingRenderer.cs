using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>The trainer's view of <see cref="DifferentiableRasterizer"/>.</summary>
internal sealed class RasterizerTrainingRenderer : ITrainingRenderer
{
    private readonly DifferentiableRasterizer _rasterizer;

    public RasterizerTrainingRenderer(Vector3 background, ComputeBudget budget)
    {
        _rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Background = background, Budget = budget });
    }

    public ITrainingPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken) =>
        new Pass(_rasterizer.Forward(scene, camera, shDegree, cancellationToken));

    public void Backward(ITrainingPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount) =>
        _rasterizer.Backward(((Pass)pass).Inner, imageGradient, gradients, meanGradient2D, visibleCount);

    private sealed class Pass(RasterPass inner) : ITrainingPass
    {
        public RasterPass Inner { get; } = inner;

        public ReadOnlySpan<float> Image => Inner.Image;

        public ReadOnlySpan<int> Radii => Inner.Radii;

        public void Dispose() => Inner.Dispose();
    }
}
