using System.Buffers.Binary;
using Augment.Vision.Tests.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata;

namespace Augment.Vision.Tests.Resampling;

/// <summary>
/// <c>ToPrint</c> sizes the pixels and the saved file states the resolution: checked by parsing the
/// bytes as the PNG, JFIF and TIFF specifications lay them out, and by ImageSharp's reader.
/// </summary>
public class PrintSizingTests
{
    [Fact]
    public void ToPrint_makes_width_inches_times_dpi_pixels_and_keeps_the_aspect_ratio()
    {
        using var frame = ImageFrame.Create(600, 400, 3);
        using var print = frame.ToPrint(2.5, 150);
        Assert.Equal(375, print.Width);
        Assert.Equal(250, print.Height);
        Assert.Equal(150, print.DotsPerInch);
    }

    [Fact]
    public void A_PNG_carries_the_resolution_in_its_pHYs_chunk()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("print.png");
        using (var frame = ImageFrame.Create(90, 60, 3))
        using (var print = frame.ToPrint(0.2, 300))
            print.Save(path);
        var bytes = File.ReadAllBytes(path);
        // PNG 11.3.5.3: pHYs = pixels per unit X (4), Y (4), unit (1 = metre).
        var at = IndexOf(bytes, "pHYs"u8);
        Assert.True(at > 0, "no pHYs chunk");
        var perMetre = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
        Assert.Equal(11811u, perMetre); // 300 / 0.0254 = 11811.02
        Assert.Equal(perMetre, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4)));
        Assert.Equal(1, bytes[at + 8]);
        AssertImageSharpReads(path, 300, 0.01);
        using var loaded = ImageFile.Load(path);
        Assert.Equal(300, loaded.DotsPerInch!.Value, 0.01);
        Assert.Equal(60, loaded.Width);
    }

    [Fact]
    public void A_JPEG_carries_the_resolution_in_its_JFIF_density()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("print.jpg");
        using (var frame = ImageFrame.Create(90, 60, 3))
        using (var print = frame.ToPrint(0.4, 240))
            print.Save(path);
        var bytes = File.ReadAllBytes(path);
        // JFIF 1.02: APP0 "JFIF\0", version (2), units (1 = dots per inch), Xdensity (2), Ydensity (2).
        var at = IndexOf(bytes, "JFIF\0"u8);
        Assert.True(at > 0, "no JFIF segment");
        Assert.Equal(1, bytes[at + 2]);
        Assert.Equal(240, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 3)));
        Assert.Equal(240, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 5)));
        AssertImageSharpReads(path, 240, 1e-9);
        using var loaded = ImageFile.Load(path);
        Assert.Equal(240, loaded.DotsPerInch);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void A_TIFF_carries_the_resolution_in_its_resolution_tags(int bits)
    {
        using var folder = new ScratchFolder();
        var path = folder.File("print.tif");
        using (var frame = ImageFrame.Create(90, 60, 3))
        using (var print = frame.ToPrint(0.5, 200))
            print.Save(path, new ImageSaveOptions { BitsPerChannel = bits });
        var tags = TiffTags(File.ReadAllBytes(path));
        Assert.Equal(200.0, tags[282], 1e-6);
        Assert.Equal(200.0, tags[283], 1e-6);
        Assert.Equal(2.0, tags[296]); // inch
        AssertImageSharpReads(path, 200, 1e-6);
        using var loaded = ImageFile.Load(path);
        Assert.Equal(200, loaded.DotsPerInch!.Value, 1e-6);
    }

    [Fact]
    public void A_resize_keeps_the_resolution_of_the_loaded_file()
    {
        using var folder = new ScratchFolder();
        using (var frame = ImageFrame.Create(80, 40, 3))
        {
            frame.DotsPerInch = 72;
            frame.Save(folder.File("in.png"));
        }
        using var loaded = ImageFile.Load(folder.File("in.png"));
        using var half = loaded.Resize(r => r.ToWidth(40));
        Assert.Equal(72, half.DotsPerInch!.Value, 0.01);
    }

    private static void AssertImageSharpReads(string path, double dpi, double tolerance)
    {
        var info = Image.Identify(path);
        var metadata = info.Metadata;
        var perInch = metadata.ResolutionUnits switch
        {
            PixelResolutionUnit.PixelsPerInch => metadata.HorizontalResolution,
            PixelResolutionUnit.PixelsPerCentimeter => metadata.HorizontalResolution * 2.54,
            PixelResolutionUnit.PixelsPerMeter => metadata.HorizontalResolution * 0.0254,
            _ => double.NaN,
        };
        Assert.Equal(dpi, perInch, tolerance);
    }

    /// <summary>The index just after the first occurrence of <paramref name="pattern"/> (a chunk type or segment identifier), or -1.</summary>
    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> pattern) => bytes.AsSpan().IndexOf(pattern) is var i and >= 0 ? i + pattern.Length : -1;

    /// <summary>IFD0 tag values of a little-endian TIFF (TIFF 6.0 section 2): SHORT/LONG values and RATIONALs as doubles.</summary>
    private static Dictionary<int, double> TiffTags(byte[] tiff)
    {
        Assert.Equal((byte)'I', tiff[0]);
        var ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        var tags = new Dictionary<int, double>();
        for (var e = 0; e < count; e++)
        {
            var entry = tiff.AsSpan(ifd + 2 + (12 * e), 12);
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(entry);
            var type = BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
            var value = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            tags[tag] = type switch
            {
                3 => BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]),
                4 => value,
                5 => BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)value)) / (double)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)value + 4)),
                _ => double.NaN,
            };
        }
        return tags;
    }
}
