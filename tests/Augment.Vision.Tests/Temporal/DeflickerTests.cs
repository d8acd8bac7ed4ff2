using System.Runtime.CompilerServices;

namespace Augment.Vision.Tests.Temporal;

public sealed class DeflickerTests
{
    private const int Frames = 60;

    // One photographic stop over the clip: a slow real exposure change the stage must keep.
    private static double Ramp(int t) => Math.Pow(2.0, t / (Frames - 1.0));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exposure_flicker_difference_variance_drops_by_80_percent_and_the_ramp_is_kept(bool followTrend)
    {
        var random = new Random(4);
        var deflicker = new Deflicker(new DeflickerOptions { WindowFrames = 15, Strength = 1.0, Mode = DeflickerMode.Luminance, FollowTrend = followTrend });
        var before = new List<double>();
        var after = new List<double>();
        var ramp = new List<double>();
        for (var t = 0; t < Frames; t++)
        {
            var flicker = 0.85 + 0.3 * random.NextDouble();
            var exposure = Ramp(t) * flicker;
            using var frame = FlickerClips.Frame(t, exposure, exposure, exposure);
            before.Add(FlickerClips.Luminance(FlickerClips.LinearMeans(frame)));
            deflicker.Process(frame, TestContext.Current.CancellationToken);
            after.Add(FlickerClips.Luminance(FlickerClips.LinearMeans(frame)));
            ramp.Add(Ramp(t));
        }

        var reduction = 1.0 - FlickerClips.DifferenceVariance(after) / FlickerClips.DifferenceVariance(before);
        var correlation = FlickerClips.Correlation(after, ramp);
        var inputCorrelation = FlickerClips.Correlation(before, ramp);
        FlickerClips.Log($"FollowTrend={followTrend}: difference-variance reduction {reduction:P2}; correlation with the true ramp {inputCorrelation:F4} -> {correlation:F4}");
        Assert.True(reduction >= 0.80, $"reduction {reduction:P2}");
        Assert.True(correlation > 0.95, $"correlation {correlation:F4}");
        Assert.True(Mean(after, Frames - 10, Frames) > 1.5 * Mean(after, 0, 10), "the slow exposure ramp was flattened");
    }

    [Fact]
    public void Colour_cast_flicker_is_reduced_by_80_percent_in_mean_color_mode()
    {
        var (chromaBefore, chromaAfter) = RunColourFlicker(DeflickerMode.MeanColor);
        var reduction = 1.0 - chromaAfter / chromaBefore;
        var (_, luminanceOnly) = RunColourFlicker(DeflickerMode.Luminance);
        var luminanceReduction = 1.0 - luminanceOnly / chromaBefore;
        FlickerClips.Log($"chroma (log R/G, log B/G) difference-variance reduction: MeanColor {reduction:P2}, Luminance only {luminanceReduction:P2}");
        Assert.True(reduction >= 0.80, $"reduction {reduction:P2}");
        // A single luminance gain cannot fix a cast: the per-channel mode is what removes it.
        Assert.True(luminanceReduction < 0.5, $"luminance-only reduction {luminanceReduction:P2}");
    }

    [Fact]
    public void Flicker_free_clip_is_left_almost_unchanged()
    {
        var deflicker = new Deflicker(new DeflickerOptions { Mode = DeflickerMode.Luminance | DeflickerMode.MeanColor });
        double worst = 0;
        for (var t = 0; t < 30; t++)
        {
            using var frame = FlickerClips.Frame(t, 1, 1, 1);
            using var original = frame.Clone();
            deflicker.Process(frame, TestContext.Current.CancellationToken);
            worst = Math.Max(worst, MeanAbsoluteDifference(frame, original));
        }
        FlickerClips.Log($"worst per-frame mean absolute change {worst:E2}");
        Assert.True(worst < 1e-3, $"mean abs change {worst:E2}");
    }

    [Fact]
    public void Trend_following_passes_a_flicker_free_exposure_ramp_once_warmed_up()
    {
        // A causal average lags a real ramp and so darkens or brightens it; the trend term removes that lag.
        var (trendEnd, trendWorst) = RampChange(followTrend: true);
        var (plainEnd, plainWorst) = RampChange(followTrend: false);
        FlickerClips.Log($"flicker-free one-stop ramp, mean abs change over the last 10 frames: FollowTrend {trendEnd:E2} (worst frame {trendWorst:E2}), plain EMA {plainEnd:E2} (worst {plainWorst:E2})");
        Assert.True(trendEnd < 1e-3, $"trend-following change {trendEnd:E2}");
        Assert.True(trendEnd < 0.25 * plainEnd);
    }

    private static (double LastFrames, double Worst) RampChange(bool followTrend)
    {
        var deflicker = new Deflicker(new DeflickerOptions { FollowTrend = followTrend });
        double last = 0, worst = 0;
        for (var t = 0; t < Frames; t++)
        {
            var exposure = Ramp(t);
            using var frame = FlickerClips.Frame(t, exposure, exposure, exposure);
            using var original = frame.Clone();
            deflicker.Process(frame, TestContext.Current.CancellationToken);
            var change = MeanAbsoluteDifference(frame, original);
            worst = Math.Max(worst, change);
            if (t >= Frames - 10)
                last += change / 10;
        }
        return (last, worst);
    }

    [Fact]
    public void Strength_zero_is_the_identity()
    {
        var random = new Random(7);
        var deflicker = new Deflicker(new DeflickerOptions { Strength = 0, Mode = DeflickerMode.MeanColor });
        for (var t = 0; t < 20; t++)
        {
            var g = 0.85 + 0.3 * random.NextDouble();
            using var frame = FlickerClips.Frame(t, g, g * 1.1, g * 0.9);
            using var original = frame.Clone();
            var correction = deflicker.Process(frame, TestContext.Current.CancellationToken);
            Assert.Equal((1.0, 1.0, 1.0), (correction.Gain0, correction.Gain1, correction.Gain2));
            Assert.True(frame.Data.SequenceEqual(original.Data));
        }
    }

    [Fact]
    public void Multiplicative_flicker_on_an_srgb_clip_is_corrected_by_a_uniform_linear_light_gain()
    {
        // Every output frame must be the flicker-free image times one constant in linear light (the
        // correction does not bend tones), and the constants must vary far less than the flicker did.
        var random = new Random(11);
        var deflicker = new Deflicker(new DeflickerOptions { WindowFrames = 15, Mode = DeflickerMode.Luminance });
        using var reference = FlickerClips.Frame(0, 1, 1, 1, ColorSpace.LinearSrgb);
        var referenceMean = FlickerClips.Luminance(FlickerClips.LinearMeans(reference));
        var inputGains = new List<double>();
        var outputGains = new List<double>();
        for (var t = 0; t < 40; t++)
        {
            var g = 0.85 + 0.3 * random.NextDouble();
            inputGains.Add(g);
            using var frame = FlickerClips.Frame(0, g, g, g);
            deflicker.Process(frame, TestContext.Current.CancellationToken);
            using var linear = frame.ConvertColorSpace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken);
            var c = FlickerClips.Luminance(FlickerClips.LinearMeans(linear)) / referenceMean;
            outputGains.Add(c);
            for (var channel = 0; channel < 3; channel++)
            {
                var output = linear.Plane(channel);
                var expected = reference.Plane(channel);
                for (var i = 0; i < output.Length; i += 37)
                    Assert.Equal(c * expected[i], output[i], 2e-5);
            }
        }
        var inputSpread = FlickerClips.DifferenceVariance(inputGains);
        var outputSpread = FlickerClips.DifferenceVariance(outputGains);
        FlickerClips.Log($"static clip: difference variance of the linear gain {inputSpread:E3} -> {outputSpread:E3}");
        Assert.True(outputSpread < 0.2 * inputSpread, $"{outputSpread:E3} vs {inputSpread:E3}");
    }

    [Fact]
    public void A_shot_change_restarts_the_trajectory_so_one_shot_grade_does_not_bleed_into_the_next()
    {
        var deflicker = new Deflicker(new DeflickerOptions { WindowFrames = 15 });
        for (var t = 0; t < 20; t++)
        {
            using var bright = FlickerClips.Frame(t, 1.2, 1.2, 1.2);
            Assert.False(deflicker.Process(bright, TestContext.Current.CancellationToken).SceneCut);
        }
        using var dark = FlickerClips.Frame(20, 0.25, 0.25, 0.25);
        var correction = deflicker.Process(dark, TestContext.Current.CancellationToken);
        Assert.True(correction.SceneCut);
        Assert.Equal(1.0, correction.Gain0);
    }

    [Fact]
    public void Processing_200_frames_retains_no_frame()
    {
        var deflicker = new Deflicker(new DeflickerOptions { Mode = DeflickerMode.MeanColor });
        var references = new WeakReference[200];
        for (var t = 0; t < references.Length; t++)
            references[t] = ProcessOne(deflicker, t);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var alive = 0;
        foreach (var reference in references)
            alive += reference.IsAlive ? 1 : 0;
        Assert.Equal(200, deflicker.FramesProcessed);
        Assert.True(alive <= 1, $"{alive} frames still reachable");
    }

    [Fact]
    public void Cancellation_is_honoured_before_the_frame_is_touched()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var deflicker = new Deflicker();
        using var frame = FlickerClips.Frame(0, 1.1, 1, 1);
        using var original = frame.Clone();
        Assert.ThrowsAny<OperationCanceledException>(() => deflicker.Process(frame, cancelled.Token));
        Assert.True(frame.Data.SequenceEqual(original.Data));
        Assert.Equal(0, deflicker.FramesProcessed);
    }

    [Fact]
    public void Grey_linear_frames_are_corrected_by_their_own_mean()
    {
        var deflicker = new Deflicker(new DeflickerOptions { WindowFrames = 1_000_000, FollowTrend = false });
        for (var t = 0; t < 2; t++)
        {
            using var frame = ImageFrame.Create(8, 4, 1, ColorSpace.Unspecified);
            for (var i = 0; i < frame.Data.Length; i++)
                frame.Data[i] = (0.1f + 0.01f * i) * (t == 0 ? 1f : 1.2f);
            var correction = deflicker.Process(frame, TestContext.Current.CancellationToken);
            // The second frame is the first one times 1.2; a running mean of logs puts it halfway (in log) back.
            var expected = t == 0 ? 1.0 : Math.Pow(1.2, -0.5);
            Assert.Equal(expected, correction.Gain0, 1e-6); // float32 samples
            Assert.Equal((0.1f + 0.01f * 5) * (t == 0 ? 1f : 1.2f) * expected, frame.Data[5], 1e-6);
        }
    }

    [Fact]
    public void Cancelled_y4m_run_leaves_no_output()
    {
        var directory = Path.Combine(Path.GetTempPath(), "augment-deflicker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var input = Path.Combine(directory, "in.y4m");
            var output = Path.Combine(directory, "out.y4m");
            using (var writer = Y4mWriter.Create(input, FlickerClips.Width, FlickerClips.Height))
            {
                using var frame = FlickerClips.Frame(0, 1, 1, 1, ColorSpace.Rec709);
                writer.WriteFrame(frame, TestContext.Current.CancellationToken);
                writer.Complete();
            }
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => Deflicker.ProcessY4mFile(input, output, null, cancelled.Token));
            Assert.False(File.Exists(output));
            Assert.Single(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Deflicker(new DeflickerOptions { WindowFrames = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Deflicker(new DeflickerOptions { Strength = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Deflicker(new DeflickerOptions { Strength = double.NaN }));
    }

    [Fact]
    public void Y4m_file_to_file_reduces_exposure_flicker()
    {
        var directory = Path.Combine(Path.GetTempPath(), "augment-deflicker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var input = Path.Combine(directory, "in.y4m");
            var output = Path.Combine(directory, "out.y4m");
            var random = new Random(5);
            using (var writer = Y4mWriter.Create(input, FlickerClips.Width, FlickerClips.Height, chroma: Y4mChroma.Yuv444))
            {
                for (var t = 0; t < 40; t++)
                {
                    var g = 0.85 + 0.3 * random.NextDouble();
                    using var frame = FlickerClips.Frame(t, g, g, g, ColorSpace.Rec709);
                    writer.WriteFrame(frame, TestContext.Current.CancellationToken);
                }
                writer.Complete();
            }
            var written = Deflicker.ProcessY4mFile(input, output, new DeflickerOptions(), TestContext.Current.CancellationToken);
            Assert.Equal(40, written);
            var before = ReadLuminance(input);
            var after = ReadLuminance(output);
            var reduction = 1.0 - FlickerClips.DifferenceVariance(after) / FlickerClips.DifferenceVariance(before);
            FlickerClips.Log($"Y4M (8-bit 4:4:4) difference-variance reduction {reduction:P2}");
            Assert.Equal(40, after.Count);
            Assert.True(reduction >= 0.80, $"reduction {reduction:P2}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<double> ReadLuminance(string path)
    {
        var series = new List<double>();
        using var reader = Y4mReader.Open(path);
        while (reader.ReadFrame(TestContext.Current.CancellationToken) is { } frame)
        {
            using (frame)
                series.Add(FlickerClips.Luminance(FlickerClips.LinearMeans(frame)));
        }
        return series;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ProcessOne(Deflicker deflicker, int t)
    {
        var frame = FlickerClips.Frame(t, 1 + 0.1 * Math.Sin(t), 1, 1);
        deflicker.Process(frame, TestContext.Current.CancellationToken);
        frame.Dispose();
        return new WeakReference(frame);
    }

    private static (double Before, double After) RunColourFlicker(DeflickerMode mode)
    {
        var random = new Random(21);
        var deflicker = new Deflicker(new DeflickerOptions { WindowFrames = 15, Mode = mode });
        var before = new List<double>[] { [], [] };
        var after = new List<double>[] { [], [] };
        for (var t = 0; t < Frames; t++)
        {
            using var frame = FlickerClips.Frame(t, 0.85 + 0.3 * random.NextDouble(), 0.85 + 0.3 * random.NextDouble(), 0.85 + 0.3 * random.NextDouble());
            AddChroma(before, FlickerClips.LinearMeans(frame));
            deflicker.Process(frame, TestContext.Current.CancellationToken);
            AddChroma(after, FlickerClips.LinearMeans(frame));
        }
        return (FlickerClips.DifferenceVariance(before[0]) + FlickerClips.DifferenceVariance(before[1]),
            FlickerClips.DifferenceVariance(after[0]) + FlickerClips.DifferenceVariance(after[1]));
    }

    private static void AddChroma(List<double>[] series, double[] means)
    {
        series[0].Add(Math.Log(means[0] / means[1]));
        series[1].Add(Math.Log(means[2] / means[1]));
    }

    private static double Mean(List<double> values, int start, int end)
    {
        double sum = 0;
        for (var i = start; i < end; i++)
            sum += values[i];
        return sum / (end - start);
    }

    private static double MeanAbsoluteDifference(ImageFrame a, ImageFrame b)
    {
        var x = a.Data;
        var y = b.Data;
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
            sum += Math.Abs(x[i] - y[i]);
        return sum / x.Length;
    }
}
