using System.Text;

namespace Augment.Audio.Tests.IO;

public class WavChunkTests
{
    private static byte[] Bext()
    {
        // A minimal BWF bext body (EBU Tech 3285): description, originator... 602 bytes, plus an odd coding-history byte.
        var body = new byte[603];
        Encoding.ASCII.GetBytes("Scene 12 take 3").CopyTo(body, 0);
        Encoding.ASCII.GetBytes("Augment tests").CopyTo(body, 256);
        body[602] = (byte)'A';
        return body;
    }

    private static byte[] SourceFile() => new WavBytes()
        .Fmt(1, 2, 48000, 16)
        .Chunk("bext", Bext())
        .Chunk("iXML", "<BWFXML><PROJECT>Cafe</PROJECT></BWFXML>"u8.ToArray())
        .DataHeader(12).Int16s(1, 2, 3, 4, 5, 6)
        .Chunk("LIST", "INFOINAM\u0005\0\0\0Take3\0"u8.ToArray())
        .Chunk("cue ", new byte[28])
        .ToArray();

    [Fact]
    public void Reader_keeps_unknown_chunks_in_file_order_with_their_placement()
    {
        using var reader = new WavReader(new MemoryStream(SourceFile()));
        Assert.Equal(["bext", "iXML", "LIST", "cue "], reader.Chunks.Select(c => c.Id));
        Assert.Equal([false, false, true, true], reader.Chunks.Select(c => c.AfterData));
        Assert.Equal(Bext(), reader.Chunks[0].Data.ToArray());
        Assert.Equal(3, reader.LengthFrames);
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm24)]
    [InlineData(WavSampleFormat.IeeeFloat32)]
    public void Rewriting_with_the_readers_chunks_preserves_them_byte_for_byte(WavSampleFormat format)
    {
        using var source = new WavReader(new MemoryStream(SourceFile()));
        using var output = new MemoryStream();
        using (var writer = new WavWriter(output, source.Format, new WavWriteOptions { SampleFormat = format, Chunks = source.Chunks }, leaveOpen: true))
        {
            writer.WriteFrom(source, cancellationToken: TestContext.Current.CancellationToken);
            writer.Complete();
        }
        using var again = new WavReader(new MemoryStream(output.ToArray()));
        Assert.Equal(source.Chunks.Select(c => (c.Id, c.AfterData)), again.Chunks.Select(c => (c.Id, c.AfterData)));
        for (var i = 0; i < source.Chunks.Count; i++)
            Assert.Equal(source.Chunks[i].Data.ToArray(), again.Chunks[i].Data.ToArray());
        Assert.Equal(new[] { 1, 3, 5, 2, 4, 6 }.Select(v => v / 32768f), IoSignals.ReadPlanar(again));
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void Ffmpeg_reads_a_rewritten_file_with_odd_sized_chunks_on_both_sides_of_the_data()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var path = folder.File("chunks.wav");
        using var source = new WavReader(new MemoryStream(SourceFile()));
        using (var writer = WavWriter.Create(path, source.Format, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16, Chunks = source.Chunks }))
        {
            writer.WriteFrom(source, cancellationToken: TestContext.Current.CancellationToken);
            writer.Complete();
        }
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }.Select(v => v / 32768f), Ffmpeg.DecodeToF32(path));
    }

    [Fact]
    public void Writing_to_a_pipe_puts_trailing_chunks_before_the_open_ended_data()
    {
        using var source = new WavReader(new MemoryStream(SourceFile()));
        using var output = new MemoryStream();
        using (var writer = new WavWriter(new WriteOnlyPipe(output), source.Format, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16, Chunks = source.Chunks }))
        {
            writer.WriteFrom(source, cancellationToken: TestContext.Current.CancellationToken);
            writer.Complete();
        }
        using var again = new WavReader(new PipeStream(new MemoryStream(output.ToArray())));
        Assert.Equal(["bext", "iXML", "LIST", "cue "], again.Chunks.Select(c => c.Id));
        Assert.All(again.Chunks, c => Assert.False(c.AfterData));
        Assert.Null(again.LengthFrames);
        Assert.Equal(new[] { 1, 3, 5, 2, 4, 6 }.Select(v => v / 32768f), IoSignals.ReadPlanar(again));
    }

    private sealed class WriteOnlyPipe(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }

    [Theory]
    [InlineData("fmt ")]
    [InlineData("data")]
    [InlineData("ds64")]
    [InlineData("JUNK")]
    [InlineData("abc")]
    [InlineData("abcde")]
    public void Chunks_the_writer_owns_or_malformed_ids_are_refused(string id) =>
        Assert.Throws<ArgumentException>(() => new WavChunk(id, new byte[2]));
}
