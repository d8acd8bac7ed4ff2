namespace Augment.Audio.Tests.IO;

public class AudioFileTests
{
    [Fact]
    public void Save_then_load_round_trips_a_buffer_and_leaves_no_temporary_files()
    {
        using var folder = new TempFolder();
        var path = folder.File("take.wav");
        using var buffer = AudioBuffer.Create(2, 3000, 48000);
        IoSignals.Planar(2, 3000).CopyTo(buffer.Data);
        buffer.SaveWav(path);
        using var loaded = AudioBuffer.Load(path, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(buffer.Data.ToArray(), loaded.Data.ToArray());
        Assert.Equal(48000, loaded.SampleRate);
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_writer_disposed_without_complete_leaves_neither_the_file_nor_a_temporary()
    {
        using var folder = new TempFolder();
        var path = folder.File("partial.wav");
        using (var writer = WavWriter.Create(path, new AudioFormat(48000, 1)))
            writer.Write(new float[1000], 1000);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void A_failed_rewrite_leaves_the_existing_file_untouched()
    {
        using var folder = new TempFolder();
        var path = folder.File("keep.wav");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => WriteThenFail(path));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    private static void WriteThenFail(string path)
    {
        using var writer = WavWriter.Create(path, new AudioFormat(48000, 1));
        writer.Write(new float[10], 10);
        throw new InvalidOperationException("processing failed");
    }

    [Fact]
    public void Open_picks_the_decoder_from_the_content_not_the_name()
    {
        using var folder = new TempFolder();
        var path = folder.File("actually-wav.mp3");
        using (var buffer = AudioBuffer.Create(1, 10, 8000))
            buffer.SaveWav(path);
        using var source = AudioFile.Open(path);
        Assert.IsType<WavReader>(source);
    }

    [Fact]
    public void Other_formats_decode_through_ffmpeg_exactly_when_lossless()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var path = folder.File("take.flac");
        var planes = IoSignals.Quantized(IoSignals.Planar(2, 6000), WavSampleFormat.Pcm16);
        Ffmpeg.EncodeFromF32(IoSignals.Interleave(planes, 2), 2, 44100, path, "-c:a", "flac");
        using var source = AudioFile.Open(path);
        Assert.IsType<FfmpegAudioReader>(source);
        Assert.Equal(new AudioFormat(44100, 2, Speakers.Stereo), source.Format);
        Assert.Equal(planes, IoSignals.ReadPlanar(source));
    }

    [Fact(Timeout = 30_000)]
    public async Task Disposing_an_ffmpeg_reader_early_stops_the_process_without_hanging()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var path = folder.File("long.flac");
        Ffmpeg.Run("-f", "lavfi", "-i", "sine=frequency=440:duration=60:sample_rate=48000", "-c:a", "flac", "-y", path);
        await Task.Run(() =>
        {
            var source = new FfmpegAudioReader(path);
            Assert.Equal(4096, source.Read(new float[4096], 4096));
            source.Dispose();
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Mp3_files_open_with_the_managed_decoder()
    {
        Ffmpeg.SkipWithoutEncoder("libmp3lame");
        using var folder = new TempFolder();
        var path = folder.File("tone.mp3");
        Ffmpeg.EncodeFromF32(new float[8000], 1, 8000, path, "-c:a", "libmp3lame");
        using var source = AudioFile.Open(path);
        Assert.IsType<Mp3Reader>(source);
        Assert.Equal(8000, source.LengthFrames);
    }

    [Fact]
    public void Ffmpeg_failures_become_invalid_media_naming_the_file()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var path = folder.File("garbage.ogg");
        File.WriteAllBytes(path, "OggS this is not really an ogg file"u8.ToArray());
        var e = Assert.Throws<InvalidMediaException>(() =>
        {
            using var source = AudioFile.Open(path);
            IoSignals.ReadPlanar(source);
        });
        Assert.Contains("garbage.ogg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_checks_the_budget_before_allocating_from_the_declared_length()
    {
        // A header declaring 10 minutes of 8-channel float (about 920 MB) in front of a virtual file that long.
        const long frames = 48000L * 600;
        var head = new WavBytes().Fmt(3, 8, 48000, 32).DataHeader((uint)(frames * 32)).ToArray();
        using var reader = new WavReader(new HeaderThenZerosStream(head, head.Length + frames * 32));
        var budget = ComputeBudget.Default with { MaxMemoryBytes = 64L << 20 };
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ResourceLimitException>(() => reader.ReadAll(budget, TestContext.Current.CancellationToken));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void ReadAll_of_a_pipe_of_unknown_length_gathers_every_block()
    {
        var planes = IoSignals.Planar(3, 40_000);
        var bytes = IoSignals.WavBytes(planes, 3, 48000);
        // Make the data size open-ended, as a streaming writer leaves it.
        var dataField = bytes.AsSpan().IndexOf("data"u8) + 4;
        BitConverter.TryWriteBytes(bytes.AsSpan(dataField), uint.MaxValue);
        using var reader = new WavReader(new PipeStream(new MemoryStream(bytes)));
        Assert.Null(reader.LengthFrames);
        using var buffer = reader.ReadAll(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(planes, buffer.Data.ToArray());
    }

    [Fact]
    public void ReadAll_of_a_truncated_file_returns_only_the_frames_present()
    {
        var planes = IoSignals.Quantized(IoSignals.Planar(2, 1000), WavSampleFormat.Pcm16);
        var bytes = IoSignals.WavBytes(planes, 2, 48000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 });
        using var pipe = new WavReader(new PipeStream(new MemoryStream(bytes[..^400])));
        using var buffer = pipe.ReadAll(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(900, buffer.Frames);
        Assert.True(pipe.IsTruncated);
        Assert.Equal(planes.AsSpan(0, 900).ToArray(), buffer.Channel(0).ToArray());
    }

    [Fact]
    public void Buffer_source_plays_a_buffer_in_blocks()
    {
        using var buffer = AudioBuffer.Create(2, 1001, 48000);
        IoSignals.Planar(2, 1001).CopyTo(buffer.Data);
        using var source = new AudioBufferSource(buffer);
        using var copy = source.ReadAll(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(buffer.Data.ToArray(), copy.Data.ToArray());
        Assert.Equal(0, source.Read(new float[20], 10));
    }
}
