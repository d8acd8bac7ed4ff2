namespace Augment.Vision.Tests.Inspection;

public class StrokeTextCheckTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public void Measured_stroke_width_of_a_rendered_row_matches_the_drawn_width(int strokePixels)
    {
        using var page = ImageFrame.Create(320, 80, 1);
        page.Data.Fill(0.9f);
        GlyphRows.Draw(page, 8, 16, 6, 48, strokePixels, irregular: false, seed: strokePixels);
        var lines = StrokeTextCheck.FindLines(page.Plane(0).ToArray(), 320, 80, ComputeBudget.Default, TestContext.Current.CancellationToken);
        var line = Assert.Single(lines);
        Assert.Equal(6, line.Glyphs);
        Assert.Equal(strokePixels, line.MedianStrokePixels, 0.75);
        Assert.True(line.AcrossVariation < 0.1, $"across-glyph variation {line.AcrossVariation:0.000}");
    }

    [Fact]
    public void Distance_transform_equals_brute_force_nearest_background_distance()
    {
        const int W = 37, H = 23;
        var random = new Random(1);
        var mask = new byte[W * H];
        for (var i = 0; i < mask.Length; i++)
            mask[i] = random.NextDouble() < 0.8 ? (byte)1 : (byte)0;
        var squared = new float[W * H];
        DistanceTransform.Squared(mask, W, H, squared, ComputeBudget.Default, TestContext.Current.CancellationToken);
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var best = double.PositiveInfinity;
                for (var v = 0; v < H; v++)
                {
                    for (var u = 0; u < W; u++)
                    {
                        if (mask[(v * W) + u] == 0)
                            best = Math.Min(best, ((u - x) * (u - x)) + ((v - y) * (v - y)));
                    }
                }
                Assert.Equal(best, squared[(y * W) + x]);
            }
        }
    }

    [Fact]
    public void Irregular_row_is_flagged_with_its_bounds_and_regular_row_is_not()
    {
        using var page = ImageFrame.Create(320, 160, 3);
        page.Data.Fill(0.9f);
        GlyphRows.Draw(page, 8, 10, 6, 40, 4, irregular: false, seed: 1);
        GlyphRows.Draw(page, 8, 100, 6, 40, 4, irregular: true, seed: 2);
        var report = page.Inspect(i => i.Checks(ArtifactChecks.IrregularText), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, report.TextRegionCount);
        var region = Assert.Single(report.Regions);
        Assert.Equal(ArtifactKind.IrregularText, region.Kind);
        Assert.InRange(region.Bounds.Y, 96, 110);
        Assert.True(region.Score > 0.5);
    }
}
