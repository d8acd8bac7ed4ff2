namespace Augment.Vision.Tests.Resampling;

public class ResizeBadInputTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-5, 10)]
    public void Zero_or_negative_sizes_are_argument_errors(int width, int height)
    {
        using var frame = ImageFrame.Create(8, 8, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.Resize(width, height).Dispose());
    }

    [Fact]
    public void Options_without_a_size_are_an_argument_error()
    {
        using var frame = ImageFrame.Create(8, 8, 3);
        var error = Assert.Throws<ArgumentException>(() => frame.Resize(new ResizeOptions(), cancellationToken: TestContext.Current.CancellationToken).Dispose());
        Assert.Contains("width", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_beyond_the_memory_budget_is_a_resource_error_naming_the_sizes()
    {
        using var frame = ImageFrame.Create(64, 64, 3, budget: ComputeBudget.Default with { MaxMemoryBytes = 64L << 20 });
        var error = Assert.Throws<ResourceLimitException>(() => frame.Resize(20000, 20000).Dispose());
        Assert.Contains("64x64 to 20000x20000", error.Message, StringComparison.Ordinal);
        Assert.Contains("64 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_beyond_what_one_buffer_holds_is_a_resource_error()
    {
        using var frame = ImageFrame.Create(4, 4, 3);
        var error = Assert.Throws<ResourceLimitException>(() => frame.Resize(int.MaxValue, 2).Dispose());
        Assert.Contains("2147483647x2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_samples_do_not_crash_and_stay_local()
    {
        using var frame = ImageFrame.Create(40, 40, 3);
        frame.Data.Fill(0.5f);
        frame.Row(0, 20)[20] = float.NaN;
        frame.Row(1, 3)[3] = float.PositiveInfinity;
        using var result = frame.Resize(20, 20);
        // A non-finite sample spoils its kernel footprint only (Lanczos-3 at 2x: ±3 output pixels).
        Assert.Equal(0.5f, result.Row(0, 0)[19], 1e-5f);
        Assert.Equal(0.5f, result.Row(0, 19)[0], 1e-5f);
    }

    [Fact]
    public void Print_sizing_rejects_non_positive_inches_and_dpi()
    {
        using var frame = ImageFrame.Create(8, 8, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.ToPrint(0, 300).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.ToPrint(4, double.NaN).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.ToPrint(4, -1).Dispose());
    }
}
