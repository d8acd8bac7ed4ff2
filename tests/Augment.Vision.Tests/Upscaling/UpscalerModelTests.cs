namespace Augment.Vision.Tests.Upscaling;

public class UpscalerModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(2, 100, 70, 32, 8)]
    [InlineData(4, 61, 45, 24, 8)]
    [InlineData(2, 40, 30, 256, 16)]
    public void Pixel_shuffle_model_output_is_the_exact_nearest_neighbour_upscale_with_channels_in_order(int scale, int width, int height, int tile, int overlap)
    {
        int[] permutation = [2, 0, 1];
        using var model = OnnxModel.Load(UpscaleModels.Nearest(scale, permutation));
        using var frame = UpscaleModels.Random(width, height, seed: scale * 100 + width);

        using var large = frame.Upscale(u => u.Model(model).Tiles(tile, overlap), cancellationToken: Ct);

        Assert.Equal((width * scale, height * scale, 3, ColorSpace.Srgb), (large.Width, large.Height, large.Channels, large.ColorSpace));
        var worst = 0f;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < large.Height; y++)
            {
                var row = large.Row(c, y);
                for (var x = 0; x < large.Width; x++)
                    worst = Math.Max(worst, Math.Abs(row[x] - UpscaleModels.Expected(frame, scale, c, x, y, permutation)));
            }
        }
        Assert.True(worst <= 1e-6f, $"largest difference {worst}");
    }

    [Fact]
    public void Tiled_upscale_with_a_3x3_convolution_equals_the_whole_image_run_within_1e_5()
    {
        var random = new Random(7);
        var weights = new float[12 * 3 * 9];
        for (var i = 0; i < weights.Length; i++) weights[i] = (random.NextSingle() - 0.5f) * 0.2f + (i % 28 == 13 ? 1f : 0f);
        using var model = OnnxModel.Load(OnnxGraphBuilder.PixelShuffleUpscaler(3, weights).ToBytes());
        using var frame = UpscaleModels.Random(90, 75, seed: 8, low: 0.3f, high: 0.7f);

        using var whole = model.Run(frame, Ct);
        using var tiled = Upscaler.Upscale(frame, new UpscaleOptions { Model = model, Tiles = new TileOptions { TileSizePixels = 32, OverlapPixels = 8 } }, cancellationToken: Ct);

        var worst = 0f;
        for (var i = 0; i < whole.Data.Length; i++)
            worst = Math.Max(worst, Math.Abs(Math.Clamp(whole.Data[i], 0f, 1f) - tiled.Data[i]));
        Assert.True(worst <= 1e-5f, $"largest difference {worst}");
    }

    [Fact]
    public void Scale_is_inferred_from_a_dynamic_model_and_reported_by_the_file_path()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(4));
        using var frame = UpscaleModels.Random(20, 10, seed: 9);
        using var scratch = new IO.ScratchFolder();
        Assert.Null(Upscaler.CheckModel(model));

        var scale = Upscaler.UpscaleToFile(frame, scratch.File("x4.png"), new UpscaleOptions { Model = model }, cancellationToken: Ct);

        using var saved = ImageFile.Load(scratch.File("x4.png"));
        Assert.Equal((4, 80, 40), (scale, saved.Width, saved.Height));
    }

    [Fact]
    public void Requested_scale_that_differs_from_a_dynamic_models_is_an_error_naming_both_and_writes_nothing()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(4), sourceName: "sr-x4.onnx");
        using var frame = UpscaleModels.Random(20, 10, seed: 10);
        using var scratch = new IO.ScratchFolder();

        var e = Assert.Throws<ModelSignatureException>(() =>
            Upscaler.UpscaleToFile(frame, scratch.File("out.png"), new UpscaleOptions { Model = model, ScaleFactor = 2 }, cancellationToken: Ct));

        Assert.Contains("x4", e.Message);
        Assert.Contains("x2", e.Message);
        Assert.Contains("sr-x4.onnx", e.Message);
        Assert.Empty(scratch.Entries());
    }

    [Fact]
    public void Fixed_size_model_scale_is_known_before_running_and_a_mismatch_is_refused_up_front()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(2, fixedSize: 16), sourceName: "fixed-x2.onnx");
        Assert.Equal(2, Upscaler.CheckModel(model));
        using var frame = UpscaleModels.Random(40, 25, seed: 11);

        var e = Assert.Throws<ModelSignatureException>(() => frame.Upscale(u => u.Model(model).Scale(4), cancellationToken: Ct));
        Assert.Contains("x2", e.Message);
        Assert.Contains("x4", e.Message);

        // The fixed 16x16 window still tiles a 40x25 frame.
        using var large = frame.Upscale(u => u.Model(model), cancellationToken: Ct);
        Assert.Equal(UpscaleModels.Expected(frame, 2, 1, 79, 49), large.Row(1, 49)[79], 6);
    }

    [Fact]
    public void Models_with_wrong_signatures_are_rejected_with_their_shapes()
    {
        using var grey = OnnxModel.Load(OnnxGraphBuilder.Conv3x3(1, 1, new float[9]).ToBytes(), sourceName: "grey.onnx");
        var e = Assert.Throws<ModelSignatureException>(() => Upscaler.CheckModel(grey));
        Assert.Contains("grey.onnx", e.Message);
        Assert.Contains("[n, 3, h, w]", e.Message);
        Assert.Contains("1", e.Message);

        using var sound = OnnxModel.Load(OnnxGraphBuilder.Multiply(2f, rank: 3).ToBytes(), sourceName: "sound.onnx");
        Assert.Throws<ModelSignatureException>(() => Upscaler.CheckModel(sound));

        using var sameSize = OnnxModel.Load(OnnxGraphBuilder.Conv3x3(3, 3, new float[81]).ToBytes(), sourceName: "denoise.onnx");
        using var frame = UpscaleModels.Random(16, 16, seed: 12);
        var x1 = Assert.Throws<ModelSignatureException>(() => frame.Upscale(u => u.Model(sameSize), cancellationToken: Ct));
        Assert.Contains("x1", x1.Message);
    }

    [Fact]
    public void An_output_larger_than_the_budget_is_refused_with_the_numbers()
    {
        var budget = new ComputeBudget { MaxMemoryBytes = 64L << 20 };
        using var frame = ImageFrame.Create(1000, 800, 3, budget: budget);
        var e = Assert.Throws<ResourceLimitException>(() => frame.Upscale(u => u.Scale(4), cancellationToken: Ct));
        Assert.Contains("4000x3200", e.Message);
        Assert.Contains("64 MiB", e.Message);
    }

    [Fact]
    public void Cancelling_during_the_run_writes_nothing_and_progress_counts_tiles()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(2));
        using var frame = UpscaleModels.Random(100, 100, seed: 15);
        using var scratch = new IO.ScratchFolder();
        using var cancel = new CancellationTokenSource();
        var reports = new List<AugmentProgress>();
        var progress = new SynchronousProgress(p =>
        {
            reports.Add(p);
            if (p.ItemsDone == 3) cancel.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Upscaler.UpscaleToFile(frame, scratch.File("out.png"),
            new UpscaleOptions { Model = model, Tiles = new TileOptions { TileSizePixels = 32, OverlapPixels = 8 } }, progress: progress, cancellationToken: cancel.Token));

        Assert.Empty(scratch.Entries());
        Assert.Contains(reports, r => r.Stage == "inference" && r.ItemsTotal == 16);
    }

    [Fact]
    public void Linear_frames_reach_the_model_as_srgb_and_come_back_linear()
    {
        // The model halves its input: in sRGB terms, so the linear result is decode(0.5 * encode(L)), not 0.5 * L.
        using var model = OnnxModel.Load(UpscaleModels.Nearest(2, gain: 0.5f));
        using var frame = UpscaleModels.Random(24, 16, seed: 13, low: 0.05f, high: 0.9f);
        frame.ColorSpace = ColorSpace.LinearSrgb;

        using var large = frame.Upscale(u => u.Model(model), cancellationToken: Ct);

        Assert.Equal(ColorSpace.LinearSrgb, large.ColorSpace);
        for (var y = 0; y < large.Height; y += 7)
        {
            for (var x = 0; x < large.Width; x += 5)
            {
                var linear = frame.Row(0, y / 2)[x / 2];
                var expected = Decode(0.5 * Encode(linear));
                Assert.Equal(expected, large.Row(0, y)[x], 4);
            }
        }
    }

    [Fact]
    public void Alpha_is_carried_and_upsampled()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(2));
        using var frame = UpscaleModels.Random(30, 20, seed: 14, channels: 4);
        frame.Alpha.Fill(0.25f);
        using var large = frame.Upscale(u => u.Model(model), cancellationToken: Ct);
        Assert.True(large.HasAlpha);
        Assert.All(large.Alpha.ToArray(), a => Assert.Equal(0.25f, a, 5));
    }

    [Fact]
    public void Detail_guard_zero_keeps_the_model_output_and_the_added_detail_grows_linearly_with_zero_mean()
    {
        using var model = OnnxModel.Load(UpscaleModels.Nearest(2));
        using var frame = UpscaleModels.Crop("coffee.png", 200, 100, 96, 96);
        // Keep values away from the 0..1 clamp so the guard's contribution is purely linear.
        foreach (ref var v in frame.Data) v = 0.25f + 0.5f * v;

        using var plain = frame.Upscale(u => u.Model(model), cancellationToken: Ct);
        using var none = frame.Upscale(u => u.Model(model).DetailGuard(0f), cancellationToken: Ct);
        using var quarter = frame.Upscale(u => u.Model(model).DetailGuard(0.25f), cancellationToken: Ct);
        using var half = frame.Upscale(u => u.Model(model).DetailGuard(0.5f), cancellationToken: Ct);

        Assert.Equal(UpscaleModels.Expected(frame, 2, 0, 101, 33), none.Row(0, 33)[101], 6);
        Assert.True(plain.Data.SequenceEqual(none.Data));
        double sumQuarter = 0, sumHalf = 0, energyQuarter = 0, energyRatio = 0;
        for (var i = 0; i < plain.Data.Length; i++)
        {
            var dq = quarter.Data[i] - plain.Data[i];
            var dh = half.Data[i] - plain.Data[i];
            sumQuarter += dq;
            sumHalf += dh;
            energyQuarter += dq * dq;
            energyRatio += dh * dh;
        }
        Assert.True(energyQuarter > 1e-3, $"the guard added almost nothing ({energyQuarter})");
        Assert.Equal(4.0, energyRatio / energyQuarter, 2);
        Assert.True(Math.Abs(sumHalf / plain.Data.Length) < 2e-3, $"mean added {sumHalf / plain.Data.Length}");
    }

    private static double Encode(double l) => l <= 0.0031308 ? 12.92 * l : 1.055 * Math.Pow(l, 1 / 2.4) - 0.055;

    private static double Decode(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
