using Augment.Vision.Tests.Upscaling;

namespace Augment.Vision.Tests.Style;

public class FilmLookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Output_takes_on_the_references_oklab_mean_and_standard_deviation()
    {
        using var source = UpscaleModels.Crop("coffee.png", 150, 100, 200, 160);
        using var reference = UpscaleModels.Crop("chelsea.png", 100, 50, 180, 150);

        using var look = FilmLook.Apply(source, o => o.WithReference(reference), Ct);

        var (meanRef, stdRef) = OklabStatistics(reference);
        var (meanOut, stdOut) = OklabStatistics(look);
        var (meanSrc, _) = OklabStatistics(source);
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(meanOut[c] - meanRef[c]) < 2e-3, $"channel {c}: mean {meanOut[c]:F4} vs reference {meanRef[c]:F4} (source {meanSrc[c]:F4})");
            Assert.True(Math.Abs(stdOut[c] / stdRef[c] - 1) < 0.02, $"channel {c}: std {stdOut[c]:F4} vs reference {stdRef[c]:F4}");
        }
    }

    [Fact]
    public void Grain_standard_deviation_is_0_1_times_intensity_at_mid_grey_and_follows_the_luminance_response()
    {
        using var mid = Flat(0.5f);
        using var dark = Flat(0.1f);
        using var mid2 = FilmLook.Apply(mid, o => o.WithGrain(0.2f, 1.5f), Ct);
        using var mid4 = FilmLook.Apply(mid, o => o.WithGrain(0.4f, 1.5f), Ct);
        using var dark4 = FilmLook.Apply(dark, o => o.WithGrain(0.4f, 1.5f), Ct);

        var s2 = GrainStd(mid2, 0.5f);
        var s4 = GrainStd(mid4, 0.5f);
        var sDark = GrainStd(dark4, 0.1f);
        Assert.True(Math.Abs(s2 / 0.02 - 1) < 0.05, $"std at intensity 0.2: {s2:F5}, expected 0.02");
        Assert.Equal(2.0, s4 / s2, 3);
        // 4 * 0.1 * 0.9 = 0.36 of the mid-grey response.
        Assert.Equal(0.36, sDark / s4, 3);
    }

    [Theory]
    [InlineData(1.0f)]
    [InlineData(3.0f)]
    public void Grain_size_sets_the_neighbour_correlation_of_blurred_white_noise(float size)
    {
        using var mid = Flat(0.5f);
        using var grainy = FilmLook.Apply(mid, o => o.WithGrain(0.5f, size), Ct);
        double sum = 0, sumSq = 0;
        var n = 0;
        for (var y = 0; y < grainy.Height; y++)
        {
            var row = grainy.Row(1, y);
            for (var x = 0; x + 1 < row.Length; x++)
            {
                sum += (row[x] - 0.5) * (row[x + 1] - 0.5);
                sumSq += (row[x] - 0.5) * (row[x] - 0.5);
                n++;
            }
        }
        var correlation = sum / sumSq;
        // White noise blurred by a sampled Gaussian k (sigma = size / 2, radius ceil(3 sigma)) correlates
        // sum(k_i k_(i+1)) / sum(k_i^2) with its horizontal neighbour (the vertical blur cancels);
        // for large sigma this tends to exp(-1 / (4 sigma^2)).
        var sigma = size / 2.0;
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new double[2 * radius + 1];
        for (var i = 0; i < k.Length; i++) k[i] = Math.Exp(-0.5 * (i - radius) * (i - radius) / (sigma * sigma));
        double lagged = 0, squares = 0;
        for (var i = 0; i < k.Length; i++)
        {
            squares += k[i] * k[i];
            if (i + 1 < k.Length) lagged += k[i] * k[i + 1];
        }
        var expected = lagged / squares;
        Assert.True(Math.Abs(correlation - expected) < 0.02, $"lag-1 correlation {correlation:F3}, expected {expected:F3}");
    }

    [Fact]
    public void Same_seed_gives_the_same_grain_on_any_thread_count_and_another_seed_differs()
    {
        using var frame = UpscaleModels.Crop("astronaut.png", 100, 100, 128, 96);
        using var single = ImageFrame.Create(128, 96, 3, budget: ComputeBudget.SingleThreaded);
        frame.Data.CopyTo(single.Data);
        using var a = FilmLook.Apply(frame, o => o.WithGrain(0.3f).WithSeed(5), Ct);
        using var b = FilmLook.Apply(single, o => o.WithGrain(0.3f).WithSeed(5), Ct);
        using var c = FilmLook.Apply(frame, o => o.WithGrain(0.3f).WithSeed(6), Ct);
        Assert.True(a.Data.SequenceEqual(b.Data));
        Assert.False(a.Data.SequenceEqual(c.Data));
    }

    [Fact]
    public void Grey_frames_are_refused_and_grain_options_are_range_checked()
    {
        using var grey = ImageFrame.Create(8, 8, 1);
        Assert.Throws<ArgumentException>(() => FilmLook.Apply(grey, o => o.WithGrain(0.2f), Ct));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilmLookOptions.Default.WithGrain(1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilmLookOptions.Default.WithGrain(0.2f, 0.1f));
    }

    private static ImageFrame Flat(float value)
    {
        var frame = ImageFrame.Create(256, 256, 3);
        frame.Data.Fill(value);
        return frame;
    }

    private static double GrainStd(ImageFrame frame, float level)
    {
        double sq = 0;
        foreach (var v in frame.Plane(0)) sq += (v - level) * (v - level);
        return Math.Sqrt(sq / frame.PixelCount);
    }

    /// <summary>Mean and standard deviation of L, a, b (Ottosson 2020 matrices, written out here as the oracle).</summary>
    private static (double[] Mean, double[] Std) OklabStatistics(ImageFrame frame)
    {
        var sum = new double[3];
        var sq = new double[3];
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var r = Decode(frame.Plane(0)[i]);
            var g = Decode(frame.Plane(1)[i]);
            var b = Decode(frame.Plane(2)[i]);
            var l = Math.Cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
            var m = Math.Cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
            var s = Math.Cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
            double[] lab = [0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s, 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s];
            for (var c = 0; c < 3; c++)
            {
                sum[c] += lab[c];
                sq[c] += lab[c] * lab[c];
            }
        }
        var n = frame.PixelCount;
        var mean = new double[3];
        var std = new double[3];
        for (var c = 0; c < 3; c++)
        {
            mean[c] = sum[c] / n;
            std[c] = Math.Sqrt(sq[c] / n - mean[c] * mean[c]);
        }
        return (mean, std);
    }

    private static double Decode(double v) => Math.CopySign(Math.Abs(v) <= 0.04045 ? Math.Abs(v) / 12.92 : Math.Pow((Math.Abs(v) + 0.055) / 1.055, 2.4), v);
}
