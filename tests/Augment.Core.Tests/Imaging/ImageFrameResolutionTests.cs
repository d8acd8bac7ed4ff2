namespace Augment.Core.Tests.Imaging;

public class ImageFrameResolutionTests
{
    [Fact]
    public void Dots_per_inch_is_unknown_by_default_and_travels_with_a_clone()
    {
        using var frame = ImageFrame.Create(4, 4, 3);
        Assert.Null(frame.DotsPerInch);
        frame.DotsPerInch = 300;
        using var copy = frame.Clone();
        Assert.Equal(300, copy.DotsPerInch);
        frame.DotsPerInch = null;
        Assert.Null(frame.DotsPerInch);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-72.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Dots_per_inch_must_be_positive_and_finite(double value)
    {
        using var frame = ImageFrame.Create(4, 4, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.DotsPerInch = value);
    }
}
