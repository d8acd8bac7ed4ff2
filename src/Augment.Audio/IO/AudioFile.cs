namespace Augment.Audio;

/// <summary>
/// Opens, loads and saves audio files by content: WAV/RF64/BW64 and MP3 natively, anything else
/// through ffmpeg when it is installed (found by <see cref="FfmpegLocator"/>).
/// </summary>
public static class AudioFile
{
    /// <summary>Opens a file as a streaming source, choosing the decoder by the file's first bytes.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A <see cref="WavReader"/>, <see cref="Mp3Reader"/> or <see cref="FfmpegAudioReader"/>; dispose it.</returns>
    /// <exception cref="FfmpegNotFoundException">Neither WAV nor MP3, and ffmpeg (which decodes other formats) is not found (see <see cref="FfmpegLocator"/>).</exception>
    public static IAudioSource Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> head = stackalloc byte[12];
        int got;
        using (var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            got = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..got];
        if (IsWav(head)) return WavReader.Open(path);
        if (IsMpegAudio(head, path)) return Mp3Reader.Open(path);
        string ffmpeg;
        try
        {
            ffmpeg = FfmpegLocator.RequireFfmpeg();
        }
        catch (FfmpegNotFoundException e)
        {
            throw new FfmpegNotFoundException(MediaErrors.Describe(path, 0, $"neither WAV nor MP3, so decoding it needs ffmpeg: {e.Message}"), e);
        }
        return new FfmpegAudioReader(path, ffmpeg);
    }

    /// <summary>Reads a whole file into a buffer (constant extra memory for WAV; the budget is checked first).</summary>
    /// <param name="path">The file.</param>
    /// <param name="budget">Memory budget; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    public static AudioBuffer Load(string path, ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        using var source = Open(path);
        return source.ReadAll(budget, cancellationToken);
    }

    /// <summary>Saves a buffer as a WAV file, atomically (temporary file, then rename).</summary>
    /// <param name="buffer">The samples.</param>
    /// <param name="path">Destination; replaced if it exists.</param>
    /// <param name="options">Sample format, dither, chunks; <see cref="WavWriteOptions.Default"/> (float32) when null.</param>
    /// <param name="channelMask">Speaker positions; <see cref="Speakers.None"/> takes the usual layout for the channel count.</param>
    public static void SaveWav(AudioBuffer buffer, string path, WavWriteOptions? options = null, Speakers channelMask = Speakers.None)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var writer = WavWriter.Create(path, new AudioFormat(buffer.SampleRate, buffer.Channels, channelMask), options);
        writer.Write(buffer);
        writer.Complete();
    }

    private static bool IsWav(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8))
        && head.Slice(8, 4).SequenceEqual("WAVE"u8);

    private static bool IsMpegAudio(ReadOnlySpan<byte> head, string path)
    {
        if (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8)) return true;
        // An MPEG audio frame sync (11 set bits) with a layer other than "reserved".
        if (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0) return true;
        return path.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase) && FfmpegLocator.FindFfmpeg() is null;
    }
}
