using System.IO.Compression;
using Augment.Splat.Tests.Formats.CompressedPly;
using CsCheck;

namespace Augment.Splat.Tests.Formats.Sog;

/// <summary>Mutated SOG archives and meta.json: the reader returns a cloud or throws a typed Augment error, nothing else.</summary>
public sealed class SogFuzzTests
{
    private static readonly byte[] Fixture = File.ReadAllBytes(FloatPlyFixture.DataPath("sog", "tiny.sog"));

    private static readonly SplatReadOptions Options = SplatReadOptions.Default with { MaxSplats = 1_000_000, MaxDecompressedBytes = 64 << 20 };

    [Fact]
    public void Mutated_archives_give_a_cloud_or_a_typed_error()
    {
        var codec = new SogCodec();
        Gen.Int.Sample(seed =>
        {
            var bytes = CompressedPlyFuzzTests.Mutate(Fixture, seed, Fixture.Length);
            CompressedPlyFuzzTests.AssertTypedOutcome(() =>
            {
                using var stream = new MemoryStream(bytes);
                codec.Read(stream, "fuzz.sog", Options, CancellationToken.None);
            });
        }, iter: 400);
    }

    [Fact]
    public void Mutated_meta_json_gives_a_cloud_or_a_typed_error()
    {
        var codec = new SogCodec();
        var members = new List<(string Name, byte[] Bytes)>();
        using (var zip = new ZipArchive(new MemoryStream(Fixture), ZipArchiveMode.Read))
        {
            foreach (var entry in zip.Entries)
            {
                using var input = entry.Open();
                using var copy = new MemoryStream();
                input.CopyTo(copy);
                members.Add((entry.Name, copy.ToArray()));
            }
        }
        var meta = members.Find(m => m.Name == "meta.json").Bytes;
        Gen.Int.Sample(seed =>
        {
            var mutated = CompressedPlyFuzzTests.Mutate(meta, seed, 200);
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, bytes) in members)
                {
                    using var output = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                    output.Write(name == "meta.json" ? mutated : bytes);
                }
            }
            buffer.Position = 0;
            CompressedPlyFuzzTests.AssertTypedOutcome(() => codec.Read(buffer, "fuzz.sog", Options, CancellationToken.None));
        }, iter: 400);
    }
}
