using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Augment.Vision;

/// <summary>
/// Writes 16-bit grey or RGB baseline TIFF (little-endian, chunky, Deflate-compressed strips).
/// ImageSharp 2.1's TIFF encoder narrows 48-bit output to 8 bits per sample, so deep TIFFs are written
/// here; its decoder reads them back at full precision.
/// </summary>
internal static class Tiff16Writer
{
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;
    private const ushort TypeRational = 5;
    private const uint ResolutionDenominator = 10000;

    public static void Write(Augment.ImageFrame frame, Stream output)
    {
        var samplesPerPixel = frame.Channels;
        if (frame.HasAlpha || samplesPerPixel is not (1 or 3))
            throw new ArgumentException("The 16-bit TIFF writer takes grey or RGB frames.", nameof(frame));
        var layout = samplesPerPixel == 1 ? PixelLayout.Gray : PixelLayout.Rgb;
        var width = frame.Width;
        var height = frame.Height;
        var rowBytes = width * samplesPerPixel * 2;
        // Strips of about 64 KiB uncompressed, as the TIFF 6.0 spec recommends (section 3, RowsPerStrip).
        var rowsPerStrip = Math.Clamp((1 << 16) / Math.Max(rowBytes, 1), 1, height);
        var stripCount = (height + rowsPerStrip - 1) / rowsPerStrip;

        var count = frame.PixelCount * samplesPerPixel;
        var samples = ArrayPool<ushort>.Shared.Rent(count);
        var rowBuffer = ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            frame.CopyPixelsTo(samples.AsSpan(0, count), layout);
            using var strips = new MemoryStream();
            var stripOffsets = new uint[stripCount];
            var stripSizes = new uint[stripCount];
            const uint DataStart = 8;
            for (var s = 0; s < stripCount; s++)
            {
                var start = strips.Position;
                using (var deflate = new ZLibStream(strips, CompressionLevel.Optimal, leaveOpen: true))
                {
                    var lastRow = Math.Min(height, (s + 1) * rowsPerStrip);
                    for (var y = s * rowsPerStrip; y < lastRow; y++)
                    {
                        var row = samples.AsSpan(y * width * samplesPerPixel, width * samplesPerPixel);
                        for (var i = 0; i < row.Length; i++)
                            BinaryPrimitives.WriteUInt16LittleEndian(rowBuffer.AsSpan(2 * i), row[i]);
                        deflate.Write(rowBuffer, 0, rowBytes);
                    }
                }
                stripOffsets[s] = checked(DataStart + (uint)start);
                stripSizes[s] = checked((uint)(strips.Position - start));
            }
            if (strips.Length % 2 == 1)
                strips.WriteByte(0); // keep what follows word-aligned

            // Layout: header, strip data, then the out-of-line arrays, then IFD0.
            var arraysStart = checked(DataStart + (uint)strips.Length);
            var bitsOffset = arraysStart;
            var offsetsOffset = bitsOffset + (uint)(samplesPerPixel > 2 ? 2 * samplesPerPixel : 0);
            var sizesOffset = offsetsOffset + (uint)(stripCount > 1 ? 4 * stripCount : 0);
            var resolutionOffset = sizesOffset + (uint)(stripCount > 1 ? 4 * stripCount : 0);
            var dpi = frame.DotsPerInch is { } d && d * ResolutionDenominator < uint.MaxValue ? d : (double?)null;
            var ifdOffset = resolutionOffset + (dpi is null ? 0u : 16u);

            using var writer = new BinaryWriter(output, System.Text.Encoding.ASCII, leaveOpen: true);
            writer.Write((byte)'I');
            writer.Write((byte)'I');
            writer.Write((ushort)42);
            writer.Write(ifdOffset);
            strips.Position = 0;
            strips.CopyTo(output);
            if (samplesPerPixel > 2)
            {
                for (var i = 0; i < samplesPerPixel; i++)
                    writer.Write((ushort)16);
            }
            if (stripCount > 1)
            {
                foreach (var offset in stripOffsets)
                    writer.Write(offset);
                foreach (var size in stripSizes)
                    writer.Write(size);
            }
            if (dpi is { } resolution)
            {
                // Two RATIONALs (numerator, denominator): XResolution then YResolution.
                var dpiNumerator = (uint)Math.Round(resolution * ResolutionDenominator);
                for (var axis = 0; axis < 2; axis++)
                {
                    writer.Write(dpiNumerator);
                    writer.Write(ResolutionDenominator);
                }
            }

            // IFD0: entries sorted by tag, as TIFF 6.0 section 2 requires.
            // SampleFormat is left at its default, unsigned integer.
            writer.Write((ushort)(dpi is null ? 10 : 13));
            Entry(writer, 256, TypeLong, 1, (uint)width);                        // ImageWidth
            Entry(writer, 257, TypeLong, 1, (uint)height);                       // ImageLength
            Entry(writer, 258, TypeShort, (uint)samplesPerPixel, samplesPerPixel > 2 ? bitsOffset : 16u); // BitsPerSample
            Entry(writer, 259, TypeShort, 1, 8);                                 // Compression: Deflate (zlib)
            Entry(writer, 262, TypeShort, 1, samplesPerPixel == 1 ? 1u : 2u);    // Photometric: BlackIsZero / RGB
            Entry(writer, 273, TypeLong, (uint)stripCount, stripCount > 1 ? offsetsOffset : stripOffsets[0]); // StripOffsets
            Entry(writer, 277, TypeShort, 1, (uint)samplesPerPixel);             // SamplesPerPixel
            Entry(writer, 278, TypeLong, 1, (uint)rowsPerStrip);                 // RowsPerStrip
            Entry(writer, 279, TypeLong, (uint)stripCount, stripCount > 1 ? sizesOffset : stripSizes[0]); // StripByteCounts
            if (dpi is not null)
            {
                Entry(writer, 282, TypeRational, 1, resolutionOffset);           // XResolution
                Entry(writer, 283, TypeRational, 1, resolutionOffset + 8);       // YResolution
            }
            Entry(writer, 284, TypeShort, 1, 1);                                 // PlanarConfiguration: chunky
            if (dpi is not null)
                Entry(writer, 296, TypeShort, 1, 2);                             // ResolutionUnit: inch
            writer.Write(0u); // no next IFD
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(samples);
            ArrayPool<byte>.Shared.Return(rowBuffer);
        }
    }

    // A SHORT value sits in the low bytes of the 4-byte value field (little-endian), so writing the
    // uint works for both SHORT and LONG single values.
    private static void Entry(BinaryWriter writer, ushort tag, ushort type, uint count, uint valueOrOffset)
    {
        writer.Write(tag);
        writer.Write(type);
        writer.Write(count);
        writer.Write(valueOrOffset);
    }
}
