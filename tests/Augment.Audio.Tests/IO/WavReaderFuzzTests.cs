using CsCheck;

namespace Augment.Audio.Tests.IO;

/// <summary>
/// Property tests of the reader on damaged files: whatever the bytes, it either reads (at most as many
/// frames as the bytes could hold) or throws InvalidMediaException / UnsupportedFormatException.
/// </summary>
public class WavReaderFuzzTests
{
    private static readonly byte[][] Seeds = MakeSeeds();

    private static byte[][] MakeSeeds()
    {
        var chunks = new List<WavChunk> { new("bext", new byte[37]), new("LIST", new byte[12], afterData: true) };
        return
        [
            IoSignals.WavBytes(IoSignals.Planar(2, 64), 2, 48000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm16 }),
            IoSignals.WavBytes(IoSignals.Planar(3, 40), 3, 44100, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm24, Chunks = chunks }),
            IoSignals.WavBytes(IoSignals.Planar(1, 50), 1, 8000, new WavWriteOptions { SampleFormat = WavSampleFormat.IeeeFloat32, Rf64 = Rf64Mode.Always }),
            IoSignals.WavBytes(IoSignals.Planar(2, 33), 2, 96000, new WavWriteOptions { SampleFormat = WavSampleFormat.Pcm8, Rf64 = Rf64Mode.Never, Chunks = chunks }),
            IoSignals.WavBytes(IoSignals.Planar(1, 20), 1, 22050, new WavWriteOptions { SampleFormat = WavSampleFormat.IeeeFloat64 }),
        ];
    }

    private enum Damage { Cut, Flip, Size, Overwrite32 }

    private static readonly Gen<byte[]> Damaged =
        from seed in Gen.Int[0, Seeds.Length - 1]
        from damage in Gen.Enum<Damage>()
        from count in Gen.Int[1, 6]
        from positions in Gen.Int[0, 1 << 20].Array[count]
        from values in Gen.UInt.Array[count]
        select Apply(Seeds[seed], damage, positions, values);

    private static byte[] Apply(byte[] seed, Damage damage, int[] positions, uint[] values)
    {
        var bytes = (byte[])seed.Clone();
        switch (damage)
        {
            case Damage.Cut:
                return bytes[..(positions[0] % (bytes.Length + 1))];
            case Damage.Flip:
                for (var i = 0; i < positions.Length; i++)
                    bytes[positions[i] % bytes.Length] ^= (byte)(1 << (int)(values[i] % 8));
                return bytes;
            case Damage.Size:
                // Chunk size fields sit at 4 mod 4 in these files often enough: hit 32-bit fields near headers.
                for (var i = 0; i < positions.Length; i++)
                {
                    var at = (positions[i] % Math.Min(bytes.Length - 3, 128)) & ~3;
                    BitConverter.TryWriteBytes(bytes.AsSpan(at + 0 < bytes.Length - 3 ? at : 0), values[i] % 3 == 0 ? uint.MaxValue : values[i] % 5000);
                }
                return bytes;
            default:
                for (var i = 0; i < positions.Length; i++)
                    BitConverter.TryWriteBytes(bytes.AsSpan(positions[i] % (bytes.Length - 3)), values[i]);
                return bytes;
        }
    }

    private static void ReadWhole(Stream stream, long byteCount)
    {
        try
        {
            using var reader = new WavReader(stream, "fuzz");
            var block = new float[reader.Format.Channels * 256];
            long frames = 0;
            int n;
            while ((n = reader.Read(block, 256)) > 0)
            {
                frames += n;
                Assert.True(frames <= byteCount, "read more frames than the bytes could hold");
            }
            Assert.Equal(0, reader.Read(block, 256));
        }
        catch (InvalidMediaException) { }
        catch (UnsupportedFormatException) { }
    }

    [Fact(Timeout = 60_000)]
    public async Task Damaged_files_read_or_throw_only_media_errors_and_never_hang()
    {
        await Task.Run(() => Damaged.Sample(bytes => ReadWhole(new MemoryStream(bytes), bytes.Length), iter: 3000, threads: 1), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 60_000)]
    public async Task Damaged_files_through_a_pipe_read_or_throw_only_media_errors_and_never_hang()
    {
        await Task.Run(() => Damaged.Sample(bytes => ReadWhole(new PipeStream(new MemoryStream(bytes)), bytes.Length), iter: 1500, threads: 1), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Random_bytes_after_a_valid_riff_header_throw_only_media_errors()
    {
        Gen.Byte.Array[0, 300].Sample(tail =>
        {
            var bytes = new WavBytes().Raw(tail).ToArray();
            ReadWhole(new MemoryStream(bytes), bytes.Length);
        }, iter: 2000, threads: 1);
    }
}
