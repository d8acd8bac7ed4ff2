namespace Augment.Splat.Training;

/// <summary>One forward pass: the image (planar RGB) and each Gaussian's screen radius (0 = not visible).</summary>
internal interface ITrainingPass : IDisposable
{
    /// <summary>Planar RGB, 3 × width × height.</summary>
    ReadOnlySpan<float> Image { get; }

    /// <summary>Screen radius in pixels per Gaussian (0 = not visible).</summary>
    ReadOnlySpan<int> Radii { get; }
}
