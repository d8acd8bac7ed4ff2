using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// Tiled image inference: cuts the frame into tiles (<see cref="TileAxis"/> per axis), feeds them
/// in batches through tensors over one pooled buffer, and adds each tile's output into the result
/// with its blend weights. The first batch runs with outputs allocated by ONNX Runtime to learn the
/// output's channels and scale; later batches write into a pooled output buffer.
/// </summary>
internal static class TiledImageRunner
{
    private const string Stage = "inference";

    public static ImageFrame Run(OnnxModel model, ImageFrame input, TileOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var inInfo = model.ResolveInput(options.InputName, nameof(OnnxModel.RunTiled));
        var outInfo = model.ResolveOutput(options.OutputName);
        model.RequireFloat(inInfo, 4, "input", "RunTiled feeds float NCHW images");
        model.RequireFloat(outInfo, 4, "output", "RunTiled reads float NCHW images");
        var channelDim = inInfo.Dims[1];
        if (channelDim.IsFixed && channelDim.Size != input.Channels)
            throw new ModelSignatureException($"Model '{model.Source}': input '{inInfo.Name}' takes {channelDim.Size} channels; the frame has {input.Channels}.");

        var rows = Axis(model, inInfo, 2, input.Height, options.TileSizePixels, options.OverlapPixels);
        var columns = Axis(model, inInfo, 3, input.Width, options.TileSizePixels, options.OverlapPixels);
        var tiles = rows.Count * columns.Count;
        var batchDim = inInfo.Dims[0];
        var fixedBatch = batchDim.IsFixed;
        var batch = fixedBatch ? (int)Math.Min(batchDim.Size, int.MaxValue) : Math.Min(options.BatchSize, tiles);
        if (batch < 1)
            throw new ModelSignatureException($"Model '{model.Source}': input '{inInfo.Name}' has a fixed batch of {batchDim.Size}.");

        var channels = input.Channels;
        var tileHeight = rows.TileLength;
        var tileWidth = columns.TileLength;
        var tileElements = channels * tileHeight * tileWidth;
        using var inBuffer = new PooledFloats((long)batch * tileElements, input.Budget, $"A batch of {batch} {tileWidth}x{tileHeight} tiles", clear: false);
        string[] inNames = [inInfo.Name];
        string[] outNames = [outInfo.Name];
        var counter = new ProgressCounter(progress, Stage, tiles);
        counter.Start();

        ImageFrame? output = null;
        PooledFloats? outBuffer = null;
        float[]? scratch = null;
        var layout = default(OutputLayout);
        try
        {
            for (var first = 0; first < tiles; first += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batch, tiles - first);
                var runBatch = fixedBatch ? batch : count;
                for (var b = 0; b < runBatch; b++)
                {
                    var slot = inBuffer.Span.Slice(b * tileElements, tileElements);
                    if (b >= count)
                    {
                        slot.Clear();
                        continue;
                    }
                    var tile = first + b;
                    var x0 = columns.Positions[tile % columns.Count];
                    var y0 = rows.Positions[tile / columns.Count];
                    for (var c = 0; c < channels; c++)
                    {
                        TileKernels.CopyTileIn(input.Plane(c), input.Width, input.Height, x0, y0, tileWidth, tileHeight,
                            slot.Slice(c * tileHeight * tileWidth, tileHeight * tileWidth), replicateEdges: true);
                    }
                }

                using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    inBuffer.Memory[..(runBatch * tileElements)], [runBatch, channels, tileHeight, tileWidth]);
                if (output is null)
                {
                    using var results = model.RunCore(inNames, [inValue], outNames, cancellationToken);
                    layout = OutputLayout.From(model, outInfo, results[0].GetTensorTypeAndShape().Shape, runBatch, tileHeight, tileWidth);
                    output = CreateOutput(input, rows, columns, layout, batch, tileElements);
                    outBuffer = new PooledFloats((long)batch * layout.TileElements, input.Budget, "A batch of tile outputs", clear: false);
                    scratch = ArrayPool<float>.Shared.Rent(columns.ValidLength * layout.ScaleX);
                    layout.RowWeights = rows.BuildWeights(layout.ScaleY, options.Blend);
                    layout.ColumnWeights = columns.BuildWeights(layout.ScaleX, options.Blend);
                    Accumulate(results[0].GetTensorDataAsSpan<float>(), first, count, rows, columns, layout, output, scratch, counter);
                }
                else
                {
                    using var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        outBuffer!.Memory[..(runBatch * layout.TileElements)], [runBatch, layout.Channels, layout.TileHeight, layout.TileWidth]);
                    model.RunCore(inNames, [inValue], outNames, [outValue], cancellationToken);
                    Accumulate(outBuffer.Span, first, count, rows, columns, layout, output, scratch!, counter);
                }
            }
            return output!;
        }
        catch
        {
            output?.Dispose();
            throw;
        }
        finally
        {
            outBuffer?.Dispose();
            if (scratch is not null) ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static TileAxis Axis(OnnxModel model, TensorInfo info, int axis, int length, int tileSize, int overlap)
    {
        var dim = info.Dims[axis];
        if (!dim.IsFixed) return new TileAxis(length, tileSize, overlap, fixedLength: false);
        if (dim.Size is < 1 or > int.MaxValue)
            throw new ModelSignatureException($"Model '{model.Source}': dimension {axis} of input '{info.Name}' is fixed at {dim.Size}.");
        return new TileAxis(length, (int)dim.Size, overlap, fixedLength: true);
    }

    private static ImageFrame CreateOutput(ImageFrame input, TileAxis rows, TileAxis columns, OutputLayout layout, int batch, int tileElements)
    {
        var width = (long)input.Width * layout.ScaleX;
        var height = (long)input.Height * layout.ScaleY;
        if (width > int.MaxValue || height > int.MaxValue)
            throw new ResourceLimitException($"A x{layout.ScaleX} output of a {input.Width}x{input.Height} frame would be {width}x{height} pixels, more than a frame holds.");
        // Everything tiling holds at once: the result, the input batch and the output batch.
        var bytes = (width * height * layout.Channels + (long)batch * (tileElements + layout.TileElements)) * sizeof(float);
        input.Budget.EnsureAllocation(bytes, $"Tiled inference of a {input.Width}x{input.Height} frame into {width}x{height}x{layout.Channels} ({rows.Count * columns.Count} tiles)");
        var hasAlpha = layout.Channels == input.Channels && input.HasAlpha;
        return ImageFrame.Create((int)width, (int)height, layout.Channels, input.ColorSpace, hasAlpha, input.Budget);
    }

    private static void Accumulate(ReadOnlySpan<float> results, int first, int count, TileAxis rows, TileAxis columns, OutputLayout layout, ImageFrame output, float[] scratch, ProgressCounter counter)
    {
        var validHeight = rows.ValidLength * layout.ScaleY;
        var validWidth = columns.ValidLength * layout.ScaleX;
        var planeElements = layout.TileHeight * layout.TileWidth;
        for (var b = 0; b < count; b++)
        {
            var tile = first + b;
            var row = tile / columns.Count;
            var column = tile % columns.Count;
            var rowWeights = layout.RowWeights.AsSpan(row * validHeight, validHeight);
            var columnWeights = layout.ColumnWeights.AsSpan(column * validWidth, validWidth);
            var x0 = columns.Positions[column] * layout.ScaleX;
            var y0 = rows.Positions[row] * layout.ScaleY;
            var slot = results.Slice(b * layout.TileElements, layout.TileElements);
            for (var c = 0; c < layout.Channels; c++)
            {
                TileKernels.AccumulateWeighted(slot.Slice(c * planeElements, planeElements), layout.TileWidth,
                    rowWeights, columnWeights, output.Plane(c), output.Width, x0, y0, scratch);
            }
            counter.Step();
        }
    }

    /// <summary>What the model makes of one tile: channels, size and scale per axis, plus the blend weights.</summary>
    private struct OutputLayout
    {
        public int Channels;
        public int TileHeight;
        public int TileWidth;
        public int ScaleY;
        public int ScaleX;
        public float[] RowWeights;
        public float[] ColumnWeights;

        public readonly int TileElements => Channels * TileHeight * TileWidth;

        public static OutputLayout From(OnnxModel model, TensorInfo outInfo, long[] shape, int batch, int tileHeight, int tileWidth)
        {
            if (shape.Length != 4 || shape[0] != batch || shape[1] is < 1 or > ImageFrame.MaxChannels)
                throw new ModelSignatureException($"Model '{model.Source}': output '{outInfo.Name}' has shape [{string.Join(", ", shape)}] for a batch of {batch}; RunTiled needs [{batch}, 1..{ImageFrame.MaxChannels}, height, width].");
            var outHeight = shape[2];
            var outWidth = shape[3];
            if (outHeight < tileHeight || outWidth < tileWidth || outHeight % tileHeight != 0 || outWidth % tileWidth != 0 || outHeight / tileHeight > 64 || outWidth / tileWidth > 64)
                throw new ModelSignatureException($"Model '{model.Source}': output '{outInfo.Name}' is {outWidth}x{outHeight} for a {tileWidth}x{tileHeight} tile; RunTiled needs a whole-number scale (x1, x2, x4, ...).");
            return new OutputLayout
            {
                Channels = (int)shape[1],
                TileHeight = (int)outHeight,
                TileWidth = (int)outWidth,
                ScaleY = (int)(outHeight / tileHeight),
                ScaleX = (int)(outWidth / tileWidth),
                RowWeights = [],
                ColumnWeights = [],
            };
        }
    }
}
