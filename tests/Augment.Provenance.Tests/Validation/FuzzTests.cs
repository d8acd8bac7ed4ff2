using System.Buffers.Binary;
using CsCheck;
using Augment.Provenance.Containers;

namespace Augment.Provenance.Tests.Validation;

/// <summary>
/// Mutated fixtures (bit flips, truncation, lying 32-bit length fields, random bytes inside the manifest store):
/// reading either returns a report or throws a typed <see cref="AugmentException"/>; nothing else escapes.
/// </summary>
public class FuzzTests
{
    private static readonly string[] SeedNames = ["C.jpg", "CA.jpg", "signed_es256.png", "signed_es256.wav", "signed_es256.webp", "signed_es256.mp4", "signed_es256_faststart.mp4"];
    private static readonly byte[][] Seeds = SeedNames.Select(Fixtures.Bytes).ToArray();
    private static readonly (long Offset, int Length)[] StoreRanges = Seeds.Select(s =>
    {
        var located = ManifestLocator.Locate(s, "seed");
        return (located.StoreOffset, Math.Min(located.Store!.Value.Length, s.Length - (int)located.StoreOffset));
    }).ToArray();

    private enum Damage { Cut, FlipInStore, LengthLieInStore, Overwrite, FlipAnywhere }

    private static readonly Gen<byte[]> Damaged =
        from seed in Gen.Int[0, Seeds.Length - 1]
        from damage in Gen.Enum<Damage>()
        from count in Gen.Int[1, 4]
        from positions in Gen.Int[0, int.MaxValue].Array[count]
        from values in Gen.UInt.Array[count]
        select Apply(seed, damage, positions, values);

    private static byte[] Apply(int seed, Damage damage, int[] positions, uint[] values)
    {
        var bytes = (byte[])Seeds[seed].Clone();
        var (start, length) = StoreRanges[seed];
        switch (damage)
        {
            case Damage.Cut:
                return bytes[..(int)(start + positions[0] % (length + 1))];
            case Damage.FlipInStore:
                for (var i = 0; i < positions.Length; i++)
                    bytes[start + positions[i] % length] ^= (byte)(1 << (int)(values[i] % 8));
                return bytes;
            case Damage.LengthLieInStore:
                // Box headers start at 4-aligned offsets often enough in these stores; write big-endian lengths.
                for (var i = 0; i < positions.Length; i++)
                {
                    var at = (int)(start + (positions[i] % (length - 4)));
                    var lie = (values[i] % 4) switch { 0 => uint.MaxValue, 1 => 0u, 2 => 1u, _ => values[i] % 100_000 };
                    BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), lie);
                }
                return bytes;
            case Damage.Overwrite:
                for (var i = 0; i < positions.Length; i++)
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)(start + positions[i] % (length - 4))), values[i]);
                return bytes;
            default:
                for (var i = 0; i < positions.Length; i++)
                    bytes[positions[i] % bytes.Length] ^= (byte)values[i];
                return bytes;
        }
    }

    private static void ReadOrTypedError(byte[] bytes)
    {
        try
        {
            var report = ContentCredentials.Read(bytes, "fuzz");
            _ = report.ToJson();
            _ = report.SummaryLine;
        }
        catch (AugmentException)
        {
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Mutated_fixtures_give_a_report_or_a_typed_error_only()
    {
        await Task.Run(() => Damaged.Sample(ReadOrTypedError, iter: 1500, threads: 1), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Signing_mutated_fixtures_gives_a_readable_file_or_a_typed_error_only()
    {
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        var manifest = new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)] };
        await Task.Run(() => Damaged.Sample(bytes =>
        {
            byte[] signed;
            try
            {
                signed = ContentCredentials.Sign(bytes, manifest, signer, "fuzz");
            }
            catch (AugmentException)
            {
                return;
            }
            // Whatever Augment signs must read back with its own manifest active and its hard binding intact.
            var report = ContentCredentials.Read(signed, "fuzz");
            Assert.Contains(report.Results.Success, s => s.Code is "assertion.dataHash.match" or "assertion.bmffHash.match");
            Assert.Contains("claimSignature.validated", report.Results.Success.Select(s => s.Code));
        }, iter: 300, threads: 1), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 60_000)]
    public async Task Random_bytes_behind_container_signatures_give_a_report_or_a_typed_error_only()
    {
        byte[][] heads = [[0xFF, 0xD8, 0xFF, 0xEB], [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "RIFF\0\0\0\0WAVE"u8.ToArray(), [0, 0, 0, 0, 0x6A, 0x75, 0x6D, 0x62],
            "RIFF\0\0\0\0WEBP"u8.ToArray(), [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70], [0, 0, 0, 0x08, 0x66, 0x74, 0x79, 0x70, 0, 0, 0, 0, 0x75, 0x75, 0x69, 0x64, 0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81]];
        var gen = from head in Gen.Int[0, heads.Length - 1]
                  from tail in Gen.Byte.Array[0, 400]
                  select heads[head].Concat(tail).ToArray();
        await Task.Run(() => gen.Sample(ReadOrTypedError, iter: 3000, threads: 1), TestContext.Current.CancellationToken);
    }

    /// <summary>A JPEG Augment signed with every optional assertion: soft binding, thumbnail, metadata, a componentOf
    /// ingredient with its own manifest, and an RFC 3161 timestamp.</summary>
    private static readonly Lazy<byte[]> Rich = new(() =>
    {
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        using var tsa = new Signing.TestTimestampAuthority();
        return ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), new ManifestDefinition
        {
            Actions = [new C2paAction(C2paActions.Created, null, null, null, null)],
            SoftBindings = [new C2paSoftBinding("io.augment.watermark.image.1", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })],
            Thumbnail = ManifestThumbnail.Jpeg(Signing.ManifestContentTests.JpegThumbnail()),
            Metadata = new ManifestMetadata { Authors = ["A"], Copyright = "c", Credit = "d", Url = new Uri("https://example.com/") },
            Ingredients = [ManifestIngredient.FromFile(Fixtures.Path_("CA.jpg"))],
            TimestampAuthority = tsa,
        }, signer);
    });

    private static readonly Gen<byte[]> RichDamaged =
        from count in Gen.Int[1, 4]
        from positions in Gen.Int[0, int.MaxValue].Array[count]
        from values in Gen.Byte.Array[count]
        from cut in Gen.Bool
        select DamageRich(positions, values, cut);

    private static byte[] DamageRich(int[] positions, byte[] values, bool cut)
    {
        var bytes = (byte[])Rich.Value.Clone();
        var located = ManifestLocator.Locate(bytes, "rich");
        var start = (int)located.StoreOffset;
        var length = Math.Min(located.Store!.Value.Length, bytes.Length - start);
        if (cut)
            return bytes[..(start + positions[0] % length)];
        for (var i = 0; i < positions.Length; i++)
            bytes[start + positions[i] % length] ^= (byte)(values[i] | 1);
        return bytes;
    }

    [Fact(Timeout = 120_000)]
    public async Task Mutated_files_with_soft_binding_thumbnail_metadata_ingredient_and_timestamp_give_a_report_or_a_typed_error_only()
    {
        await Task.Run(() => RichDamaged.Sample(ReadOrTypedError, iter: 800, threads: 1), TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 120_000)]
    public async Task Mutated_ingredients_and_repository_files_give_a_signed_file_or_a_typed_error_only()
    {
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        var asset = Fixtures.Bytes("libpng-test.png");
        var binding = new C2paSoftBinding("io.augment.watermark.image.1", new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        var sample = 0;
        using var folder = new Signing.TempDirectory();
        await Task.Run(() => RichDamaged.Sample(bytes =>
        {
            var manifest = new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)], Ingredients = [new ManifestIngredient(bytes, "damaged.jpg")] };
            try
            {
                var signed = ContentCredentials.Sign(asset, manifest, signer, "fuzz");
                var report = ContentCredentials.Read(signed, "fuzz");
                Assert.Contains("claimSignature.validated", report.Results.Success.Select(s => s.Code));
            }
            catch (AugmentException)
            {
            }
            // The repository skips what does not read and finds nothing it should not.
            if (sample++ % 40 == 0)
            {
                File.WriteAllBytes(Path.Combine(folder.Path, $"f{sample}.jpg"), bytes);
                var found = ContentCredentials.Recover(binding, new FolderManifestRepository(folder.Path), cancellationToken: TestContext.Current.CancellationToken);
                Assert.True(found.State == CredentialsState.NoManifest || found.ActiveManifest!.SoftBindings.Contains(binding));
            }
        }, iter: 300, threads: 1), TestContext.Current.CancellationToken);
    }
}
