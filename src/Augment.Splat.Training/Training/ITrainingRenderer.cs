namespace Augment.Splat.Training;

/// <summary>The differentiable renderer as the trainer sees it (the rasteriser behind an adapter, or a test double).</summary>
internal interface ITrainingRenderer
{
    /// <summary>Renders planar RGB and keeps what <see cref="Backward"/> needs.</summary>
    ITrainingPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken);

    /// <summary>Accumulates parameter gradients, screen-space mean gradient norms (pixels) and visibility counts.</summary>
    void Backward(ITrainingPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount);
}
