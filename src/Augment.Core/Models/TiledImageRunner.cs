using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// Tiled image inference: cuts the frame into tiles (<see cref="TileAxis"/> per axis), feeds them
/// in batches through tensors over one pooled buffer, and adds each tile's output into the result
/// with its blend weights. The first batch runs with outputs allocated by ONNX Runtime to learn the
/// output's channels and scale; later batches write into a pooled output buffer. Tiles run in row-major
/// order, so the output can also stream: <see cref="RunStreaming"/> adds into a band one row of tiles
/// tall and hands rows to a sink as soon as no later tile reaches them.
/// </summary>
internal static class TiledImageRunner
{
    private const string Stage = "inference";

    public static ImageFrame Run(OnnxModel model, ImageFrame input, TileOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var target = new FrameTarget();
        try
        {
            Execute(model, input, options, target, progress, cancellationToken);
            return target.Frame!;
        }
        catch
        {
            target.Frame?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs tiles one row of tiles after another and hands finished output rows to
    /// <paramref name="sink"/>, holding only a band of <c>tile height x scale</c> output rows (plus
    /// the batch buffers) instead of the whole output.
    /// </summary>
    public static void RunStreaming(OnnxModel model, ImageFrame input, IImageRowSink sink, TileOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var target = new StreamTarget(sink);
        try
        {
            Execute(model, input, options, target, progress, cancellationToken);
        }
        finally
        {
            target.Frame?.Dispose();
        }
    }

    private static void Execute(OnnxModel model, ImageFrame input, TileOptions options, Target target, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
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

        PooledFloats? outBuffer = null;
        float[]? scratch = null;
        var layout = default(OutputLayout);
        var started = false;
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
                if (!started)
                {
                    using var results = model.RunCore(inNames, [inValue], outNames, cancellationToken);
                    layout = OutputLayout.From(model, outInfo, results[0].GetTensorTypeAndShape().Shape, runBatch, tileHeight, tileWidth);
                    CheckOutputSize(input, layout);
                    target.Start(input, rows, columns, layout, (long)batch * (tileElements + layout.TileElements) * sizeof(float));
                    started = true;
                    outBuffer = new PooledFloats((long)batch * layout.TileElements, input.Budget, "A batch of tile outputs", clear: false);
                    scratch = ArrayPool<float>.Shared.Rent(columns.ValidLength * layout.ScaleX);
                    layout.RowWeights = rows.BuildWeights(layout.ScaleY, options.Blend);
                    layout.ColumnWeights = columns.BuildWeights(layout.ScaleX, options.Blend);
                    Accumulate(results[0].GetTensorDataAsSpan<float>(), first, count, rows, columns, layout, target, scratch, counter);
                }
                else
                {
                    using var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        outBuffer!.Memory[..(runBatch * layout.TileElements)], [runBatch, layout.Channels, layout.TileHeight, layout.TileWidth]);
                    model.RunCore(inNames, [inValue], outNames, [outValue], cancellationToken);
                    Accumulate(outBuffer.Span, first, count, rows, columns, layout, target, scratch!, counter);
                }
            }
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

    private static void CheckOutputSize(ImageFrame input, OutputLayout layout)
    {
        var width = (long)input.Width * layout.ScaleX;
        var height = (long)input.Height * layout.ScaleY;
        if (width > int.MaxValue || height > int.MaxValue || width * layout.Channels > int.MaxValue)
            throw new ResourceLimitException($"A x{layout.ScaleX} output of a {input.Width}x{input.Height} frame would be {width}x{height} pixels, more than a frame holds.");
    }

    private static void Accumulate(ReadOnlySpan<float> results, int first, int count, TileAxis rows, TileAxis columns, OutputLayout layout, Target target, float[] scratch, ProgressCounter counter)
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
            var y0 = rows.Positions[row] * layout.ScaleY - target.Top;
            var output = target.Frame!;
            var slot = results.Slice(b * layout.TileElements, layout.TileElements);
            for (var c = 0; c < layout.Channels; c++)
            {
                TileKernels.AccumulateWeighted(slot.Slice(c * planeElements, planeElements), layout.TileWidth,
                    rowWeights, columnWeights, output.Plane(c), output.Width, x0, y0, scratch);
            }
            counter.Step();
            if (column == columns.Count - 1) target.RowOfTilesDone(row);
        }
    }

    /// <summary>Where tile outputs are added: a whole output frame, or a band of rows that streams out.</summary>
    private abstract class Target
    {
        /// <summary>The frame tiles are added into.</summary>
        public ImageFrame? Frame { get; protected set; }

        /// <summary>Output row of <see cref="Frame"/>'s first row.</summary>
        public int Top { get; protected set; }

        /// <summary>Allocates once the output layout is known; <paramref name="batchBytes"/> is what tiling holds besides.</summary>
        public abstract void Start(ImageFrame input, TileAxis rows, TileAxis columns, OutputLayout layout, long batchBytes);

        /// <summary>Called after the last tile of tile row <paramref name="row"/> was added.</summary>
        public virtual void RowOfTilesDone(int row)
        {
        }
    }

    private sealed class FrameTarget : Target
    {
        public override void Start(ImageFrame input, TileAxis rows, TileAxis columns, OutputLayout layout, long batchBytes)
        {
            var width = input.Width * layout.ScaleX;
            var height = input.Height * layout.ScaleY;
            // Everything tiling holds at once: the result, the input batch and the output batch.
            var bytes = (long)width * height * layout.Channels * sizeof(float) + batchBytes;
            input.Budget.EnsureAllocation(bytes, $"Tiled inference of a {input.Width}x{input.Height} frame into {width}x{height}x{layout.Channels} ({rows.Count * columns.Count} tiles)");
            var hasAlpha = layout.Channels == input.Channels && input.HasAlpha;
            Frame = ImageFrame.Create(width, height, layout.Channels, input.ColorSpace, hasAlpha, input.Budget);
        }
    }

    /// <summary>
    /// A band as tall as one row of tiles' valid output. After tile row r, output rows above the next
    /// tile row's start are final (no later tile reaches them): they go to the sink, and the rest of
    /// the band (the overlap, still waiting for the next row's contribution) moves to the band's top.
    /// </summary>
    private sealed class StreamTarget(IImageRowSink sink) : Target
    {
        private TileAxis _rows = null!;
        private int _scaleY;
        private int _outHeight;

        public override void Start(ImageFrame input, TileAxis rows, TileAxis columns, OutputLayout layout, long batchBytes)
        {
            var width = input.Width * layout.ScaleX;
            _outHeight = input.Height * layout.ScaleY;
            _scaleY = layout.ScaleY;
            _rows = rows;
            var bandRows = rows.ValidLength * layout.ScaleY;
            var bytes = (long)width * bandRows * layout.Channels * sizeof(float) + batchBytes;
            input.Budget.EnsureAllocation(bytes, $"Streamed tiled inference of a {input.Width}x{input.Height} frame into {width}x{_outHeight}x{layout.Channels} (a band of {bandRows} rows)");
            var hasAlpha = layout.Channels == input.Channels && input.HasAlpha;
            Frame = ImageFrame.Create(width, bandRows, layout.Channels, input.ColorSpace, hasAlpha, input.Budget);
            Top = 0;
            sink.Begin(width, _outHeight, layout.Channels, layout.ScaleX, layout.ScaleY);
        }

        public override void RowOfTilesDone(int row)
        {
            var band = Frame!;
            var last = row == _rows.Count - 1;
            var end = last ? _outHeight : _rows.Positions[row + 1] * _scaleY;
            var finished = end - Top;
            if (finished > 0) sink.WriteRows(band, Top, finished);
            if (last) return;
            var kept = band.Height - finished;
            var width = band.Width;
            for (var c = 0; c < band.Channels; c++)
            {
                var plane = band.Plane(c);
                plane.Slice(finished * width, kept * width).CopyTo(plane);
                plane.Slice(kept * width).Clear();
            }
            Top = end;
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
