namespace Augment.Cli.Commands;

/// <summary>Whether a watermark verb's input is sound or a picture, decided by the file's first bytes (then its extension).</summary>
internal static class WatermarkMedia
{
    private static readonly string[] AudioExtensions = [".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a", ".aac", ".aif", ".aiff", ".wma"];

    /// <summary>True for RIFF/RF64/BW64 WAVE, MP3 (ID3 or an MPEG audio frame sync), FLAC, Ogg, AIFF, or a known audio extension.</summary>
    public static bool IsAudio(string path)
    {
        Span<byte> head = stackalloc byte[12];
        int got;
        using (var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            got = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..got];
        if (head.Length >= 12 && head.Slice(8, 4).SequenceEqual("WAVE"u8))
            return true;
        if (head.Length >= 12 && head[..4].SequenceEqual("FORM"u8) && (head.Slice(8, 4).SequenceEqual("AIFF"u8) || head.Slice(8, 4).SequenceEqual("AIFC"u8)))
            return true;
        if (head.Length >= 4 && (head[..4].SequenceEqual("fLaC"u8) || head[..4].SequenceEqual("OggS"u8)))
            return true;
        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8))
            return true;
        // An MPEG audio frame sync: 11 set bits and a layer other than "reserved" (JPEG's FF D8 does not match).
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0)
            return true;
        return Array.IndexOf(AudioExtensions, Path.GetExtension(path).ToLowerInvariant()) >= 0;
    }
}
