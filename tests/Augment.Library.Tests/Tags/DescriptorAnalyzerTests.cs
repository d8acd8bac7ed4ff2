using Augment.Vision.Tests.Peers;

namespace Augment.Library.Tests.Tags;

public sealed class DescriptorAnalyzerTests
{
    private static readonly DescriptorAnalyzer Analyzer = new();

    [Fact]
    public void Every_shot_gets_its_own_tags_with_the_shots_time_range()
    {
        using var red = Pictures.Solid(96, 64, 0.8f, 0.1f, 0.1f);
        using var blue = Pictures.Solid(96, 64, 0.1f, 0.2f, 0.8f);
        using var grey = Pictures.GreyRamp(96, 64, 3);
        var shots = new[]
        {
            Shot(0, 0.0, 1.5, red, 0.001f),
            Shot(1, 1.5, 7.0, blue, 0.03f),
            Shot(2, 7.0, 40.0, grey, 0.2f),
        };

        var analysis = Analyzer.Analyze(Sample(shots), TestContext.Current.CancellationToken);

        Assert.Equal("descriptors", analysis.Source);
        Assert.Equal(Analyzer.Version, analysis.Version);
        Assert.Empty(analysis.Embeddings);
        foreach (var shot in shots)
        {
            var tags = analysis.Tags.Where(t => t.ShotIndex == shot.ShotIndex).ToList();
            Assert.NotEmpty(tags);
            Assert.All(tags, t => Assert.Equal((shot.Start, shot.End), (t.Start, t.End)));
            Assert.All(tags, t => Assert.InRange(t.Score, 0f, 1f));
            Assert.Equal(tags.Count, tags.Select(t => t.Name).Distinct().Count());
        }
        Assert.Equal(["red", "static", "short shot"], Names(analysis, 0, "red", "static", "moving", "fast motion", "short shot", "long take"));
        Assert.Equal(["blue", "moving"], Names(analysis, 1, "blue", "static", "moving", "fast motion", "short shot", "long take"));
        Assert.Equal(["black and white", "moving", "fast motion", "long take"],
            Names(analysis, 2, "black and white", "colorful", "muted", "static", "moving", "fast motion", "short shot", "long take"));
    }

    [Fact]
    public void A_still_gets_picture_tags_but_no_motion_or_length_tags()
    {
        using var picture = Pictures.Solid(64, 64, 0.9f, 0.9f, 0.9f);

        var analysis = Analyzer.Analyze(Sample([Shot(0, 0, 0, picture, 0f)]), TestContext.Current.CancellationToken);

        var names = analysis.Tags.Select(t => t.Name).ToList();
        Assert.Contains("bright", names);
        Assert.DoesNotContain("static", names);
        Assert.DoesNotContain("short shot", names);
        Assert.All(analysis.Tags, t => Assert.Equal(TimeSpan.Zero, t.End));
    }

    [Theory]
    [InlineData(0.05f, 0.05f, 0.05f, "dark")]
    [InlineData(0.95f, 0.95f, 0.92f, "bright")]
    public void Lightness_tags_follow_mean_L_star(float red, float green, float blue, string expected)
    {
        using var picture = Pictures.Solid(64, 64, red, green, blue);

        var tag = Assert.Single(Tags(picture), t => t.Name is "bright" or "dark");

        Assert.Equal(expected, tag.Name);
        Assert.True(tag.Score > 0.9f, $"score {tag.Score}"); // far past the threshold
    }

    [Fact]
    public void Contrast_tags_follow_rms_contrast()
    {
        using var stark = Pictures.Columns(128, 64, (0.5, 0f, 0f, 0f), (0.5, 1f, 1f, 1f));
        using var flat = Pictures.Solid(128, 64, 0.4f, 0.5f, 0.6f);

        Assert.Contains(Tags(stark), t => t.Name == "high contrast");
        Assert.Contains(Tags(flat), t => t.Name == "low contrast");
        Assert.DoesNotContain(Tags(flat), t => t.Name == "high contrast");
    }

    [Fact]
    public void Saturated_stripes_are_colorful_and_a_pale_picture_is_muted()
    {
        using var stripes = Pictures.Columns(120, 60, (0.25, 1f, 0f, 0f), (0.25, 0f, 0.8f, 0f), (0.25, 0f, 0f, 1f), (0.25, 1f, 1f, 0f));
        using var pale = Pictures.Solid(120, 60, 0.65f, 0.55f, 0.45f); // M = 0.3 * |(25.5, 38.25)| = 13.8, C*ab about 15

        var colorful = Assert.Single(Tags(stripes), t => t.Name == "colorful");
        Assert.True(colorful.Score > 0.95f);
        Assert.Contains(Tags(pale), t => t.Name == "muted");
        Assert.DoesNotContain(Tags(pale), t => t.Name == "black and white");
    }

    [Fact]
    public void Sunset_orange_has_warm_tones_and_sky_blue_cool_tones()
    {
        using var sunset = Pictures.Solid(64, 64, 0.95f, 0.55f, 0.2f);
        using var sky = Pictures.Solid(64, 64, 0.45f, 0.7f, 0.95f);

        Assert.Contains(Tags(sunset), t => t.Name == "warm tones");
        Assert.Contains(Tags(sky), t => t.Name == "cool tones");
    }

    [Fact]
    public void A_colour_covering_less_than_the_minimum_share_is_not_a_tag()
    {
        using var picture = Pictures.Columns(200, 100, (0.94, 1f, 1f, 1f), (0.06, 0f, 0f, 1f));

        var names = Tags(picture).Select(t => t.Name).ToList();

        Assert.Contains("white", names);
        Assert.DoesNotContain("blue", names);
        Assert.Contains("blue", Tags(picture, DescriptorOptions.Default.WithColors(5, 0.05f)).Select(t => t.Name));
    }

    [Fact]
    public void Scores_are_one_half_at_the_threshold_and_rise_past_it()
    {
        Assert.Equal(0.5, DescriptorTags.Logistic(0, 3), 1e-12);
        Assert.Equal(1 / (1 + Math.Exp(-1)), DescriptorTags.Logistic(3, 3), 1e-12);
        Assert.True(DescriptorTags.Logistic(9, 3) > 0.95);
    }

    [Fact]
    public void Version_names_the_algorithm_and_changes_with_the_settings()
    {
        var other = new DescriptorAnalyzer(DescriptorOptions.Default.WithColors(6));

        Assert.StartsWith(DescriptorAnalyzer.AlgorithmVersion + ";", Analyzer.Version);
        Assert.Equal(Analyzer.Version, new DescriptorAnalyzer(DescriptorOptions.Default with { }).Version);
        Assert.NotEqual(Analyzer.Version, other.Version);
        Assert.Throws<ArgumentException>(() => new DescriptorAnalyzer(DescriptorOptions.Default.WithMotionThresholds(0.1, 0.05, 0.2)));
    }

    [Fact]
    public void Analysing_assets_in_parallel_gives_the_same_tags_as_one_at_a_time()
    {
        var names = new[] { "astronaut.png", "chelsea.png", "coffee.png" };
        var frames = names.Select(n => Pictures.Crop(StandardImages.Load(n), 0, 0, 256, 256)).ToArray();
        try
        {
            var samples = Enumerable.Range(0, 12).Select(i => Sample([Shot(0, i, i + 3.0, frames[i % 3], 0.01f * i)])).ToArray();
            var sequential = samples.Select(s => Analyzer.Analyze(s, TestContext.Current.CancellationToken)).ToArray();

            var parallel = new AssetAnalysis[samples.Length];
            Parallel.For(0, samples.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Analyzer.Analyze(samples[i], TestContext.Current.CancellationToken));

            for (var i = 0; i < samples.Length; i++)
                Assert.Equal(sequential[i].Tags, parallel[i].Tags);
        }
        finally
        {
            foreach (var frame in frames)
                frame.Dispose();
        }
    }

    [Fact]
    public void Cancellation_stops_before_the_next_shot()
    {
        using var picture = Pictures.Solid(16, 16, 0.5f, 0.5f, 0.5f);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => Analyzer.Analyze(Sample([Shot(0, 0, 1, picture, 0f)]), cancelled.Token));
    }

    private static ShotSample Shot(int index, double startSeconds, double endSeconds, ImageFrame keyframe, float motion) =>
        new(index, TimeSpan.FromSeconds(startSeconds), TimeSpan.FromSeconds(endSeconds), keyframe, motion);

    private static AssetSample Sample(ShotSample[] shots) =>
        new(new AssetInfo("/media/clip.mp4", AssetKind.Video, 1000, DateTime.UnixEpoch, "hash"), shots);

    private static List<AssetTag> Tags(ImageFrame picture, DescriptorOptions? options = null) =>
        [.. new DescriptorAnalyzer(options).Analyze(Sample([Shot(0, 0, 0, picture, 0f)]), TestContext.Current.CancellationToken).Tags];

    private static string[] Names(AssetAnalysis analysis, int shot, params string[] among) =>
        [.. analysis.Tags.Where(t => t.ShotIndex == shot && among.Contains(t.Name)).Select(t => t.Name)];
}
