namespace Augment.Audio.Tests.IO;

public class WavRoundTripTests
{
    public static TheoryData<WavSampleFormat, int> FormatsAndChannels()
    {
        var data = new TheoryData<WavSampleFormat, int>();
        foreach (var format in Enum.GetValues<WavSampleFormat>())
            foreach (var channels in (int[])[1, 2, 6])
                data.Add(format, channels);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndChannels))]
    public void Every_format_round_trips_exactly_through_writer_and_reader(WavSampleFormat format, int channels)
    {
        const int frames = 5003; // not a multiple of any block size, odd byte count for 8-bit mono
        var planes = IoSignals.Quantized(IoSignals.Planar(channels, frames, seed: channels), format);
        var bytes = IoSignals.WavBytes(planes, channels, 48000, new WavWriteOptions { SampleFormat = format });

        using var reader = new WavReader(new MemoryStream(bytes), "round trip");
        Assert.Equal(format, reader.SampleFormat);
        Assert.Equal((48000, channels), (reader.Format.SampleRate, reader.Format.Channels));
        Assert.Equal(frames, reader.LengthFrames);
        Assert.False(reader.IsTruncated);
        Assert.Empty(reader.Warnings);
        var read = IoSignals.ReadPlanar(reader);
        Assert.Equal(planes, read);
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm16, 2, false)]
    [InlineData(WavSampleFormat.Pcm16, 3, true)]
    [InlineData(WavSampleFormat.Pcm24, 2, true)]
    [InlineData(WavSampleFormat.IeeeFloat32, 2, false)]
    [InlineData(WavSampleFormat.IeeeFloat32, 6, true)]
    public void Extensible_header_is_used_when_channels_exceed_two_or_integer_bits_exceed_16(WavSampleFormat format, int channels, bool extensible)
    {
        var bytes = IoSignals.WavBytes(new float[channels * 10], channels, 44100, new WavWriteOptions { SampleFormat = format });
        // Format tag at byte 12 (RIFF) + 36 (JUNK) + 8 (fmt header) = 56.
        var tag = BitConverter.ToUInt16(bytes, 56);
        Assert.Equal(extensible ? 0xFFFE : format == WavSampleFormat.IeeeFloat32 ? 3 : 1, tag);
    }

    [Fact]
    public void Channel_mask_and_valid_bits_survive_a_round_trip()
    {
        var mask = Speakers.FrontLeft | Speakers.FrontRight | Speakers.FrontCenter | Speakers.LowFrequency | Speakers.SideLeft | Speakers.SideRight;
        var options = new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm24, ChannelMask = mask };
        var bytes = IoSignals.WavBytes(new float[6 * 4], 6, 48000, options);
        using var reader = new WavReader(new MemoryStream(bytes));
        Assert.Equal(mask, reader.Format.ChannelMask);
        Assert.Equal(24, reader.ValidBitsPerSample);
    }

    [Fact]
    public void Rf64_always_writes_a_ds64_file_that_reads_back()
    {
        var planes = IoSignals.Quantized(IoSignals.Planar(2, 1000), WavSampleFormat.Pcm16);
        var bytes = IoSignals.WavBytes(planes, 2, 48000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16, Rf64 = Rf64Mode.Always });
        Assert.Equal("RF64"u8.ToArray(), bytes[..4]);
        Assert.Equal("ds64"u8.ToArray(), bytes[12..16]);
        using var reader = new WavReader(new MemoryStream(bytes));
        Assert.Equal(WavContainer.Rf64, reader.Container);
        Assert.Equal(planes, IoSignals.ReadPlanar(reader));
    }

    [Fact]
    public void Small_files_stay_plain_riff_with_a_reserved_junk_chunk()
    {
        var bytes = IoSignals.WavBytes(new float[100], 1, 48000);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("JUNK"u8.ToArray(), bytes[12..16]);
        Assert.Equal((uint)(bytes.Length - 8), BitConverter.ToUInt32(bytes, 4));
        var never = IoSignals.WavBytes(new float[100], 1, 48000, new WavWriteOptions { Rf64 = Rf64Mode.Never });
        Assert.Equal("fmt "u8.ToArray(), never[12..16]);
    }

    [Fact]
    public void Integer_conversion_rounds_to_nearest_and_clamps_like_ffmpeg()
    {
        float[] input = [0.5f / 32768f, 1.5f / 32768f, -0.5f / 32768f, 1f, 1.5f, -1f, -2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var bytes = IoSignals.WavBytes(input, 1, 8000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 });
        using var reader = new WavReader(new MemoryStream(bytes));
        var read = IoSignals.ReadPlanar(reader);
        short[] expected = [0, 2, 0, 32767, 32767, -32768, -32768, 0, 32767, -32768];
        Assert.Equal(expected.Select(s => s / 32768f), read);
    }

    [Fact]
    public void Tpdf_dither_stays_within_one_and_a_half_lsb_is_unbiased_and_reproducible()
    {
        const int frames = 48000;
        var planes = new float[frames];
        for (var i = 0; i < frames; i++) planes[i] = (float)(0.25 * Math.Sin(i * 0.01)) + 0.3f / 32768f;
        var options = new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16, Dither = true, DitherSeed = 7 };
        var first = IoSignals.WavBytes(planes, 1, 48000, options);
        var second = IoSignals.WavBytes(planes, 1, 48000, options);
        var plain = IoSignals.WavBytes(planes, 1, 48000, options with { Dither = false });
        Assert.Equal(first, second);
        Assert.NotEqual(first, plain);

        using var reader = new WavReader(new MemoryStream(first));
        var read = IoSignals.ReadPlanar(reader);
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < frames; i++)
        {
            var errorLsb = (read[i] - (double)planes[i]) * 32768;
            Assert.InRange(errorLsb, -1.5, 1.5);
            sum += errorLsb;
            sumSquares += errorLsb * errorLsb;
        }
        // TPDF (variance 1/6) plus rounding (1/12) gives 1/4 LSB² total error power; mean ~0.
        Assert.InRange(sum / frames, -0.02, 0.02);
        Assert.InRange(sumSquares / frames, 0.22, 0.28);
    }

    [Fact]
    public void Writer_accepts_a_source_and_reports_progress()
    {
        var planes = IoSignals.Planar(2, 20000);
        using var buffer = AudioBuffer.Create(2, 20000, 48000);
        planes.CopyTo(buffer.Data);
        using var stream = new MemoryStream();
        var reports = new List<AugmentProgress>();
        using (var writer = new WavWriter(stream, new AudioFormat(48000, 2), leaveOpen: true))
        {
            using var source = new AudioBufferSource(buffer);
            Assert.Equal(20000, writer.WriteFrom(source, new SyncProgress(reports), TestContext.Current.CancellationToken));
            writer.Complete();
        }
        Assert.Equal(1.0, reports[^1].Fraction, 6);
        stream.Position = 0;
        using var reader = new WavReader(stream);
        Assert.Equal(planes, IoSignals.ReadPlanar(reader));
    }

    [Fact]
    public void Reading_in_tiny_blocks_from_a_pipe_gives_the_same_samples()
    {
        var planes = IoSignals.Quantized(IoSignals.Planar(3, 3001), WavSampleFormat.Pcm24);
        var bytes = IoSignals.WavBytes(planes, 3, 96000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm24 });
        using var reader = new WavReader(new PipeStream(new MemoryStream(bytes)));
        var block = new float[3 * 7];
        var read = new float[planes.Length];
        var position = 0;
        int n;
        while ((n = reader.Read(block, 7)) > 0)
        {
            for (var c = 0; c < 3; c++)
                Array.Copy(block, c * 7, read, c * 3001 + position, n);
            position += n;
        }
        Assert.Equal(3001, position);
        Assert.Equal(planes, read);
    }

    [Fact]
    public void A_wav_embedded_at_an_offset_in_a_larger_stream_reads_with_offsets_from_its_header()
    {
        var planes = IoSignals.Quantized(IoSignals.Planar(2, 500), WavSampleFormat.Pcm16);
        var wav = IoSignals.WavBytes(planes, 2, 48000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16, Chunks = [new WavChunk("LIST", new byte[5], afterData: true)] });
        var container = new byte[1000 + wav.Length];
        wav.CopyTo(container, 1000);
        var stream = new MemoryStream(container) { Position = 1000 };
        using var reader = new WavReader(stream);
        Assert.Single(reader.Chunks);
        Assert.Equal(planes, IoSignals.ReadPlanar(reader));
    }

    private sealed class SyncProgress(List<AugmentProgress> reports) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => reports.Add(value);
    }
}
