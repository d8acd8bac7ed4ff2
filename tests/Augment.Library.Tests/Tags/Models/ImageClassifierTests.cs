namespace Augment.Library.Tests.Tags.Models;

public sealed class ImageClassifierTests
{
    // Four classes over the three pooled, normalised channel means.
    private static readonly float[,] Weights =
    {
        { 2f, -1f, 0f, 0.5f },
        { -1f, 2f, 0f, 0.5f },
        { 0f, -1f, 2f, 0.5f },
    };

    private static readonly float[] Bias = [0.1f, 0f, -0.1f, 0f];
    private static readonly string[] Labels = ["red", "green", "blue", "grey"];
    private static readonly double[] Mean = [0.485, 0.456, 0.406];
    private static readonly double[] Std = [0.229, 0.224, 0.225];

    // The closed form of the tiny model: softmax(((rgb - mean) / std) · W + b).
    private static double[] Expected(double r, double g, double b)
    {
        double[] normalised = [(r - Mean[0]) / Std[0], (g - Mean[1]) / Std[1], (b - Mean[2]) / Std[2]];
        var logits = TinyModels.Times(normalised, Weights);
        for (var i = 0; i < logits.Length; i++) logits[i] += Bias[i];
        return TinyModels.Softmax(logits);
    }

    [Fact]
    public void Probabilities_of_a_uniform_frame_match_the_closed_form()
    {
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), Labels);
        using var frame = TinyModels.Uniform(40, 30, 0.9f, 0.2f, 0.1f);
        var p = classifier.Probabilities([frame], TestContext.Current.CancellationToken)[0];
        var expected = Expected(0.9, 0.2, 0.1);
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], p[i], tolerance: 1e-5);
        var top = classifier.Classify(frame, topK: 2, TestContext.Current.CancellationToken);
        var order = Enumerable.Range(0, 4).OrderByDescending(i => expected[i]).ToArray();
        Assert.Equal([Labels[order[0]], Labels[order[1]]], top.Select(s => s.Label));
        Assert.Equal(expected[order[0]], top[0].Probability, tolerance: 1e-5);
    }

    [Fact]
    public void The_crop_size_comes_from_a_fixed_model_and_the_resize_keeps_the_ImageNet_ratio()
    {
        using var fixedModel = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), Labels);
        Assert.Equal((8, 8, 9), (fixedModel.CropWidth, fixedModel.CropHeight, fixedModel.ResizeShortSidePixels));
        using var dynamicModel = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias), Labels);
        Assert.Equal((224, 224, 256), (dynamicModel.CropWidth, dynamicModel.CropHeight, dynamicModel.ResizeShortSidePixels));
    }

    [Fact]
    public void The_centre_crop_drops_the_sides_of_a_wide_frame()
    {
        // 12x8 with a 2-pixel border of another colour at each side: resize short side 8 is a no-op, the crop
        // keeps columns 2..9, so only the centre colour reaches the model.
        using var frame = TinyModels.Uniform(12, 8, 0.1f, 0.8f, 0.3f);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 8; y++)
            {
                var row = frame.Row(c, y);
                row[0] = row[1] = row[10] = row[11] = c == 0 ? 1f : 0f;
            }
        }
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias), Labels,
            ImageClassifierOptions.Default.WithCrop(8).WithResize(8));
        var p = classifier.Probabilities([frame], TestContext.Current.CancellationToken)[0];
        var expected = Expected(0.1, 0.8, 0.3);
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], p[i], tolerance: 1e-5);
    }

    [Fact]
    public void Mean_of_normalised_pixels_uses_RGB_order_and_the_given_statistics()
    {
        // A random 8x8 frame fed whole: the model's pooled input is ((mean of each plane) - mean) / std.
        var random = new Random(7);
        using var frame = ImageFrame.Create(8, 8, 3);
        for (var i = 0; i < frame.Data.Length; i++) frame.Data[i] = (float)random.NextDouble();
        var means = Enumerable.Range(0, 3).Select(c => frame.Plane(c).ToArray().Average(v => (double)v)).ToArray();
        float[] mean = [0.5f, 0.25f, 0f];
        float[] std = [0.5f, 1f, 2f];
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias), Labels,
            ImageClassifierOptions.Default.WithCrop(8).WithResize(8).WithNormalization(mean, std));
        double[] normalised = [(means[0] - 0.5) / 0.5, (means[1] - 0.25) / 1, (means[2] - 0) / 2];
        var logits = TinyModels.Times(normalised, Weights).Select((v, i) => v + Bias[i]).ToArray();
        var expected = TinyModels.Softmax(logits);
        var p = classifier.Probabilities([frame], TestContext.Current.CancellationToken)[0];
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], p[i], tolerance: 1e-5);
    }

    [Fact]
    public void A_model_that_outputs_probabilities_is_not_softmaxed_twice()
    {
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8, softmax: true), Labels,
            ImageClassifierOptions.Default.WithOutput(ClassifierOutput.Probabilities));
        using var frame = TinyModels.Uniform(16, 16, 0.2f, 0.3f, 0.9f);
        var p = classifier.Probabilities([frame], TestContext.Current.CancellationToken)[0];
        var expected = Expected(0.2, 0.3, 0.9);
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], p[i], tolerance: 1e-5);
    }

    [Fact]
    public void Batched_classification_equals_one_by_one()
    {
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), Labels,
            ImageClassifierOptions.Default with { MaxBatch = 2 });
        var frames = new[]
        {
            TinyModels.Uniform(20, 10, 0.9f, 0.1f, 0.1f), TinyModels.Uniform(10, 20, 0.1f, 0.9f, 0.1f),
            TinyModels.Uniform(9, 9, 0.1f, 0.1f, 0.9f), TinyModels.Uniform(30, 12, 0.5f, 0.5f, 0.5f),
        };
        try
        {
            var batched = classifier.Classify(frames, topK: 4, TestContext.Current.CancellationToken);
            for (var i = 0; i < frames.Length; i++)
            {
                var single = classifier.Classify(frames[i], topK: 4, TestContext.Current.CancellationToken);
                Assert.Equal(single.Select(s => s.Label), batched[i].Select(s => s.Label));
                for (var k = 0; k < 4; k++) Assert.Equal(single[k].Probability, batched[i][k].Probability, tolerance: 1e-6);
            }
            Assert.Equal(["red", "green", "blue"], batched.Take(3).Select(b => b[0].Label));
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [Fact]
    public void Synset_label_files_keep_the_first_name()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("model.onnx"), TinyModels.Classifier(Weights, Bias, fixedSize: 8));
        File.WriteAllText(folder.File("labels.txt"),
            "n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\nn01484850 great white shark\nplain label\n\n");
        using var classifier = ImageClassifier.Load(folder.File("model.onnx"), folder.File("labels.txt"));
        Assert.Equal(["tench", "goldfish", "great white shark", "plain label"], classifier.Labels);
        Assert.Equal(64, classifier.ModelDigest.Length);
    }

    [Fact]
    public void A_label_count_that_differs_from_the_classes_names_both_numbers()
    {
        var e = Assert.Throws<ModelSignatureException>(() => ImageClassifier.Load(TinyModels.Classifier(Weights, Bias), ["a", "b", "c"]));
        Assert.Contains("4 classes", e.Message);
        Assert.Contains("3 labels", e.Message);
    }

    [Fact]
    public void Wrong_signatures_are_rejected_with_the_reason()
    {
        var oneChannel = Assert.Throws<ModelSignatureException>(() =>
            ImageClassifier.Load(TinyModels.Classifier(new float[1, 4], Bias, channels: 1), Labels));
        Assert.Contains("dimension 1", oneChannel.Message);
        Assert.Contains("[N, 3, H, W]", oneChannel.Message);

        var image = OnnxGraphBuilder.Multiply(2f).ToBytes();
        var rank = Assert.Throws<ModelSignatureException>(() => ImageClassifier.Load(image, Labels));
        Assert.Contains("rank 4", rank.Message);

        var crop = Assert.Throws<ModelSignatureException>(() =>
            ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), Labels, ImageClassifierOptions.Default.WithCrop(16)));
        Assert.Contains("8x8", crop.Message);
        Assert.Contains("16", crop.Message);

        Assert.Throws<InvalidModelException>(() => ImageClassifier.Load([1, 2, 3, 4], Labels));
        Assert.Throws<InvalidMediaException>(() => ImageClassifier.Load(TinyModels.Classifier(Weights, Bias), ["a", "", "c", "d"]));
    }

    [Fact]
    public void ClassifierAnalyzer_tags_each_shot_above_the_minimum_and_versions_by_settings()
    {
        using var classifier = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), Labels);
        var analyzer = new ClassifierAnalyzer(classifier, ClassifierAnalyzerOptions.Default.Keep(2, 0.2f).Named("imagenet"));
        using var red = TinyModels.Uniform(32, 24, 0.95f, 0.05f, 0.05f);
        using var blue = TinyModels.Uniform(32, 24, 0.05f, 0.05f, 0.95f);
        var sample = new AssetSample(new AssetInfo("clip.mp4", AssetKind.Image, 1, DateTime.UnixEpoch, "h"),
        [
            new ShotSample(0, TimeSpan.Zero, TimeSpan.FromSeconds(2), red, 0),
            new ShotSample(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), blue, 0),
        ]);
        var analysis = analyzer.Analyze(sample, TestContext.Current.CancellationToken);
        Assert.Equal("imagenet", analysis.Source);
        Assert.Empty(analysis.Embeddings);

        foreach (var (shot, colour) in new[] { (0, new[] { 0.95, 0.05, 0.05 }), (1, new[] { 0.05, 0.05, 0.95 }) })
        {
            var expected = Expected(colour[0], colour[1], colour[2]);
            var kept = Enumerable.Range(0, 4).OrderByDescending(i => expected[i]).Take(2).Where(i => expected[i] >= 0.2).ToArray();
            var tags = analysis.Tags.Where(t => t.ShotIndex == shot).ToArray();
            Assert.Equal(kept.Select(i => Labels[i]), tags.Select(t => t.Name));
            for (var k = 0; k < kept.Length; k++) Assert.Equal(expected[kept[k]], tags[k].Score, tolerance: 1e-5);
            Assert.All(tags, t => Assert.Equal(sample.Shots[shot].Start, t.Start));
            Assert.All(tags, t => Assert.Equal(sample.Shots[shot].End, t.End));
        }

        Assert.Equal(analyzer.Version, new ClassifierAnalyzer(classifier, ClassifierAnalyzerOptions.Default.Keep(2, 0.2f)).Version);
        Assert.NotEqual(analyzer.Version, new ClassifierAnalyzer(classifier, ClassifierAnalyzerOptions.Default.Keep(3, 0.2f)).Version);
        using var relabelled = ImageClassifier.Load(TinyModels.Classifier(Weights, Bias, fixedSize: 8), ["r", "g", "b", "grey"]);
        Assert.NotEqual(analyzer.Version, new ClassifierAnalyzer(relabelled, ClassifierAnalyzerOptions.Default.Keep(2, 0.2f)).Version);
        using var otherWeights = ImageClassifier.Load(TinyModels.Classifier(Weights, [0, 0, 0, 0], fixedSize: 8), Labels);
        Assert.NotEqual(analyzer.Version, new ClassifierAnalyzer(otherWeights, ClassifierAnalyzerOptions.Default.Keep(2, 0.2f)).Version);
    }
}
