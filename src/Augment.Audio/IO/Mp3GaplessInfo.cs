using System.Buffers.Binary;

namespace Augment.Audio;

/// <summary>
/// Encoder delay and padding from the Xing/Info + LAME tag in an MP3's first frame, so the decoded stream
/// starts and ends where the encoder's input did. Offsets follow the LAME tag specification
/// (gabriel.mp3-tech.org/mp3infotag.html) and ffmpeg's mp3 demuxer, which adds the 528 + 1 samples of
/// decoder delay to the start skip.
/// </summary>
internal readonly record struct Mp3GaplessInfo(int StartSkipSamples, long? LengthSamples)
{
    private const int DecoderDelay = 528 + 1;

    /// <summary>Reads the tag from a seekable stream at its start (after any ID3v2 tag); leaves the position at 0.</summary>
    public static Mp3GaplessInfo? Read(Stream stream)
    {
        try
        {
            stream.Position = 0;
            Span<byte> id3 = stackalloc byte[10];
            long start = 0;
            if (stream.ReadAtLeast(id3, 10, throwOnEndOfStream: false) == 10 && id3[..3].SequenceEqual("ID3"u8))
            {
                // Syncsafe size: 4 x 7 bits, plus a 10-byte footer when flag 0x10 is set.
                var size = (id3[6] & 0x7F) << 21 | (id3[7] & 0x7F) << 14 | (id3[8] & 0x7F) << 7 | (id3[9] & 0x7F);
                start = 10 + size + ((id3[5] & 0x10) != 0 ? 10 : 0);
            }
            if (start >= stream.Length) return null;
            stream.Position = start;
            var head = new byte[4096];
            var got = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return Parse(head.AsSpan(0, got));
        }
        finally
        {
            stream.Position = 0;
        }
    }

    /// <summary>Parses the first frame at the start of <paramref name="frame"/>; null when there is no LAME-style tag.</summary>
    public static Mp3GaplessInfo? Parse(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 4 || frame[0] != 0xFF || (frame[1] & 0xE0) != 0xE0) return null;
        var version = (frame[1] >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        var layer = (frame[1] >> 1) & 3;   // 1 = layer III
        if (version == 1 || layer != 1) return null;
        var mono = (frame[3] >> 6) == 3;
        var sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        var samplesPerFrame = version == 3 ? 1152 : 576;
        var at = 4 + sideInfo;
        if (frame.Length < at + 8) return null;
        var tag = frame.Slice(at, 4);
        if (!tag.SequenceEqual("Xing"u8) && !tag.SequenceEqual("Info"u8)) return null;
        var flags = BinaryPrimitives.ReadUInt32BigEndian(frame[(at + 4)..]);
        var p = at + 8;
        long? frames = null;
        if ((flags & 1) != 0)
        {
            if (frame.Length < p + 4) return null;
            frames = BinaryPrimitives.ReadUInt32BigEndian(frame[p..]);
            p += 4;
        }
        if ((flags & 2) != 0) p += 4;
        if ((flags & 4) != 0) p += 100;
        if ((flags & 8) != 0) p += 4;
        // LAME extension: 9-byte encoder string, 12 bytes of gains and flags, then 12+12 bits delay/padding.
        if (frame.Length < p + 24) return null;
        var encoder = frame.Slice(p, 4);
        if (!encoder.SequenceEqual("LAME"u8) && !encoder.SequenceEqual("Lavf"u8) && !encoder.SequenceEqual("Lavc"u8)) return null;
        var delays = frame[p + 21] << 16 | frame[p + 22] << 8 | frame[p + 23];
        var startPad = delays >> 12;
        var endPad = delays & 0xFFF;
        long? length = frames is { } n ? n * samplesPerFrame - startPad - endPad : null;
        if (length < 0) return null;
        return new Mp3GaplessInfo(startPad + DecoderDelay, length);
    }
}
