namespace Augment.Splat.Training;

/// <summary>The trainer's view of <see cref="GpuRasterizer"/> (owns it).</summary>
internal sealed class GpuTrainingRenderer(GpuRasterizer rasterizer) : ITrainingRenderer, IDisposable
{
    public string DeviceName => rasterizer.DeviceName;

    public ITrainingPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken) =>
        new Pass(rasterizer.Forward(scene, camera, shDegree, cancellationToken));

    public void Backward(ITrainingPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount) =>
        rasterizer.Backward(((Pass)pass).Inner, imageGradient, gradients, meanGradient2D, visibleCount);

    public void Dispose() => rasterizer.Dispose();

    private sealed class Pass(GpuRasterPass inner) : ITrainingPass
    {
        public GpuRasterPass Inner { get; } = inner;

        public ReadOnlySpan<float> Image => Inner.Image;

        public ReadOnlySpan<int> Radii => Inner.Radii;

        public void Dispose() => Inner.Dispose();
    }
}
