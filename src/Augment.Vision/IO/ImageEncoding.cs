using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Vision;

/// <summary>Planar frame to ImageSharp image, and the encoder for a format and options.</summary>
internal static class ImageEncoding
{
    /// <summary>Encodes <paramref name="frame"/>; call <see cref="EncoderFor"/> first to validate the request.</summary>
    public static void Write(Augment.ImageFrame frame, Stream stream, IImageEncoder encoder, ImageFileFormat format, ImageSaveOptions options)
    {
        if (format == ImageFileFormat.Tiff && options.BitsPerChannel == 16)
        {
            Tiff16Writer.Write(frame, stream);
            return;
        }
        using var image = ToImage(frame, options.BitsPerChannel);
        if (options.IccProfile.IsEmpty)
        {
            image.Save(stream, encoder);
            return;
        }
        var profile = options.IccProfile.ToArray();
        if (format == ImageFileFormat.Jpeg)
        {
            IccProfileIo.Attach(image, profile);
            image.Save(stream, encoder);
            return;
        }
        // PNG: ImageSharp 2.1 does not write iCCP, so the chunk is spliced in after IHDR.
        using var png = new MemoryStream();
        image.Save(png, encoder);
        IccProfileIo.WritePngWithProfile(png.GetBuffer().AsSpan(0, (int)png.Length), stream, profile);
    }

    /// <summary>The encoder for a request; throws before anything is written when the request cannot be met.</summary>
    public static IImageEncoder EncoderFor(ImageFileFormat format, ImageSaveOptions options, Augment.ImageFrame frame, string target)
    {
        var layout = LayoutOf(frame);
        var alpha = layout.HasAlpha();
        var grey = layout is PixelLayout.Gray or PixelLayout.GrayAlpha;
        var sixteen = options.BitsPerChannel == 16;
        if (sixteen && format is not (ImageFileFormat.Png or ImageFileFormat.Tiff))
            throw new UnsupportedFormatException($"'{target}': {format} holds 8 bits per channel; use PNG or TIFF for 16-bit output.");
        if (!options.IccProfile.IsEmpty && !IccProfileIo.CanWrite(format))
            throw new UnsupportedFormatException($"'{target}': {format} output cannot carry an ICC profile here ({options.IccProfile.Length} bytes); use JPEG or PNG, or leave ImageSaveOptions.IccProfile empty.");
        switch (format)
        {
            case ImageFileFormat.Png:
                return new PngEncoder
                {
                    BitDepth = sixteen ? PngBitDepth.Bit16 : PngBitDepth.Bit8,
                    ColorType = (grey, alpha) switch
                    {
                        (true, false) => PngColorType.Grayscale,
                        (true, true) => PngColorType.GrayscaleWithAlpha,
                        (false, false) => PngColorType.Rgb,
                        (false, true) => PngColorType.RgbWithAlpha,
                    },
                };
            case ImageFileFormat.Jpeg:
                return new JpegEncoder
                {
                    Quality = options.Quality,
                    ColorType = grey ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420,
                };
            case ImageFileFormat.Tiff:
                // ImageSharp 2.1 writes TIFF without extra (alpha) samples; refuse rather than drop alpha silently.
                if (alpha)
                    throw new UnsupportedFormatException($"'{target}': TIFF output does not keep alpha; use PNG or WebP, or drop the alpha plane first.");
                // 16-bit TIFF goes through Tiff16Writer (see Write); this encoder serves 8-bit.
                return new TiffEncoder
                {
                    BitsPerPixel = (grey, sixteen) switch
                    {
                        (true, false) => TiffBitsPerPixel.Bit8,
                        (true, true) => TiffBitsPerPixel.Bit16,
                        (false, false) => TiffBitsPerPixel.Bit24,
                        (false, true) => TiffBitsPerPixel.Bit48,
                    },
                    Compression = SixLabors.ImageSharp.Formats.Tiff.Constants.TiffCompression.Deflate,
                };
            case ImageFileFormat.WebP:
                return new WebpEncoder
                {
                    FileFormat = options.Lossless ? WebpFileFormatType.Lossless : WebpFileFormatType.Lossy,
                    Quality = options.Quality,
                    // Keep the colour of fully transparent pixels so that lossless really is lossless.
                    TransparentColorMode = WebpTransparentColorMode.Preserve,
                };
            case ImageFileFormat.Bmp:
                // Grey goes out as 24-bit: the 8-bit BMP path quantises through a palette.
                return new BmpEncoder
                {
                    BitsPerPixel = alpha ? BmpBitsPerPixel.Pixel32 : BmpBitsPerPixel.Pixel24,
                    SupportTransparency = alpha,
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image file format.");
        }
    }

    public static Image ToImage(Augment.ImageFrame frame, int bitsPerChannel)
    {
        var layout = LayoutOf(frame);
        Image image = (layout, bitsPerChannel) switch
        {
            (PixelLayout.Gray, 8) => Build8<L8>(frame, layout),
            (PixelLayout.GrayAlpha, 8) => Build8<La16>(frame, layout),
            (PixelLayout.Rgb, 8) => Build8<Rgb24>(frame, layout),
            (PixelLayout.Rgba, 8) => Build8<Rgba32>(frame, layout),
            (PixelLayout.Gray, 16) => Build16<L16>(frame, layout),
            (PixelLayout.GrayAlpha, 16) => Build16<La32>(frame, layout),
            (PixelLayout.Rgb, 16) => Build16<Rgb48>(frame, layout),
            (PixelLayout.Rgba, 16) => Build16<Rgba64>(frame, layout),
            _ => throw new ArgumentOutOfRangeException(nameof(bitsPerChannel), bitsPerChannel, "Bits per channel must be 8 or 16."),
        };
        PrintResolution.Write(image.Metadata, frame.DotsPerInch);
        return image;
    }

    private static PixelLayout LayoutOf(Augment.ImageFrame frame) => (frame.Channels, frame.HasAlpha) switch
    {
        (1, false) => PixelLayout.Gray,
        (2, true) => PixelLayout.GrayAlpha,
        (3, false) => PixelLayout.Rgb,
        (4, true) => PixelLayout.Rgba,
        _ => throw new ArgumentException(
            $"A frame with {frame.Channels} channels{(frame.HasAlpha ? " including alpha" : " and no alpha")} has no image-file layout; image files hold grey, grey+alpha, RGB or RGBA.",
            nameof(frame)),
    };

    private static Image<TPixel> Build8<TPixel>(Augment.ImageFrame frame, PixelLayout layout)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var count = frame.PixelCount * frame.Channels;
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            var pixels = rented.AsSpan(0, count);
            frame.CopyPixelsTo(pixels, layout);
            return Image.LoadPixelData<TPixel>(pixels, frame.Width, frame.Height);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static Image<TPixel> Build16<TPixel>(Augment.ImageFrame frame, PixelLayout layout)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        var count = frame.PixelCount * frame.Channels;
        var rented = ArrayPool<ushort>.Shared.Rent(count);
        try
        {
            var pixels = rented.AsSpan(0, count);
            frame.CopyPixelsTo(pixels, layout);
            // L16, La32, Rgb48 and Rgba64 are native-endian ushorts in channel order.
            return Image.LoadPixelData<TPixel>(MemoryMarshal.AsBytes(pixels), frame.Width, frame.Height);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(rented);
        }
    }
}
