namespace Augment.Audio.Tests.IO;

public class Mp3ReaderTests
{
    /// <summary>Encodes a two-tone stereo signal to MP3 with ffmpeg's libmp3lame; returns the path.</summary>
    private static string MakeMp3(TempFolder folder, int channels = 2, int sampleRate = 44100, double seconds = 1.0)
    {
        var frames = (int)(sampleRate * seconds);
        var planes = new float[channels * frames];
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                planes[c * frames + i] = (float)(0.4 * Math.Sin(2 * Math.PI * (440 + 220 * c) * i / sampleRate) + 0.2 * Math.Sin(2 * Math.PI * 3000 * i / sampleRate));
        var path = folder.File($"tone-{channels}-{sampleRate}.mp3");
        Ffmpeg.EncodeFromF32(IoSignals.Interleave(planes, channels), channels, sampleRate, path, "-c:a", "libmp3lame", "-b:a", "192k");
        return path;
    }

    private static double SnrDb(float[] reference, float[] test)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            var d = reference[i] - (double)test[i];
            noise += d * d;
        }
        return 10 * Math.Log10(signal / Math.Max(noise, 1e-30));
    }

    [Theory]
    [InlineData(2, 44100)]
    [InlineData(1, 48000)]
    public void Decode_matches_ffmpegs_decoder_in_length_and_to_better_than_100_dB(int channels, int sampleRate)
    {
        Ffmpeg.SkipWithoutEncoder("libmp3lame");
        using var folder = new TempFolder();
        var path = MakeMp3(folder, channels, sampleRate);
        var reference = Ffmpeg.DecodeToF32(path);

        using var reader = Mp3Reader.Open(path);
        Assert.Equal(new AudioFormat(sampleRate, channels, channels == 1 ? Speakers.Mono : Speakers.Stereo), reader.Format);
        var ours = IoSignals.Interleave(IoSignals.ReadPlanar(reader), channels);
        Assert.Equal(reference.Length, ours.Length);
        Assert.Equal(reference.Length / channels, reader.LengthFrames);
        var snr = SnrDb(reference, ours);
        Assert.True(snr > 100, $"NLayer vs ffmpeg SNR {snr:0.0} dB");
    }

    [Fact]
    public void Corrupt_frames_are_skipped_or_raise_media_errors_never_anything_else()
    {
        Ffmpeg.SkipWithoutEncoder("libmp3lame");
        using var folder = new TempFolder();
        var clean = File.ReadAllBytes(MakeMp3(folder, seconds: 0.5));
        var random = new Random(5);
        for (var trial = 0; trial < 24; trial++)
        {
            var bytes = (byte[])clean.Clone();
            var hits = random.Next(1, 40);
            for (var h = 0; h < hits; h++)
                bytes[random.Next(bytes.Length / 10, bytes.Length)] = (byte)random.Next(256);
            if (trial % 4 == 0) bytes = bytes[..random.Next(bytes.Length / 2, bytes.Length)];
            try
            {
                using var reader = new Mp3Reader(new MemoryStream(bytes), $"trial {trial}");
                var samples = IoSignals.ReadPlanar(reader);
                // At most the clean length (plus one frame of resynchronisation slack).
                Assert.InRange(samples.Length, 0, 2 * (22050 + 2 * 1152));
            }
            catch (InvalidMediaException)
            {
            }
        }
    }

    [Fact]
    public void A_pipe_decodes_untrimmed_with_the_encoder_delay_in_front()
    {
        Ffmpeg.SkipWithoutEncoder("libmp3lame");
        using var folder = new TempFolder();
        var bytes = File.ReadAllBytes(MakeMp3(folder, channels: 1, sampleRate: 48000, seconds: 0.25));
        using var seekable = new Mp3Reader(new MemoryStream(bytes));
        using var pipe = new Mp3Reader(new PipeStream(new MemoryStream(bytes)));
        Assert.Null(pipe.LengthFrames);
        var trimmed = IoSignals.ReadPlanar(seekable);
        var untrimmed = IoSignals.ReadPlanar(pipe);
        Assert.Equal(12000, trimmed.Length);
        Assert.Equal(0, untrimmed.Length % 1152);
        Assert.True(untrimmed.Length > trimmed.Length);
    }

    [Fact]
    public void Bytes_that_are_not_mpeg_audio_throw_invalid_media()
    {
        var noise = new byte[4000];
        new Random(3).NextBytes(noise);
        for (var i = 0; i < noise.Length; i++)
            if (noise[i] == 0xFF) noise[i] = 0; // no frame sync anywhere
        Assert.Throws<InvalidMediaException>(() =>
        {
            using var reader = new Mp3Reader(new MemoryStream(noise), "noise.mp3");
            IoSignals.ReadPlanar(reader);
        });
        Assert.Throws<InvalidMediaException>(() => new Mp3Reader(new MemoryStream([]), "empty.mp3"));
    }
}
