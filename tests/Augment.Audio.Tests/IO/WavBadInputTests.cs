namespace Augment.Audio.Tests.IO;

/// <summary>Lying and malformed headers: typed errors naming the source and byte offset, or documented recovery.</summary>
public class WavBadInputTests
{
    private static WavReader Read(byte[] bytes, WavReadOptions? options = null) => new(new MemoryStream(bytes), "take.wav", options);

    private static InvalidMediaException Invalid(byte[] bytes, WavReadOptions? options = null)
    {
        var e = Assert.Throws<InvalidMediaException>(() =>
        {
            using var reader = Read(bytes, options);
            IoSignals.ReadPlanar(reader);
        });
        Assert.Contains("take.wav", e.Message, StringComparison.Ordinal);
        Assert.Equal("take.wav", e.MediaName);
        return e;
    }

    [Fact]
    public void Data_size_beyond_the_file_end_reads_what_is_there_and_reports_truncation()
    {
        var file = new WavBytes().Fmt(1, 2, 48000, 16).DataHeader(4000).Int16s(1, -1, 2, -2, 3, -3);
        using var reader = Read(file.ToArray());
        Assert.True(reader.IsTruncated);
        Assert.Equal(4000, reader.DeclaredDataBytes);
        Assert.Equal(3, reader.LengthFrames);
        Assert.Contains(reader.Warnings, w => w.Contains("4000", StringComparison.Ordinal) && w.Contains($"byte {file.DataSizeField}", StringComparison.Ordinal));
        Assert.Equal(new[] { 1, 2, 3, -1, -2, -3 }.Select(v => v / 32768f), IoSignals.ReadPlanar(reader));
    }

    [Fact]
    public void Data_size_beyond_the_file_end_throws_in_strict_mode_at_the_size_field()
    {
        var file = new WavBytes().Fmt(1, 2, 48000, 16).DataHeader(4000).Int16s(1, -1, 2, -2);
        var e = Invalid(file.ToArray(), new WavReadOptions { Strict = true });
        Assert.Equal(file.DataSizeField, e.Offset);
    }

    [Fact]
    public void A_pipe_that_ends_before_the_declared_data_is_reported_as_truncated()
    {
        var bytes = new WavBytes().Fmt(1, 1, 8000, 16).DataHeader(100).Int16s(5, 6, 7).Raw([9]).ToArray();
        using var reader = new WavReader(new PipeStream(new MemoryStream(bytes)), "pipe");
        Assert.Equal(50, reader.LengthFrames);
        Assert.Equal(new[] { 5 / 32768f, 6 / 32768f, 7 / 32768f }, IoSignals.ReadPlanar(reader));
        Assert.True(reader.IsTruncated);
        Assert.Contains(reader.Warnings, w => w.Contains("partial frame", StringComparison.Ordinal));
        using var strict = new WavReader(new PipeStream(new MemoryStream(bytes)), "pipe", new WavReadOptions { Strict = true });
        var e = Assert.Throws<InvalidMediaException>(() => IoSignals.ReadPlanar(strict));
        Assert.Equal(bytes.Length, e.Offset);
    }

    [Fact]
    public void Zero_channels_is_invalid_at_the_channel_field()
    {
        var file = new WavBytes().Fmt(1, 0, 48000, 16, blockAlign: 2).DataHeader(0);
        Assert.Equal(file.FmtBody + 2, Invalid(file.ToArray()).Offset);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(768_001u)]
    [InlineData(4_000_000_000u)]
    public void Absurd_sample_rates_are_invalid_at_the_rate_field(uint rate)
    {
        var file = new WavBytes().Fmt(1, 1, rate, 16).DataHeader(0);
        var e = Invalid(file.ToArray());
        Assert.Equal(file.FmtBody + 4, e.Offset);
        Assert.Contains(rate.ToString(), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Block_align_that_does_not_match_channels_and_bits_is_invalid()
    {
        var file = new WavBytes().Fmt(1, 2, 44100, 16, blockAlign: 6).DataHeader(12).Raw(new byte[12]);
        Assert.Equal(file.FmtBody + 12, Invalid(file.ToArray()).Offset);
    }

    [Fact]
    public void A_file_that_is_not_riff_is_invalid_at_byte_0()
    {
        Assert.Equal(0, Invalid("OggS\0\0\0\0WAVEfmt "u8.ToArray()).Offset);
        Assert.Equal(0, Invalid([]).Offset);
        Assert.Equal(0, Invalid("RIFF"u8.ToArray()).Offset);
    }

    [Fact]
    public void Data_before_fmt_and_missing_chunks_are_invalid()
    {
        Invalid(new WavBytes().DataHeader(4).Raw(new byte[4]).ToArray());
        Invalid(new WavBytes().Fmt(1, 1, 8000, 16).ToArray());
        Invalid(new WavBytes().ToArray());
    }

    [Fact]
    public void A_chunk_running_past_the_end_before_the_data_is_invalid_at_its_size_field()
    {
        var file = new WavBytes().Fmt(1, 1, 8000, 16);
        var sizeField = file.Position + 4;
        file.Raw("LIST"u8).Raw([0x00, 0x00, 0x01, 0x00]).Raw(new byte[10]);
        Assert.Equal(sizeField, Invalid(file.ToArray()).Offset);
    }

    [Theory]
    [InlineData((ushort)0x0055, (ushort)16)]
    [InlineData((ushort)0x0002, (ushort)4)]
    [InlineData((ushort)1, (ushort)12)]
    [InlineData((ushort)3, (ushort)16)]
    public void Other_encodings_are_unsupported_not_invalid(ushort tag, ushort bits)
    {
        var bytes = new WavBytes().Fmt(tag, 1, 8000, bits, blockAlign: 2).DataHeader(2).Raw(new byte[2]).ToArray();
        var e = Assert.Throws<UnsupportedFormatException>(() => Read(bytes));
        Assert.Contains("take.wav", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extensible_with_an_unknown_sub_format_is_unsupported()
    {
        var bytes = new WavBytes().FmtExtensible(2, 48000, 16, 16, 3, subTag: 0x0002).DataHeader(0).ToArray();
        Assert.Throws<UnsupportedFormatException>(() => Read(bytes));
    }

    [Fact]
    public void Extensible_with_more_valid_bits_than_the_container_is_invalid()
    {
        var file = new WavBytes().FmtExtensible(2, 48000, 16, 20, 3, subTag: 1).DataHeader(0);
        Assert.Equal(file.FmtBody + 18, Invalid(file.ToArray()).Offset);
    }

    [Fact]
    public void Nan_and_infinity_become_zero_and_are_reported_with_their_position()
    {
        var file = new WavBytes().Fmt(3, 2, 48000, 32).DataHeader(8 * 6)
            .Floats(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, float.NaN, 0.7f, 0.8f, float.NegativeInfinity, 1f, 0f, 0f);
        using var reader = Read(file.ToArray());
        var read = IoSignals.ReadPlanar(reader);
        Assert.Equal(new[] { 0.1f, 0.3f, 0.5f, 0.7f, 0f, 0f, 0.2f, 0.4f, 0f, 0.8f, 1f, 0f }, read);
        Assert.Equal(2, reader.NonFiniteSampleCount);
        Assert.Equal(2, reader.FirstNonFiniteFrame);
        Assert.Contains(reader.Warnings, w => w.Contains($"byte {file.DataBody + 2 * 8 + 4}", StringComparison.Ordinal) && w.Contains("frame 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Nan_throws_at_its_byte_offset_when_asked()
    {
        var file = new WavBytes().Fmt(3, 1, 48000, 32).DataHeader(12).Floats(0f, 0f, float.NaN);
        var e = Invalid(file.ToArray(), new WavReadOptions { NonFiniteSamples = NonFiniteSampleHandling.Throw });
        Assert.Equal(file.DataBody + 8, e.Offset);
    }

    [Fact]
    public void Nan_is_kept_but_counted_when_asked()
    {
        var file = new WavBytes().Fmt(3, 1, 48000, 64).DataHeader(16).Raw(BitConverter.GetBytes(double.NaN)).Raw(BitConverter.GetBytes(0.5));
        using var reader = Read(file.ToArray(), new WavReadOptions { NonFiniteSamples = NonFiniteSampleHandling.Keep });
        var read = IoSignals.ReadPlanar(reader);
        Assert.True(float.IsNaN(read[0]));
        Assert.Equal(0.5f, read[1]);
        Assert.Equal(1, reader.NonFiniteSampleCount);
    }

    [Fact]
    public void Open_ended_data_size_reads_to_the_end_of_a_file_and_of_a_pipe()
    {
        var bytes = new WavBytes().Fmt(1, 1, 8000, 16).DataHeader(0xFFFFFFFF).Int16s(1, 2, 3, 4).ToArray(keepRiffSize: true);
        using (var reader = Read(bytes))
        {
            Assert.Equal(4, reader.LengthFrames);
            Assert.Null(reader.DeclaredDataBytes);
            Assert.False(reader.IsTruncated);
            Assert.Equal(4, IoSignals.ReadPlanar(reader).Length);
        }
        using (var pipe = new WavReader(new PipeStream(new MemoryStream(bytes))))
        {
            Assert.Null(pipe.LengthFrames);
            Assert.Equal(new[] { 1, 2, 3, 4 }.Select(v => v / 32768f), IoSignals.ReadPlanar(pipe));
            Assert.False(pipe.IsTruncated);
        }
    }

    [Fact]
    public void Rf64_sizes_come_from_ds64_and_bw64_is_read_alike()
    {
        foreach (var id in (string[])["RF64", "BW64"])
        {
            var bytes = new WavBytes(id, 0xFFFFFFFF).Ds64(0, 8, 4).Fmt(1, 1, 8000, 16).DataHeader(0xFFFFFFFF).Int16s(1, 2, 3, 4, 5, 6).ToArray(keepRiffSize: true);
            using var reader = Read(bytes);
            Assert.Equal(id == "RF64" ? WavContainer.Rf64 : WavContainer.Bw64, reader.Container);
            Assert.Equal(4, reader.LengthFrames);
            Assert.Equal(new[] { 1, 2, 3, 4 }.Select(v => v / 32768f), IoSignals.ReadPlanar(reader));
        }
    }

    [Fact]
    public void Odd_sized_chunks_are_padded_and_the_data_found_after_them()
    {
        var bytes = new WavBytes().Chunk("abcd", [1, 2, 3]).Fmt(1, 1, 8000, 16).Chunk("iXML", "<x/>"u8.ToArray()).Chunk("odd!", [7]).DataHeader(4).Int16s(100, -100).ToArray();
        using var reader = Read(bytes);
        Assert.Equal(new[] { "abcd", "iXML", "odd!" }, reader.Chunks.Select(c => c.Id));
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Chunks[0].Data.ToArray());
        Assert.Equal(new[] { 100 / 32768f, -100 / 32768f }, IoSignals.ReadPlanar(reader));
    }

    [Fact]
    public void Chunks_larger_than_the_keep_limit_are_skipped_with_a_warning()
    {
        var bytes = new WavBytes().Fmt(1, 1, 8000, 16).Chunk("big ", new byte[1000]).DataHeader(2).Int16s(9).ToArray();
        using var reader = Read(bytes, new WavReadOptions { MaxKeptChunkBytes = 100 });
        Assert.Empty(reader.Chunks);
        Assert.Contains(reader.Warnings, w => w.Contains("big ", StringComparison.Ordinal));
        Assert.Equal(new[] { 9 / 32768f }, IoSignals.ReadPlanar(reader));
    }
}
