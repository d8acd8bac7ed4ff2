using static Augment.Core.Tests.Models.ModelReference;

namespace Augment.Core.Tests.Models;

public class TiledInferenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ConvModel Conv = ConvModel.Random(3, 3, seed: 40);
    private static readonly byte[] ConvBytes = Conv.Build();

    [Theory]
    [InlineData(64, 64, 32, 8)]
    [InlineData(100, 37, 32, 8)]
    [InlineData(97, 61, 40, 12)]
    [InlineData(129, 70, 48, 4)]
    [InlineData(70, 45, 16, 16)]
    [InlineData(50, 40, 64, 16)]
    public void Tiled_output_equals_whole_image_output_within_1e_5(int width, int height, int tile, int overlap)
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(width, height, 3, seed: width * 1000 + height);

        using var whole = model.Run(frame, cancellationToken: Ct);
        using var tiled = model.RunTiled(frame, new TileOptions { TileSizePixels = tile, OverlapPixels = overlap }, cancellationToken: Ct);

        Assert.Equal((whole.Width, whole.Height, whole.Channels), (tiled.Width, tiled.Height, tiled.Channels));
        Assert.True(MaxAbsDifference(whole.Data, tiled.Data) <= 1e-5f);
        Assert.True(MaxAbsDifference(Conv.Apply(frame), tiled.Data) <= 1e-5f);
    }

    [Theory]
    [InlineData(BlendRamp.RaisedCosine)]
    [InlineData(BlendRamp.Linear)]
    public void Pixel_shuffle_upscaler_is_tiled_at_an_inferred_x2_scale(BlendRamp blend)
    {
        var upscaler = PixelShuffleModel.Random(3, seed: 41);
        using var model = OnnxModel.Load(upscaler.Build());
        using var frame = RandomFrame(45, 33, 3, seed: 42);

        using var whole = model.Run(frame, cancellationToken: Ct);
        using var tiled = model.RunTiled(frame, new TileOptions { TileSizePixels = 16, OverlapPixels = 8, Blend = blend }, cancellationToken: Ct);

        Assert.Equal((90, 66, 3), (tiled.Width, tiled.Height, tiled.Channels));
        Assert.True(MaxAbsDifference(whole.Data, tiled.Data) <= 1e-5f);
        Assert.True(MaxAbsDifference(upscaler.Apply(frame), tiled.Data) <= 1e-5f);
    }

    [Fact]
    public void Tile_boundaries_show_no_seam_and_the_seam_measure_detects_hard_cuts()
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(96, 96, 3, seed: 43);
        using var whole = model.Run(frame, cancellationToken: Ct);

        // Tiles of 32 overlapping by 8 start at 0, 32 and 64; with no overlap they meet at 32 and 64.
        using var blended = model.RunTiled(frame, new TileOptions { TileSizePixels = 32, OverlapPixels = 8 }, cancellationToken: Ct);
        using var hardCut = model.RunTiled(frame, new TileOptions { TileSizePixels = 32, OverlapPixels = 0 }, cancellationToken: Ct);

        int[] boundaries = [31, 32, 63, 64];
        var blendedSeam = SeamError(blended, whole, boundaries);
        var blendedElsewhere = MaxAbsDifference(blended.Data, whole.Data);
        Assert.True(blendedSeam <= 1e-5f, $"seam error {blendedSeam}");
        Assert.True(blendedElsewhere <= 1e-5f);
        // The same measure on tiles joined without context: the zero padding at each cut shows.
        Assert.True(SeamError(hardCut, whole, boundaries) > 1e-3f);
    }

    [Fact]
    public void Fixed_size_model_is_tiled_at_its_own_size()
    {
        using var model = OnnxModel.Load(Conv.Build(fixedSize: 16));
        using var frame = RandomFrame(40, 37, 3, seed: 44);

        using var tiled = model.RunTiled(frame, new TileOptions { TileSizePixels = 999, OverlapPixels = 8 }, cancellationToken: Ct);

        Assert.True(MaxAbsDifference(Conv.Apply(frame), tiled.Data) <= 1e-5f);
    }

    [Fact]
    public void Image_smaller_than_a_fixed_size_model_is_padded_by_edge_replication()
    {
        using var model = OnnxModel.Load(Conv.Build(fixedSize: 32));
        using var frame = RandomFrame(20, 13, 3, seed: 45);

        using var tiled = model.RunTiled(frame, cancellationToken: Ct);

        // Reference: the frame padded to 32x32 by repeating its last row and column, convolved, cropped.
        using var padded = ImageFrame.Create(32, 32, 3);
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 32; y++)
        for (var x = 0; x < 32; x++)
            padded.Plane(c)[y * 32 + x] = frame.Plane(c)[Math.Min(y, 12) * 20 + Math.Min(x, 19)];
        var full = Conv.Apply(padded);
        Assert.Equal((20, 13), (tiled.Width, tiled.Height));
        for (var c = 0; c < 3; c++)
        for (var y = 0; y < 13; y++)
        for (var x = 0; x < 20; x++)
            Assert.True(Math.Abs(full[(c * 32 + y) * 32 + x] - tiled.Plane(c)[y * 20 + x]) <= 1e-5f);
    }

    [Fact]
    public void Batch_of_four_tiles_equals_batch_of_one()
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(75, 58, 3, seed: 46);

        using var single = model.RunTiled(frame, new TileOptions { TileSizePixels = 24, OverlapPixels = 8, BatchSize = 1 }, cancellationToken: Ct);
        using var batched = model.RunTiled(frame, new TileOptions { TileSizePixels = 24, OverlapPixels = 8, BatchSize = 4 }, cancellationToken: Ct);

        Assert.True(MaxAbsDifference(single.Data, batched.Data) <= 1e-5f);
    }

    [Fact]
    public void Progress_reports_every_tile_and_reaches_one()
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(64, 64, 3, seed: 47);
        var recorder = new ProgressRecorder();

        using var _ = model.RunTiled(frame, new TileOptions { TileSizePixels = 32, OverlapPixels = 8, BatchSize = 2 }, recorder, cancellationToken: Ct);

        // 64 with tiles of 32 and steps of at most 24 needs 3 tiles per axis.
        var reports = recorder.Reports;
        Assert.Equal(10, reports.Count);
        Assert.Equal(0, reports[0].Fraction);
        Assert.All(reports, r => Assert.Equal(9, r.ItemsTotal));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), reports.Select(r => r.ItemsDone));
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal("inference", reports[^1].Stage);
    }

    [Fact]
    public void Cancelled_token_throws_OperationCanceledException()
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(64, 64, 3, seed: 48);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => model.RunTiled(frame, cancellationToken: cts.Token));
    }

    [Fact]
    public void Cancelling_between_batches_stops_the_run()
    {
        using var model = OnnxModel.Load(ConvBytes);
        using var frame = RandomFrame(96, 96, 3, seed: 49);
        using var cts = new CancellationTokenSource();
        var recorder = new ProgressRecorder(p => { if (p.ItemsDone == 2) cts.Cancel(); });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            model.RunTiled(frame, new TileOptions { TileSizePixels = 32, OverlapPixels = 8 }, recorder, cts.Token));

        Assert.Equal(2, recorder.Reports[^1].ItemsDone);
    }

    [Fact]
    public void Frame_with_other_channels_than_the_model_takes_gives_ModelSignatureException()
    {
        using var model = OnnxModel.Load(ConvBytes, sourceName: "rgb.onnx");
        using var frame = RandomFrame(16, 16, 4, seed: 50);

        var e = Assert.Throws<ModelSignatureException>(() => model.RunTiled(frame, cancellationToken: Ct));

        Assert.Contains("takes 3 channels; the frame has 4", e.Message);
    }

    [Fact]
    public void Output_over_the_frame_budget_gives_ResourceLimitException_before_allocating()
    {
        var upscaler = PixelShuffleModel.Random(3, seed: 51);
        using var model = OnnxModel.Load(upscaler.Build());
        var budget = new ComputeBudget { MaxMemoryBytes = 1L << 20 };
        using var frame = ImageFrame.Create(256, 256, 3, budget: budget);

        var e = Assert.Throws<ResourceLimitException>(() => model.RunTiled(frame, new TileOptions { TileSizePixels = 64 }, cancellationToken: Ct));

        Assert.Contains("512x512", e.Message);
    }

    private static float SeamError(ImageFrame tiled, ImageFrame whole, int[] boundaries)
    {
        var max = 0f;
        for (var c = 0; c < tiled.Channels; c++)
        for (var y = 0; y < tiled.Height; y++)
        for (var x = 0; x < tiled.Width; x++)
        {
            if (Array.IndexOf(boundaries, x) < 0 && Array.IndexOf(boundaries, y) < 0) continue;
            var i = (c * tiled.Height + y) * tiled.Width + x;
            max = Math.Max(max, Math.Abs(tiled.Data[i] - whole.Data[i]));
        }
        return max;
    }
}
