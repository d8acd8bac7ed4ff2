namespace Augment.Library.Tests.Tags.Models;

public sealed class ClipModelTests
{
    private static readonly float[,] Projection =
    {
        { 1f, 0.2f, 0f },
        { 0f, 1f, 0.1f },
        { 0.3f, 0f, 1f },
    };

    private static readonly double[] Mean = [0.48145466, 0.4578275, 0.40821073];
    private static readonly double[] Std = [0.26862954, 0.26130258, 0.27577711];

    // One 3-vector per vocabulary entry of ClipTokenizerTests.Tokens, fixed by the seed.
    private static readonly float[,] Table = MakeTable();

    private static float[,] MakeTable()
    {
        var random = new Random(11);
        var table = new float[ClipTokenizerTests.Tokens.Length, 3];
        for (var i = 0; i < table.GetLength(0); i++)
        {
            for (var j = 0; j < 3; j++) table[i, j] = (float)(random.NextDouble() * 2 - 1);
        }
        return table;
    }

    private static ClipModel Create(int? imageSize = 8, int? contextLength = 8, bool withMask = false, ClipModelOptions? options = null) =>
        ClipModel.Load(TinyModels.ImageEncoder(Projection, imageSize), TinyModels.TextEncoder(Table, withMask, contextLength),
            ClipTokenizerTests.Create(), options);

    // Closed form of the tiny image encoder for a frame whose crop is one colour.
    private static double[] ExpectedImage(double r, double g, double b) =>
        TinyModels.Normalized(TinyModels.Times([(r - Mean[0]) / Std[0], (g - Mean[1]) / Std[1], (b - Mean[2]) / Std[2]], Projection));

    // Closed form of the tiny text encoder: the (normalised) sum of the table rows of the ids that count.
    private static double[] ExpectedText(IEnumerable<int> ids)
    {
        var sum = new double[3];
        foreach (var id in ids)
        {
            for (var j = 0; j < 3; j++) sum[j] += Table[id, j];
        }
        return TinyModels.Normalized(sum);
    }

    private static int Id(string token) => ClipTokenizerTests.Id(token);

    private static void AssertClose(double[] expected, float[] actual, int digits = 5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], tolerance: Math.Pow(10, -digits));
    }

    [Fact]
    public void Sizes_come_from_fixed_encoders_or_default_to_224_and_77()
    {
        using var fixedSizes = Create();
        Assert.Equal((8, 8), (fixedSizes.ImageSizePixels, fixedSizes.ContextLength));
        using var dynamicSizes = Create(imageSize: null, contextLength: null);
        Assert.Equal((224, 77), (dynamicSizes.ImageSizePixels, dynamicSizes.ContextLength));
    }

    [Fact]
    public void Image_embedding_is_the_normalised_projection_of_the_normalised_pixel_means()
    {
        using var clip = Create();
        using var frame = TinyModels.Uniform(48, 30, 0.8f, 0.4f, 0.1f);
        var embedding = clip.EmbedImage(frame, TestContext.Current.CancellationToken);
        AssertClose(ExpectedImage(0.8, 0.4, 0.1), embedding);
        Assert.Equal(1.0, embedding.Sum(v => (double)v * v), tolerance: 1e-5);
    }

    [Fact]
    public void The_centre_crop_drops_the_sides_of_a_wide_frame()
    {
        using var frame = TinyModels.Uniform(12, 8, 0.2f, 0.7f, 0.5f);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 8; y++)
            {
                var row = frame.Row(c, y);
                row[0] = row[1] = row[10] = row[11] = 1f;
            }
        }
        using var clip = Create(imageSize: null, options: ClipModelOptions.Default.WithSizes(8, 8));
        AssertClose(ExpectedImage(0.2, 0.7, 0.5), clip.EmbedImage(frame, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Text_embedding_pools_the_start_tokens_end_and_zero_padding()
    {
        using var clip = Create();
        int[] ids = [Id("<|startoftext|>"), Id("a"), Id("bc</w>"), Id("ab</w>"), Id("<|endoftext|>"), 0, 0, 0];
        AssertClose(ExpectedText(ids), clip.EmbedText("ABC  ab", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Padding_with_the_end_token_changes_what_an_unmasked_encoder_sees()
    {
        using var clip = Create(options: ClipModelOptions.Default.PadWithEnd());
        var end = Id("<|endoftext|>");
        int[] ids = [Id("<|startoftext|>"), Id("red</w>"), end, end, end, end, end, end];
        AssertClose(ExpectedText(ids), clip.EmbedText("red", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void An_attention_mask_is_fed_when_the_encoder_declares_one()
    {
        using var clip = Create(withMask: true);
        int[] ids = [Id("<|startoftext|>"), Id("red</w>"), Id("<|endoftext|>")];
        AssertClose(ExpectedText(ids), clip.EmbedText("red", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Zero_shot_tags_are_softmax_of_scaled_cosines_and_rank_independently_computed()
    {
        using var clip = Create(options: ClipModelOptions.Default.WithLogitScale(10));
        using var frame = TinyModels.Uniform(16, 16, 0.9f, 0.3f, 0.2f);
        string[] vocabulary = ["red", "ab", "abc", "12", "red!"];
        int[][] ids =
        [
            [Id("red</w>")], [Id("ab</w>")], [Id("a"), Id("bc</w>")], [Id("1</w>"), Id("2</w>")], [Id("red</w>"), Id("!</w>")],
        ];
        var image = ExpectedImage(0.9, 0.3, 0.2);
        var logits = ids.Select(t =>
        {
            var padded = new List<int> { Id("<|startoftext|>") };
            padded.AddRange(t);
            padded.Add(Id("<|endoftext|>"));
            while (padded.Count < 8) padded.Add(0);
            var text = ExpectedText(padded);
            return 10 * Enumerable.Range(0, 3).Sum(j => image[j] * text[j]);
        }).ToArray();
        var expected = TinyModels.Softmax(logits);
        var order = Enumerable.Range(0, vocabulary.Length).OrderByDescending(i => expected[i]).ToArray();

        var tags = clip.Tag(frame, vocabulary, TestContext.Current.CancellationToken);
        Assert.Equal(order.Select(i => vocabulary[i]), tags.Select(t => t.Label));
        for (var k = 0; k < order.Length; k++) Assert.Equal(expected[order[k]], tags[k].Probability, tolerance: 1e-4);
        Assert.Equal(1.0, tags.Sum(t => (double)t.Probability), tolerance: 1e-5);
    }

    [Fact]
    public void Repeated_texts_are_served_from_the_cache_as_private_copies()
    {
        using var clip = Create();
        var first = clip.EmbedText("abc", TestContext.Current.CancellationToken);
        var expected = (float[])first.Clone();
        first[0] = 42;
        var again = clip.EmbedText("  ABC ", TestContext.Current.CancellationToken);
        Assert.Equal(expected, again);
        Assert.NotSame(first, again);
        var batch = clip.EmbedTexts(["abc", "ab", "abc"], TestContext.Current.CancellationToken);
        Assert.Equal(expected, batch[0]);
        Assert.Equal(expected, batch[2]);
        Assert.NotSame(batch[0], batch[2]);

        using var uncached = Create(options: ClipModelOptions.Default with { TextCacheCapacity = 0 });
        Assert.Equal(expected, uncached.EmbedText("abc", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Batched_images_equal_one_by_one()
    {
        using var clip = Create(options: ClipModelOptions.Default with { MaxBatch = 2 });
        var frames = new[]
        {
            TinyModels.Uniform(9, 9, 0.1f, 0.2f, 0.3f), TinyModels.Uniform(20, 10, 0.9f, 0.5f, 0.1f), TinyModels.Uniform(10, 30, 0.4f, 0.4f, 0.9f),
        };
        try
        {
            var batched = clip.EmbedImages(frames, TestContext.Current.CancellationToken);
            for (var i = 0; i < frames.Length; i++)
                AssertClose(clip.EmbedImage(frames[i], TestContext.Current.CancellationToken).Select(v => (double)v).ToArray(), batched[i], 6);
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }

    [Fact]
    public void Wrong_encoder_signatures_are_rejected_with_the_reason()
    {
        var tokenizer = ClipTokenizerTests.Create();
        var text = TinyModels.TextEncoder(Table, fixedLength: 8);
        var image = TinyModels.ImageEncoder(Projection, 8);

        var channels = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(TinyModels.ImageEncoder(new float[1, 3], 8, channels: 1), text, tokenizer));
        Assert.Contains("[N, 3, S, S]", channels.Message);

        var rank = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(OnnxGraphBuilder.Multiply(2f, rank: 2).ToBytes(), text, tokenizer));
        Assert.Contains("[N, 3, S, S]", rank.Message);

        var floatText = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(image, OnnxGraphBuilder.Multiply(2f, rank: 2).ToBytes(), tokenizer));
        Assert.Contains("int64 [N, L]", floatText.Message);

        var width = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(TinyModels.ImageEncoder(new float[3, 5], 8), text, tokenizer));
        Assert.Contains("5", width.Message);
        Assert.Contains("3", width.Message);

        var length = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(image, text, tokenizer, ClipModelOptions.Default.WithSizes(8, 77)));
        Assert.Contains("fixed at 8 tokens", length.Message);
        Assert.Contains("77", length.Message);

        var twoInputs = new OnnxGraphBuilder("two-ids")
            .Input("input_ids", Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, "n", 8)
            .Input("token_type_ids", Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, "n", 8)
            .Node("Add", ["input_ids", "token_type_ids"], ["sum"])
            .Node("Cast", ["sum"], ["text_embeds"], OnnxAttributeValue.Int("to", (long)Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float))
            .Output("text_embeds", "n", 8)
            .ToBytes();
        var mask = Assert.Throws<ModelSignatureException>(() => ClipModel.Load(image, twoInputs, tokenizer));
        Assert.Contains("attention_mask", mask.Message);
        Assert.Contains("token_type_ids", mask.Message);
    }

    [Fact]
    public void ClipAnalyzer_stores_shot_embeddings_and_tags_terms_above_the_threshold()
    {
        using var clip = Create(options: ClipModelOptions.Default.WithLogitScale(10));
        string[] vocabulary = ["red", "ab", "abc", "12"];
        var analyzer = new ClipAnalyzer(clip, vocabulary, ClipAnalyzerOptions.Default.Keep(2, 0.25f), TestContext.Current.CancellationToken);
        using var warm = TinyModels.Uniform(24, 16, 0.9f, 0.3f, 0.2f);
        using var cool = TinyModels.Uniform(24, 16, 0.1f, 0.3f, 0.9f);
        var sample = new AssetSample(new AssetInfo("a.mov", AssetKind.Image, 1, DateTime.UnixEpoch, "h"),
        [
            new ShotSample(0, TimeSpan.Zero, TimeSpan.FromSeconds(1), warm, 0),
            new ShotSample(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), cool, 0.1f),
        ]);
        var analysis = analyzer.Analyze(sample, TestContext.Current.CancellationToken);
        Assert.Equal("clip", analysis.Source);
        Assert.Equal([0, 1], analysis.Embeddings.Select(e => e.ShotIndex));
        for (var s = 0; s < 2; s++)
        {
            var frame = sample.Shots[s].Keyframe;
            // Batched and single runs may differ in the last bits (ONNX Runtime reduces in a different order).
            AssertClose(clip.EmbedImage(frame, TestContext.Current.CancellationToken).Select(v => (double)v).ToArray(), analysis.Embeddings[s].Vector, 6);
            var expected = clip.Tag(frame, vocabulary, TestContext.Current.CancellationToken).Take(2).Where(t => t.Probability >= 0.25f).ToArray();
            var tags = analysis.Tags.Where(t => t.ShotIndex == s).ToArray();
            Assert.Equal(expected.Select(t => t.Label), tags.Select(t => t.Name));
            for (var k = 0; k < tags.Length; k++) Assert.Equal(expected[k].Probability, tags[k].Score, tolerance: 1e-5);
            Assert.All(tags, t => Assert.Equal((sample.Shots[s].Start, sample.Shots[s].End), (t.Start, t.End)));
        }

        Assert.Equal(analyzer.Version, new ClipAnalyzer(clip, vocabulary, ClipAnalyzerOptions.Default.Keep(2, 0.25f), TestContext.Current.CancellationToken).Version);
        Assert.NotEqual(analyzer.Version, new ClipAnalyzer(clip, ["red", "ab"], ClipAnalyzerOptions.Default.Keep(2, 0.25f), TestContext.Current.CancellationToken).Version);
        Assert.NotEqual(analyzer.Version, new ClipAnalyzer(clip, vocabulary, ClipAnalyzerOptions.Default.Keep(2, 0.3f), TestContext.Current.CancellationToken).Version);
        using var otherScale = Create();
        Assert.NotEqual(analyzer.Version, new ClipAnalyzer(otherScale, vocabulary, ClipAnalyzerOptions.Default.Keep(2, 0.25f), TestContext.Current.CancellationToken).Version);
    }

    [Fact]
    public void Loads_from_files()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder.File("image.onnx"), TinyModels.ImageEncoder(Projection, 8));
        File.WriteAllBytes(folder.File("text.onnx"), TinyModels.TextEncoder(Table, fixedLength: 8));
        var vocab = new Dictionary<string, int>();
        for (var i = 0; i < ClipTokenizerTests.Tokens.Length; i++) vocab[ClipTokenizerTests.Tokens[i]] = i;
        File.WriteAllBytes(folder.File("vocab.json"), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(vocab));
        File.WriteAllText(folder.File("merges.txt"), "#version: 0.2\n" + string.Join("\n", ClipTokenizerTests.Merges) + "\n");
        using var clip = ClipModel.Load(folder.File("image.onnx"), folder.File("text.onnx"), folder.File("vocab.json"), folder.File("merges.txt"));
        using var inMemory = Create();
        Assert.Equal(inMemory.Digest, clip.Digest);
        Assert.Equal(inMemory.EmbedText("red", TestContext.Current.CancellationToken), clip.EmbedText("red", TestContext.Current.CancellationToken));
    }
}
