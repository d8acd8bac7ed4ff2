namespace Augment.Vision;

/// <summary>Where finished upscaled rows go: a float frame, or an 8/16-bit image on its way to an encoder.</summary>
internal abstract class UpscaleDestination : IDisposable
{
    /// <summary>Allocates the output once its size is known (checked against the budget first).</summary>
    public abstract void Begin(int width, int height, int channels, bool hasAlpha, ColorSpace colorSpace, ComputeBudget budget, string what);

    /// <summary>Takes rows <paramref name="firstRow"/>.. of the output from rows 0..<paramref name="count"/>-1 of <paramref name="rows"/>.</summary>
    public abstract void Write(ImageFrame rows, int firstRow, int count, CancellationToken cancellationToken);

    /// <summary>Releases the output buffer.</summary>
    public abstract void Dispose();
}
