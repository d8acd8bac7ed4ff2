using System.Globalization;
using Augment.Audio;
using Augment.Provenance.Watermarks;

namespace Augment.Cli.Commands;

/// <summary>
/// The sound work behind <c>credentials sign --watermark</c> and <c>credentials verify --repository</c>
/// (Augment.Provenance decodes no audio): embedding the invisible audio watermark into a WAV before signing, and
/// decoding a WAV or MP3 copy to look for it.
/// </summary>
internal static class CredentialsAudio
{
    /// <summary>True when the bytes start like a RIFF WAVE file (the sound container Augment signs into).</summary>
    public static bool IsWav(ReadOnlySpan<byte> asset) =>
        asset.Length >= 12 && asset[..4].SequenceEqual("RIFF"u8) && asset[8..12].SequenceEqual("WAVE"u8);

    /// <summary>
    /// The WAV with the audio watermark embedded, written again in its own sample format with its other chunks
    /// (<c>bext</c>, <c>LIST</c>, ...) kept, so that only the samples change.
    /// </summary>
    /// <exception cref="ArgumentException">The sound is below 16 kHz or shorter than <see cref="AudioWatermark.MinimumDuration"/>.</exception>
    public static byte[] Watermark(byte[] wav, string sourceName, WatermarkPayload payload, AudioWatermarkOptions options, CancellationToken cancellationToken)
    {
        using var input = new MemoryStream(wav, writable: false);
        using var reader = new WavReader(input, sourceName);
        using var sound = reader.ReadAll(null, cancellationToken);
        if (sound.SampleRate < AudioWatermark.MinimumSampleRate)
            throw new ArgumentException($"--watermark: '{sourceName}' is sampled at {sound.SampleRate} Hz; the audio watermark needs at least {AudioWatermark.MinimumSampleRate} Hz.");
        if (sound.Duration < AudioWatermark.MinimumDuration)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--watermark: '{sourceName}' lasts {sound.Duration.TotalSeconds:F2} s; the audio watermark needs at least {AudioWatermark.MinimumDuration.TotalSeconds:F2} s."));
        using var marked = AudioWatermark.Embed(sound, payload, options);
        using var output = new MemoryStream();
        using (var writer = new WavWriter(output, reader.Format, new WavWriteOptions { SampleFormat = reader.SampleFormat, Chunks = reader.Chunks }, leaveOpen: true))
        {
            writer.Write(marked);
            writer.Complete();
        }
        return output.ToArray();
    }
}
