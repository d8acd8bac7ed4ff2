namespace Augment.Audio;

/// <summary>
/// File I/O spelled on <see cref="AudioBuffer"/> itself (C# 14 extension members):
/// <c>using var voice = AudioBuffer.Load("take3.wav");</c> and <c>voice.SaveWav("out.wav")</c>.
/// </summary>
public static class AudioBufferFileExtensions
{
    extension(AudioBuffer)
    {
        /// <summary>Reads a whole audio file (WAV, MP3, or anything ffmpeg decodes) into a buffer; see <see cref="AudioFile.Load"/>.</summary>
        /// <param name="path">The file.</param>
        /// <param name="budget">Memory budget; <see cref="ComputeBudget.Default"/> when null.</param>
        /// <param name="cancellationToken">Checked between blocks.</param>
        public static AudioBuffer Load(string path, ComputeBudget? budget = null, CancellationToken cancellationToken = default) =>
            AudioFile.Load(path, budget, cancellationToken);
    }

    /// <summary>Saves the buffer as a WAV file, atomically; see <see cref="AudioFile.SaveWav"/>.</summary>
    /// <param name="buffer">The samples.</param>
    /// <param name="path">Destination; replaced if it exists.</param>
    /// <param name="options">Sample format, dither, chunks; float32 when null.</param>
    public static void SaveWav(this AudioBuffer buffer, string path, WavWriteOptions? options = null) =>
        AudioFile.SaveWav(buffer, path, options);
}
