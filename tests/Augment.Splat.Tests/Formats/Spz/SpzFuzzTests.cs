using CsCheck;

namespace Augment.Splat.Tests.Formats.Spz;

public class SpzFuzzTests
{
    private static readonly string[] SpzFiles = ["minimal-v2.spz", "minimal-v3.spz", "minimal-v4.spz", "minimal-raw.spz", "tiny_v3.spz", "tiny.spz"];

    [Fact]
    public void Damaged_spz_files_raise_only_typed_errors()
    {
        var files = SpzFiles.Select(f => File.ReadAllBytes(SpzTestData.PathOf("spz", f))).ToArray();
        var cases = from file in Gen.Int[0, files.Length - 1]
                    from edits in Gen.Select(Gen.Int[0, 1 << 20], Gen.Byte).Array[1, 8]
                    from keep in Gen.Double[0.05, 1.0]
                    from headerOnly in Gen.Bool
                    select (file, edits, keep, headerOnly);

        cases.Sample(c =>
        {
            var bytes = Damage(files[c.file], c.edits, c.keep, c.headerOnly ? 48 : 0);
            AssertTypedFailureOrCloud(() => new SpzCodec().Read(new MemoryStream(bytes), "fuzz.spz", SplatReadOptions.Default with { MaxSplats = 1_000_000 }, CancellationToken.None));
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Damaged_ksplat_files_raise_only_typed_errors()
    {
        var file = File.ReadAllBytes(SpzTestData.PathOf("ksplat", "minimal.ksplat"));
        var cases = from edits in Gen.Select(Gen.Int[0, 1 << 20], Gen.Byte).Array[1, 6]
                    from keep in Gen.Double[0.5, 1.0]
                    from region in Gen.Int[0, 2]
                    select (edits, keep, region);

        cases.Sample(c =>
        {
            // Aim the edits at the main header, the section header or the splat data.
            var (start, span) = c.region switch { 0 => (0, 48), 1 => (4096, 48), _ => (5120, file.Length - 5120) };
            var bytes = (byte[])file.Clone();
            foreach (var (position, value) in c.edits)
                bytes[start + (position % span)] = value;
            bytes = bytes[..Math.Max(1, (int)(bytes.Length * c.keep))];
            AssertTypedFailureOrCloud(() => new KsplatCodec().Read(new MemoryStream(bytes), "fuzz.ksplat", SplatReadOptions.Default with { MaxSplats = 1_000_000 }, CancellationToken.None));
        }, iter: 400, threads: 1);
    }

    private static byte[] Damage(byte[] original, (int Position, byte Value)[] edits, double keep, int headerSpan)
    {
        var bytes = (byte[])original.Clone();
        var span = headerSpan > 0 ? Math.Min(headerSpan, bytes.Length) : bytes.Length;
        foreach (var (position, value) in edits)
            bytes[position % span] = value;
        return bytes[..Math.Max(1, (int)(bytes.Length * keep))];
    }

    private static void AssertTypedFailureOrCloud(Func<GaussianCloud> read)
    {
        try
        {
            var cloud = read();
            Assert.True(cloud.Count >= 0);
        }
        catch (Exception e) when (e is InvalidMediaException or UnsupportedFormatException or ResourceLimitException)
        {
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
    }
}
