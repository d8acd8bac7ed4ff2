namespace Augment.Audio.Tests.IO;

/// <summary>Files past 4 GiB (RF64) and long streams, without writing gigabytes to disk.</summary>
public class WavLargeFileTests
{
    [Fact]
    public void Writer_switches_to_rf64_with_exact_ds64_sizes_once_the_data_passes_4_GiB()
    {
        // Float mono: 2^30 + 1000 frames = 4 GiB + 4000 bytes of data, written to a stream that only counts.
        const long frames = (1L << 30) + 1000;
        using var stream = new CountingStream();
        var block = new float[1 << 22];
        using (var writer = new WavWriter(stream, new AudioFormat(48000, 1), new WavWriteOptions { SampleFormat = WavSampleFormat.IeeeFloat32 }, leaveOpen: true))
        {
            for (long done = 0; done < frames;)
            {
                var n = (int)Math.Min(block.Length, frames - done);
                writer.Write(block, n);
                done += n;
            }
            writer.Complete();
        }
        var head = stream.Head;
        Assert.Equal("RF64"u8.ToArray(), head[..4]);
        Assert.Equal(uint.MaxValue, BitConverter.ToUInt32(head, 4));
        Assert.Equal("ds64"u8.ToArray(), head[12..16]);
        Assert.Equal(28u, BitConverter.ToUInt32(head, 16));
        Assert.Equal(stream.Length - 8, BitConverter.ToInt64(head, 20));
        Assert.Equal(frames * 4, BitConverter.ToInt64(head, 28));
        Assert.Equal(frames, BitConverter.ToInt64(head, 36));

        // The same header in front of a virtual file of that length reads back as RF64 with every frame.
        using var reader = new WavReader(new HeaderThenZerosStream(head, stream.Length), "virtual.wav");
        Assert.Equal(WavContainer.Rf64, reader.Container);
        Assert.Equal(frames, reader.LengthFrames);
        Assert.Equal(frames * 4, reader.DeclaredDataBytes);
        Assert.False(reader.IsTruncated);
    }

    [Fact]
    public void Reader_recovers_a_plain_riff_file_whose_size_fields_wrapped_past_4_GiB()
    {
        // A writer that knew no RF64 wraps the 32-bit size: the data chunk claims less than the file holds.
        var head = new WavBytes().Fmt(1, 2, 48000, 16).DataHeader(1000).ToArray(keepRiffSize: true);
        using var reader = new WavReader(new HeaderThenZerosStream(head, (1L << 32) + 2000), "wrapped.wav");
        Assert.Equal(250, reader.LengthFrames);
        Assert.Contains(reader.Warnings, w => w.Contains("stray", StringComparison.Ordinal) || w.Contains("chunk", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_and_rewriting_two_minutes_allocates_the_same_small_amount_as_one_second()
    {
        var short1 = AllocatedWhileCopying(48000);
        var long2 = AllocatedWhileCopying(48000L * 120);
        // Constant memory: two minutes (23 MB of PCM) allocate no more than one second plus a little slack.
        Assert.True(long2 < short1 + 16 * 1024, $"1 s allocated {short1} bytes, 2 min {long2} bytes.");
        Assert.True(long2 < 512 * 1024, $"2 min allocated {long2} bytes.");
    }

    private static long AllocatedWhileCopying(long frames)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var reader = new WavReader(new GeneratedWavStream(frames, 48000));
        using var sink = new CountingStream();
        using var writer = new WavWriter(sink, reader.Format, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm24 }, leaveOpen: true);
        var block = new float[2 * 4096];
        long position = 0;
        var mismatches = 0;
        int n;
        while ((n = reader.Read(block, 4096)) > 0)
        {
            // Spot-check the decode against the generator (first and last frame of each block); no Assert
            // in the loop, as the assertion library itself allocates.
            if (GeneratedWavStream.Sample(position, 0) / 32768f != block[0] || GeneratedWavStream.Sample(position + n - 1, 1) / 32768f != block[4096 + n - 1])
                mismatches++;
            writer.Write(block, n);
            position += n;
        }
        writer.Complete();
        Assert.Equal(0, mismatches);
        Assert.Equal(frames, position);
        Assert.Equal(frames, writer.FramesWritten);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
