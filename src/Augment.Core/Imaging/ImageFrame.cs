using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// An image as planar float32 samples (channels x height x width, one contiguous block), tagged with
/// its <see cref="Augment.ColorSpace"/>. Colour channels come first (R, G, B or grey); when
/// <see cref="HasAlpha"/> is true the last plane is straight (unassociated) alpha in 0..1.
/// Memory is rented from a pool: dispose the frame when done. Conversions to and from interleaved
/// 8-bit, 16-bit and float pixels happen once, at the edge, with SIMD kernels.
/// </summary>
public sealed class ImageFrame : IDisposable
{
    /// <summary>Most channels a frame holds (RGBA).</summary>
    public const int MaxChannels = 4;

    private readonly PooledFloats _buffer;
    private double? _dotsPerInch;

    private ImageFrame(int width, int height, int channels, ColorSpace colorSpace, bool hasAlpha, ComputeBudget budget, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, MaxChannels);
        if (hasAlpha && channels < 2)
            throw new ArgumentException("A frame with alpha needs at least two channels (colour and alpha).", nameof(hasAlpha));
        Width = width;
        Height = height;
        Channels = channels;
        HasAlpha = hasAlpha;
        ColorSpace = colorSpace;
        Budget = budget;
        _buffer = new PooledFloats((long)width * height * channels, budget, $"A {width}x{height}x{channels} image frame", clear);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of planes, alpha included.</summary>
    public int Channels { get; }

    /// <summary>Colour planes, alpha excluded.</summary>
    public int ColorChannels => HasAlpha ? Channels - 1 : Channels;

    /// <summary>Whether the last plane is alpha.</summary>
    public bool HasAlpha { get; }

    /// <summary>What the colour values mean. Changing it relabels; it does not convert.</summary>
    public ColorSpace ColorSpace { get; set; }

    /// <summary>
    /// Print resolution in pixels per inch (the same both ways), or null when unknown. Image files carry
    /// it (PNG pHYs, JPEG JFIF density, TIFF XResolution/YResolution): loading reads it, saving writes it.
    /// It does not change the pixels; a resize keeps it, so the printed size follows the pixel count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not null and not a positive finite number.</exception>
    public double? DotsPerInch
    {
        get => _dotsPerInch;
        set
        {
            if (value is { } dpi && (!double.IsFinite(dpi) || dpi <= 0))
                throw new ArgumentOutOfRangeException(nameof(value), dpi, "Dots per inch must be a positive finite number, or null for unknown.");
            _dotsPerInch = value;
        }
    }

    /// <summary>Pixels per plane.</summary>
    public int PixelCount => Width * Height;

    /// <summary>The budget the frame was allocated under; operations on it use the same.</summary>
    public ComputeBudget Budget { get; }

    /// <summary>All samples, plane after plane (CHW order).</summary>
    public Span<float> Data => _buffer.Span;

    /// <summary>One plane (R, G, B, grey or alpha), row after row.</summary>
    public Span<float> Plane(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return _buffer.Span.Slice(channel * PixelCount, PixelCount);
    }

    /// <summary>One row of one plane.</summary>
    public Span<float> Row(int channel, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return Plane(channel).Slice(y * Width, Width);
    }

    /// <summary>The alpha plane; throws when the frame has none.</summary>
    public Span<float> Alpha => HasAlpha
        ? Plane(Channels - 1)
        : throw new InvalidOperationException("This frame has no alpha plane.");

    /// <summary>Creates a frame with every sample zero.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">Planes, alpha included (1..4).</param>
    /// <param name="colorSpace">What the values mean.</param>
    /// <param name="hasAlpha">Whether the last plane is alpha.</param>
    /// <param name="budget">Memory and thread budget; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <exception cref="ResourceLimitException">The frame would exceed the budget's memory.</exception>
    public static ImageFrame Create(int width, int height, int channels, ColorSpace colorSpace = ColorSpace.Srgb, bool hasAlpha = false, ComputeBudget? budget = null) =>
        new(width, height, channels, colorSpace, hasAlpha, budget ?? ComputeBudget.Default, clear: true);

    /// <summary>Creates a frame shaped like <paramref name="template"/>, zeroed.</summary>
    public static ImageFrame CreateLike(ImageFrame template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Create(template.Width, template.Height, template.Channels, template.ColorSpace, template.HasAlpha, template.Budget);
    }

    /// <summary>A deep copy with its own pooled memory (and the same <see cref="DotsPerInch"/>).</summary>
    public ImageFrame Clone()
    {
        var copy = new ImageFrame(Width, Height, Channels, ColorSpace, HasAlpha, Budget, clear: false) { DotsPerInch = DotsPerInch };
        Data.CopyTo(copy.Data);
        return copy;
    }

    /// <summary>
    /// Creates a frame from interleaved 8-bit pixels, mapping 0..255 to 0..1.
    /// </summary>
    /// <param name="pixels">Tightly packed rows, <paramref name="width"/> x channels elements each.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="layout">Channel order of <paramref name="pixels"/>.</param>
    /// <param name="colorSpace">What the values mean.</param>
    /// <param name="budget">Memory and thread budget; <see cref="ComputeBudget.Default"/> when null.</param>
    public static ImageFrame FromPixels(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, ColorSpace colorSpace = ColorSpace.Srgb, ComputeBudget? budget = null)
    {
        var frame = Allocate(pixels.Length, width, height, layout, colorSpace, budget);
        PixelConversion.Deinterleave(pixels, frame, layout);
        return frame;
    }

    /// <summary>Creates a frame from interleaved 16-bit pixels, mapping 0..65535 to 0..1.</summary>
    /// <inheritdoc cref="FromPixels(ReadOnlySpan{byte}, int, int, PixelLayout, ColorSpace, ComputeBudget?)"/>
    public static ImageFrame FromPixels(ReadOnlySpan<ushort> pixels, int width, int height, PixelLayout layout, ColorSpace colorSpace = ColorSpace.Srgb, ComputeBudget? budget = null)
    {
        var frame = Allocate(pixels.Length, width, height, layout, colorSpace, budget);
        PixelConversion.Deinterleave(pixels, frame, layout);
        return frame;
    }

    /// <summary>Creates a frame from interleaved float pixels, copied unchanged.</summary>
    /// <inheritdoc cref="FromPixels(ReadOnlySpan{byte}, int, int, PixelLayout, ColorSpace, ComputeBudget?)"/>
    public static ImageFrame FromPixels(ReadOnlySpan<float> pixels, int width, int height, PixelLayout layout, ColorSpace colorSpace = ColorSpace.Srgb, ComputeBudget? budget = null)
    {
        var frame = Allocate(pixels.Length, width, height, layout, colorSpace, budget);
        PixelConversion.Deinterleave(pixels, frame, layout);
        return frame;
    }

    /// <summary>
    /// Writes the frame as interleaved 8-bit pixels: values are clamped to 0..1, scaled to 0..255 and
    /// rounded to nearest; NaN becomes 0. The layout's channel count must equal <see cref="Channels"/>.
    /// </summary>
    /// <param name="destination">At least <c>Width * Height * channels</c> elements.</param>
    /// <param name="layout">Channel order to write.</param>
    public void CopyPixelsTo(Span<byte> destination, PixelLayout layout)
    {
        CheckDestination(destination.Length, layout);
        PixelConversion.Interleave(this, destination, layout);
    }

    /// <summary>Writes the frame as interleaved 16-bit pixels (0..1 to 0..65535, rounded; NaN to 0).</summary>
    /// <inheritdoc cref="CopyPixelsTo(Span{byte}, PixelLayout)"/>
    public void CopyPixelsTo(Span<ushort> destination, PixelLayout layout)
    {
        CheckDestination(destination.Length, layout);
        PixelConversion.Interleave(this, destination, layout);
    }

    /// <summary>Writes the frame as interleaved float pixels, unchanged and unclamped.</summary>
    /// <inheritdoc cref="CopyPixelsTo(Span{byte}, PixelLayout)"/>
    public void CopyPixelsTo(Span<float> destination, PixelLayout layout)
    {
        CheckDestination(destination.Length, layout);
        PixelConversion.Interleave(this, destination, layout);
    }

    /// <summary>The frame as a new array of interleaved 8-bit pixels.</summary>
    public byte[] ToPixels8(PixelLayout layout)
    {
        var result = new byte[checked(PixelCount * layout.ChannelCount())];
        CopyPixelsTo(result, layout);
        return result;
    }

    /// <summary>The frame as a new array of interleaved 16-bit pixels.</summary>
    public ushort[] ToPixels16(PixelLayout layout)
    {
        var result = new ushort[checked(PixelCount * layout.ChannelCount())];
        CopyPixelsTo(result, layout);
        return result;
    }

    /// <summary>A zero-copy tensor view of shape [channels, height, width].</summary>
    public TensorSpan<float> AsTensorSpan() =>
        new(Data, [Channels, Height, Width]);

    /// <summary>
    /// A zero-copy ONNX Runtime tensor of shape [1, channels, height, width] (NCHW) over this frame's
    /// memory. Dispose the value before the frame, and do not let a model write to it unless that is
    /// intended.
    /// </summary>
    public OrtValue ToOrtValue() =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _buffer.Memory, [1, Channels, Height, Width]);

    /// <summary>Returns the memory to the pool. Views taken earlier become invalid.</summary>
    public void Dispose() => _buffer.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"ImageFrame {Width}x{Height}x{Channels} {ColorSpace}{(HasAlpha ? " +alpha" : "")}";

    private static ImageFrame Allocate(int length, int width, int height, PixelLayout layout, ColorSpace colorSpace, ComputeBudget? budget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var channels = layout.ChannelCount();
        var needed = (long)width * height * channels;
        if (length < needed)
            throw new ArgumentException($"A {width}x{height} {layout} image needs {needed} elements; the buffer has {length}.", nameof(length));
        return new ImageFrame(width, height, channels, colorSpace, layout.HasAlpha(), budget ?? ComputeBudget.Default, clear: false);
    }

    private void CheckDestination(int length, PixelLayout layout)
    {
        var channels = layout.ChannelCount();
        if (channels != Channels || layout.HasAlpha() != HasAlpha)
            throw new ArgumentException($"Layout {layout} does not fit a frame with {Channels} channels{(HasAlpha ? " including alpha" : "")}.", nameof(layout));
        var needed = (long)PixelCount * channels;
        if (length < needed)
            throw new ArgumentException($"The destination needs {needed} elements; it has {length}.", nameof(length));
    }
}
