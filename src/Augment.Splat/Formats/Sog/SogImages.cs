using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Splat;

/// <summary>SOG's RGBA8 attribute images: lossless WebP through ImageSharp, with the size checked before decoding.</summary>
internal static class SogImages
{
    /// <summary>WebP's largest side.</summary>
    public const int MaxSide = 16383;

    private static readonly WebpEncoder Lossless = new()
    {
        FileFormat = WebpFileFormatType.Lossless,
        // Colour under alpha 0 is data here (sh0's alpha is opacity): never let the encoder clear it.
        TransparentColorMode = WebpTransparentColorMode.Preserve,
        Method = WebpEncodingMethod.Level4,
    };

    /// <summary>
    /// Decodes <paramref name="webp"/> to RGBA bytes. The header's size is checked first: at least
    /// <paramref name="minTexels"/> texels, at most <paramref name="maxTexels"/>, and the decoded bytes within the budget.
    /// </summary>
    public static byte[] DecodeRgba(byte[] webp, string member, string source, long minTexels, long maxTexels, ComputeBudget budget, out int width, out int height)
    {
        try
        {
            var info = Image.Identify(webp) ?? throw new InvalidMediaException(source, 0, $"member '{member}' is not an image");
            width = info.Width;
            height = info.Height;
            var texels = (long)width * height;
            if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide)
                throw new InvalidMediaException(source, 0, $"member '{member}' is {width} x {height}, outside WebP's 1..{MaxSide} texels a side");
            if (texels < minTexels)
                throw new InvalidMediaException(source, 0, $"member '{member}' has {texels:N0} texels, fewer than the {minTexels:N0} the scene needs");
            if (texels > maxTexels)
                throw new InvalidMediaException(source, 0, $"member '{member}' has {texels:N0} texels, more than the {maxTexels:N0} a scene of this size can use");
            budget.EnsureAllocation(texels * 8, $"decoding SOG member '{member}'");
            using var image = Image.Load<Rgba32>(Configuration.Default, webp);
            if (image.Width != width || image.Height != height)
                throw new InvalidMediaException(source, 0, $"member '{member}' decodes to a different size than its header declares");
            var rgba = new byte[texels * 4];
            image.CopyPixelDataTo(rgba);
            return rgba;
        }
        catch (UnknownImageFormatException e)
        {
            throw new InvalidMediaException(source, 0, $"member '{member}' is not a WebP image ({e.Message})");
        }
        catch (ImageFormatException e)
        {
            throw new InvalidMediaException(source, 0, $"member '{member}' is a corrupt image ({e.Message})");
        }
        catch (Exception e) when (e is not AugmentException and not OutOfMemoryException and not OperationCanceledException)
        {
            // A third-party decoder fed hostile bytes may fail in ways it does not type; the caller still gets a typed error.
            throw new InvalidMediaException(source, 0, $"member '{member}' cannot be decoded ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>Encodes RGBA bytes as lossless WebP.</summary>
    public static byte[] EncodeLossless(ReadOnlySpan<byte> rgba, int width, int height)
    {
        using var image = Image.LoadPixelData<Rgba32>(rgba, width, height);
        using var output = new MemoryStream();
        image.Save(output, Lossless);
        return output.ToArray();
    }
}
