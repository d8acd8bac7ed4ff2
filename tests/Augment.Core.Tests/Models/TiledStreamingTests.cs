using static Augment.Core.Tests.Models.ModelReference;

namespace Augment.Core.Tests.Models;

public class TiledStreamingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(45, 33, 16, 8, 1)]
    [InlineData(97, 61, 24, 8, 1)]
    [InlineData(70, 70, 32, 16, 3)]
    [InlineData(20, 13, 64, 16, 1)]
    public void Streamed_rows_equal_the_whole_tiled_output_and_the_reference_upscaler(int width, int height, int tile, int overlap, int batch)
    {
        var upscaler = PixelShuffleModel.Random(3, seed: 51);
        using var model = OnnxModel.Load(upscaler.Build());
        using var frame = RandomFrame(width, height, 3, seed: width + 7 * height);
        var options = new TileOptions { TileSizePixels = tile, OverlapPixels = overlap, BatchSize = batch };

        using var whole = model.RunTiled(frame, options, cancellationToken: Ct);
        var sink = new CollectingSink();
        model.RunTiledStreaming(frame, sink, options, cancellationToken: Ct);

        Assert.Equal((2 * width, 2 * height, 3, 2, 2), (sink.Width, sink.Height, sink.Channels, sink.ScaleX, sink.ScaleY));
        Assert.Equal(sink.Height, sink.NextRow);
        Assert.True(MaxAbsDifference(whole.Data, sink.Data!) <= 1e-6f);
        Assert.True(MaxAbsDifference(upscaler.Apply(frame), sink.Data!) <= 1e-5f);
    }

    [Fact]
    public void The_band_is_one_row_of_tiles_tall_not_the_whole_output()
    {
        using var model = OnnxModel.Load(PixelShuffleModel.Random(3, seed: 52).Build());
        using var frame = RandomFrame(40, 200, 3, seed: 53);
        var sink = new CollectingSink();
        model.RunTiledStreaming(frame, sink, new TileOptions { TileSizePixels = 32, OverlapPixels = 8 }, cancellationToken: Ct);
        Assert.Equal(64, sink.LargestBandHeight);
        Assert.True(sink.Calls > 4);
    }

    [Fact]
    public void A_budget_too_small_for_the_band_is_refused_with_the_numbers()
    {
        using var model = OnnxModel.Load(PixelShuffleModel.Random(3, seed: 54).Build());
        using var frame = ImageFrame.Create(4000, 40, 3, budget: new ComputeBudget { MaxMemoryBytes = 4L << 20 });
        var e = Assert.Throws<ResourceLimitException>(() =>
            model.RunTiledStreaming(frame, new CollectingSink(), new TileOptions { TileSizePixels = 256 }, cancellationToken: Ct));
        Assert.Contains("8000x80", e.Message);
        Assert.Contains("4 MiB", e.Message);
    }

    private sealed class CollectingSink : IImageRowSink
    {
        public int Width, Height, Channels, ScaleX, ScaleY, NextRow, LargestBandHeight, Calls;
        public float[]? Data;

        public void Begin(int width, int height, int channels, int scaleX, int scaleY)
        {
            (Width, Height, Channels, ScaleX, ScaleY) = (width, height, channels, scaleX, scaleY);
            Data = new float[channels * width * height];
        }

        public void WriteRows(ImageFrame band, int firstRow, int rowCount)
        {
            Assert.Equal(NextRow, firstRow);
            Assert.Equal(Width, band.Width);
            LargestBandHeight = Math.Max(LargestBandHeight, band.Height);
            Calls++;
            for (var c = 0; c < Channels; c++)
            {
                for (var y = 0; y < rowCount; y++)
                    band.Row(c, y).CopyTo(Data.AsSpan((c * Height + firstRow + y) * Width, Width));
            }
            NextRow = firstRow + rowCount;
        }
    }
}
