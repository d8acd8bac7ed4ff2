using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Augment.Vision;

/// <summary>Identify, check limits, decode through ImageSharp, convert to a planar frame.</summary>
internal static class ImageDecoding
{
    public static Augment.ImageFrame Decode(Stream stream, string name, ImageDecodeOptions options)
    {
        var budget = options.Budget ?? ComputeBudget.Default;
        var configuration = ImageSharpSetup.For(budget);
        var start = stream.Position;

        IImageInfo? info;
        IImageFormat? format;
        try
        {
            info = Image.Identify(configuration, stream, out format);
        }
        catch (Exception ex) when (IsDecoderFault(ex))
        {
            throw Wrap(ex, name);
        }
        if (info is null || format is null)
            throw new UnsupportedFormatException($"'{name}': the content is not an image format that can be read (PNG, JPEG, TIFF, WebP, BMP, GIF, TGA, PBM).");

        CheckLimits(info, name, options, budget);
        TruncationCheck.Ensure(stream, start, format, name);
        var highPrecision = IsHighPrecision(info, format);
        var declaresAlpha = DeclaresAlpha(info, format);

        stream.Position = start;
        try
        {
            var decoder = DecoderFor(format, configuration);
            return highPrecision
                ? DecodeAs<Rgba64, ushort>(configuration, stream, decoder, options, budget, declaresAlpha, ushort.MaxValue)
                : DecodeAs<Rgba32, byte>(configuration, stream, decoder, options, budget, declaresAlpha, byte.MaxValue);
        }
        catch (Exception ex) when (IsDecoderFault(ex))
        {
            throw Wrap(ex, name);
        }
    }

    private static void CheckLimits(IImageInfo info, string name, ImageDecodeOptions options, ComputeBudget budget)
    {
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidMediaException(name, -1, $"the header declares an empty image ({info.Width}x{info.Height}).");
        var pixels = (long)info.Width * info.Height;
        if (pixels > options.MaxPixels)
            throw new ResourceLimitException(
                $"'{name}' declares {info.Width}x{info.Height} pixels ({pixels:N0}), more than the decode limit of {options.MaxPixels:N0} pixels (ImageDecodeOptions.MaxPixels).");
        // The decoder holds an interleaved copy (up to 8 bytes a pixel) beside the planar frame (16).
        budget.EnsureAllocation(pixels * (4 * sizeof(float) + 8), $"Decoding '{name}' ({info.Width}x{info.Height})");
    }

    private static Augment.ImageFrame DecodeAs<TPixel, TSample>(
        Configuration configuration, Stream stream, IImageDecoder decoder, ImageDecodeOptions options,
        ComputeBudget budget, bool declaresAlpha, TSample opaque)
        where TPixel : unmanaged, IPixel<TPixel>
        where TSample : unmanaged, IEquatable<TSample>
    {
        using var image = Image.Load<TPixel>(configuration, stream, decoder);
        if (options.ApplyExifOrientation)
            image.Mutate(x => x.AutoOrient());

        var width = image.Width;
        var height = image.Height;
        var samples = checked(width * height * 4);
        var rented = ArrayPool<TSample>.Shared.Rent(samples);
        try
        {
            var pixels = rented.AsSpan(0, samples);
            // Rgba32 is four bytes and Rgba64 four little-endian ushorts in memory: R, G, B, A.
            image.CopyPixelDataTo(MemoryMarshal.AsBytes(pixels));
            var keepAlpha = declaresAlpha || PixelRows.AnyTranslucent(pixels, opaque);
            if (!keepAlpha)
                PixelRows.DropAlphaInPlace(pixels, width * height);
            var layout = keepAlpha ? PixelLayout.Rgba : PixelLayout.Rgb;
            var used = width * height * (keepAlpha ? 4 : 3);
            var frame = typeof(TSample) == typeof(byte)
                ? Augment.ImageFrame.FromPixels(MemoryMarshal.Cast<TSample, byte>(pixels[..used]), width, height, layout, ColorSpace.Srgb, budget)
                : Augment.ImageFrame.FromPixels(MemoryMarshal.Cast<TSample, ushort>(pixels[..used]), width, height, layout, ColorSpace.Srgb, budget);
            frame.DotsPerInch = PrintResolution.Read(image.Metadata);
            return frame;
        }
        finally
        {
            ArrayPool<TSample>.Shared.Return(rented);
        }
    }

    private static bool IsHighPrecision(IImageInfo info, IImageFormat format)
    {
        var bitsPerPixel = info.PixelType?.BitsPerPixel ?? 0;
        if (format is PngFormat)
            return info.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
        if (format is TiffFormat)
            return bitsPerPixel > 32 || bitsPerPixel == 16; // 16 = 16-bit grey
        return bitsPerPixel > 32;
    }

    private static bool DeclaresAlpha(IImageInfo info, IImageFormat format)
    {
        if (info.PixelType?.AlphaRepresentation is PixelAlphaRepresentation.Associated or PixelAlphaRepresentation.Unassociated)
            return true;
        if (format is PngFormat)
        {
            var png = info.Metadata.GetPngMetadata();
            return png.ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha;
        }
        return false;
    }

    private static IImageDecoder DecoderFor(IImageFormat format, Configuration configuration) => format switch
    {
        // A still image is the first frame; do not decode (and allocate) the rest of an animation or page stack.
        GifFormat => new GifDecoder { DecodingMode = FrameDecodingMode.First },
        TiffFormat => new TiffDecoder { DecodingMode = FrameDecodingMode.First },
        _ => configuration.ImageFormatsManager.FindDecoder(format)
             ?? throw new UnsupportedFormatException($"No decoder is registered for {format.Name}."),
    };

    // Decoders fed malformed data throw a range of types (ImageFormatException, but also index, argument
    // and end-of-stream errors from deep inside a codec); every one of them means "this file is bad".
    private static bool IsDecoderFault(Exception ex) =>
        ex is not (AugmentException or OperationCanceledException or OutOfMemoryException or ThreadAbortException)
        && (ex is not IOException || ex is EndOfStreamException);

    private static Exception Wrap(Exception ex, string name) => ex switch
    {
        UnknownImageFormatException or NotSupportedException =>
            new UnsupportedFormatException($"'{name}': {ex.Message}", ex),
        InvalidMemoryOperationException =>
            new ResourceLimitException($"'{name}': the decoder could not allocate its buffers ({ex.Message}).", ex),
        ImageFormatException =>
            new InvalidMediaException($"'{name}': {ex.Message}", ex),
        _ => new InvalidMediaException($"'{name}': the image data is malformed ({ex.GetType().Name}: {ex.Message}).", ex),
    };
}
