namespace Augment.Vision;

/// <summary>Collects the upscaled rows into a new float frame (the in-memory result).</summary>
internal sealed class FrameDestination : UpscaleDestination
{
    private ImageFrame? _frame;

    /// <summary>The result; ownership passes to the caller with <see cref="Take"/>.</summary>
    public ImageFrame Take()
    {
        var frame = _frame ?? throw new InvalidOperationException("No rows were written.");
        _frame = null;
        return frame;
    }

    public override void Begin(int width, int height, int channels, bool hasAlpha, ColorSpace colorSpace, ComputeBudget budget, string what)
    {
        budget.EnsureAllocation((long)width * height * channels * sizeof(float), $"{what}: the {width}x{height}x{channels} float result");
        _frame = ImageFrame.Create(width, height, channels, colorSpace, hasAlpha, budget);
    }

    public override void Write(ImageFrame rows, int firstRow, int count, CancellationToken cancellationToken)
    {
        var frame = _frame!;
        for (var c = 0; c < frame.Channels; c++)
        {
            for (var y = 0; y < count; y++) rows.Row(c, y).CopyTo(frame.Row(c, firstRow + y));
        }
    }

    public override void Dispose() => _frame?.Dispose();
}
