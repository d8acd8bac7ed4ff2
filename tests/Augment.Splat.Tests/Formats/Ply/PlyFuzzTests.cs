using CsCheck;

namespace Augment.Splat.Tests.Formats.Ply;

/// <summary>Damaged PLY and .splat files must fail only with the SDK's typed errors, never crash another way.</summary>
public class PlyFuzzTests
{
    private static byte[] Sample(PlyEncoding encoding)
    {
        var cloud = PlyTestFiles.RandomCloud(20, 1, ["nx"], seed: 11);
        using var stream = new MemoryStream();
        PlyCodec.Write(cloud, stream, encoding, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    private static void LoadExpectingOnlyTypedErrors(byte[] bytes, bool seekable)
    {
        try
        {
            Stream stream = seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes);
            SplatFile.Load(stream, "fuzz", new SplatReadOptions { MaxSplats = 1_000_000 }, TestContext.Current.CancellationToken);
        }
        catch (InvalidMediaException)
        {
        }
        catch (UnsupportedFormatException)
        {
        }
        catch (ResourceLimitException)
        {
        }
    }

    private static byte[] Damage(byte[] original, int mode, int position, byte value, int headerLength)
    {
        var bytes = (byte[])original.Clone();
        switch (mode)
        {
            case 0: // any byte
                bytes[position % bytes.Length] = value;
                return bytes;
            case 1: // a header byte, often a digit so counts and indices lie
                bytes[position % headerLength] = (value & 1) == 0 ? (byte)('0' + (value % 10)) : value;
                return bytes;
            case 2: // truncation
                return bytes[..(position % bytes.Length)];
            default: // a header line duplicated or removed: property lies
                var text = System.Text.Encoding.ASCII.GetString(bytes, 0, headerLength).Split('\n').ToList();
                var line = 1 + (position % (text.Count - 2));
                if ((value & 1) == 0)
                    text.Insert(line, text[line]);
                else
                    text.RemoveAt(line);
                return [.. System.Text.Encoding.ASCII.GetBytes(string.Join('\n', text)), .. bytes.AsSpan(headerLength)];
        }
    }

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    [InlineData("ascii")]
    public void Damaged_ply_raises_only_typed_errors(string format)
    {
        var encoding = format switch
        {
            "binary_little_endian" => PlyEncoding.BinaryLittleEndian,
            "binary_big_endian" => PlyEncoding.BinaryBigEndian,
            _ => PlyEncoding.Ascii,
        };
        var original = Sample(encoding);
        var headerLength = original.AsSpan().IndexOf("end_header\n"u8) + 11;
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Bool)
            .Sample(t => LoadExpectingOnlyTypedErrors(Damage(original, t.Item1, t.Item2, t.Item3, headerLength), t.Item4), iter: 1500);
    }

    [Theory]
    [InlineData("binary_little_endian")]
    [InlineData("binary_big_endian")]
    public void Damaged_ply_files_raise_only_typed_errors_through_the_parallel_file_reader(string format)
    {
        // A path load takes the positioned-read path (parallel workers over the file), not the stream path above.
        var original = Sample(format == "binary_big_endian" ? PlyEncoding.BinaryBigEndian : PlyEncoding.BinaryLittleEndian);
        var headerLength = original.AsSpan().IndexOf("end_header\n"u8) + 11;
        var folder = Directory.CreateTempSubdirectory("aug-ply-fuzz-");
        try
        {
            var path = Path.Combine(folder.FullName, "damaged.ply");
            Gen.Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Int[1, 4]).Sample(t =>
            {
                var bytes = Damage(original, t.Item1, t.Item2, t.Item3, headerLength);
                File.WriteAllBytes(path, bytes);
                try
                {
                    var budget = ComputeBudget.Default with { MaxThreads = t.Item4 };
                    SplatFile.Load(path, new SplatReadOptions { MaxSplats = 1_000_000, Budget = budget }, TestContext.Current.CancellationToken);
                }
                catch (Exception e) when (e is InvalidMediaException or UnsupportedFormatException or ResourceLimitException)
                {
                    Assert.Contains("damaged.ply", e.Message, StringComparison.Ordinal);
                }
                // The reader leaves the file as it was and unlocked.
                Assert.Equal(bytes, File.ReadAllBytes(path));
                File.Delete(path);
            }, iter: 400, threads: 1);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Random_bytes_raise_only_typed_errors()
    {
        Gen.Byte.Array[0, 200].Select(Gen.Bool)
            .Sample(t => LoadExpectingOnlyTypedErrors(t.Item1, t.Item2), iter: 1500);
    }

    [Fact]
    public void Damaged_splat_raises_only_typed_errors()
    {
        var original = File.ReadAllBytes(PlyTestFiles.DataPath("splat/minimal.splat"));
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte, Gen.Bool)
            .Sample(t => LoadExpectingOnlyTypedErrors(Damage(original, t.Item1 % 3 == 1 ? 0 : t.Item1, t.Item2, t.Item3, 1), t.Item4), iter: 500);
    }
}
