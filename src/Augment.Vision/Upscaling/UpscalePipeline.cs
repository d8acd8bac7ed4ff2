using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// The upscaler's second half, shared by the model and classical paths: takes finished sRGB rows
/// (from <see cref="OnnxModel.RunTiledStreaming"/> or the Lanczos bands), adds the detail guard's
/// upsampled residual, clamps to 0..1, upsamples the source's alpha, converts to the output's
/// colour space and hands the rows to the destination, a band at a time.
/// </summary>
internal sealed class UpscalePipeline : IImageRowSink, IDisposable
{
    private readonly ImageFrame _input;
    private readonly ImageFrame? _residual;
    private readonly float _guard;
    private readonly int? _requestedScale;
    private readonly OnnxModel? _model;
    private readonly UpscaleDestination _destination;
    private readonly ColorSpace _outputSpace;
    private readonly CancellationToken _cancellationToken;
    private ColorSpaceConversion? _conversion;
    private LanczosUpsampler? _upsampler;
    private ImageFrame? _rows;
    private int _width;
    private int _channels;

    public UpscalePipeline(ImageFrame input, ImageFrame? residual, float guard, int? requestedScale, OnnxModel? model, UpscaleDestination destination, ColorSpace outputSpace, CancellationToken cancellationToken)
    {
        _input = input;
        _residual = residual;
        _guard = guard;
        _requestedScale = requestedScale;
        _model = model;
        _destination = destination;
        _outputSpace = outputSpace;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The scale in use, once <see cref="Begin"/> has run.</summary>
    public int Scale { get; private set; }

    public void Begin(int width, int height, int channels, int scaleX, int scaleY)
    {
        if (_model is { } model)
        {
            if (channels != 3)
                throw new ModelSignatureException($"Model '{model.Source}' writes {channels} channels per pixel; a super-resolution model must write 3 (RGB).");
            if (scaleX != scaleY)
                throw new ModelSignatureException($"Model '{model.Source}' scales x{scaleX} across and x{scaleY} down; the upscaler needs the same scale on both axes.");
            if (scaleX < 2)
                throw new ModelSignatureException($"Model '{model.Source}' keeps the image size (x1); it is not an upscaler.");
            if (_requestedScale is { } requested && requested != scaleX)
                throw new ModelSignatureException($"Model '{model.Source}' upscales x{scaleX}, but x{requested} was requested; omit the scale or use a x{requested} model.");
        }
        Scale = scaleX;
        _width = width;
        _upsampler = new LanczosUpsampler(scaleX);
        _channels = _input.HasAlpha ? 4 : 3;
        if (_outputSpace is not (ColorSpace.Srgb or ColorSpace.Unspecified))
            _conversion = new ColorSpaceConversion(ColorSpace.Srgb, _outputSpace);
        _destination.Begin(width, height, _channels, _input.HasAlpha, _outputSpace, _input.Budget,
            $"A x{scaleX} upscale of {_input.Width}x{_input.Height} to {width}x{height}");
    }

    public void WriteRows(ImageFrame band, int firstRow, int rowCount)
    {
        if (_rows is null || _rows.Height < band.Height)
        {
            _rows?.Dispose();
            _rows = ImageFrame.Create(_width, band.Height, _channels, _outputSpace, _input.HasAlpha, _input.Budget);
        }
        var rows = _rows;
        var upsampler = _upsampler!;
        var residual = _residual;
        var guard = _guard;
        var input = _input;
        var conversion = _conversion;
        var scratchLength = Math.Max(_width, input.Width);
        Parallel.For(0, rowCount, input.Budget.ToParallelOptions(_cancellationToken),
            () => (Up: ArrayPool<float>.Shared.Rent(_width), Scratch: ArrayPool<float>.Shared.Rent(scratchLength)),
            (i, _, buffers) =>
            {
                var y = firstRow + i;
                var up = buffers.Up.AsSpan(0, _width);
                for (var c = 0; c < 3; c++)
                {
                    var target = rows.Row(c, i);
                    band.Row(c, i).CopyTo(target);
                    if (residual is not null && guard > 0f)
                    {
                        upsampler.UpsampleRow(residual.Plane(c), residual.Width, residual.Height, y, up, buffers.Scratch);
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(up, guard, target, target);
                    }
                    System.Numerics.Tensors.TensorPrimitives.Clamp(target, 0f, 1f, target);
                }
                conversion?.ConvertRow(rows.Row(0, i), rows.Row(1, i), rows.Row(2, i), buffers.Scratch.AsSpan(0, _width));
                if (input.HasAlpha)
                {
                    var alpha = rows.Row(3, i);
                    upsampler.UpsampleRow(input.Alpha, input.Width, input.Height, y, alpha, buffers.Scratch);
                    System.Numerics.Tensors.TensorPrimitives.Clamp(alpha, 0f, 1f, alpha);
                }
                return buffers;
            },
            buffers =>
            {
                ArrayPool<float>.Shared.Return(buffers.Up);
                ArrayPool<float>.Shared.Return(buffers.Scratch);
            });
        _destination.Write(rows, firstRow, rowCount, _cancellationToken);
    }

    public void Dispose() => _rows?.Dispose();
}
