using System.Buffers.Binary;
using Augment.Provenance.Containers;
using Augment.Provenance.Tests.Signing;

namespace Augment.Provenance.Tests.Containers;

/// <summary>
/// C2PA in MP4 (ISO BMFF): the <c>uuid</c> box, <c>c2pa.hash.bmff.v2</c>/<c>.v3</c> validation against files the
/// reference implementation (c2pa-node 0.5.5, which writes v3) signed, and Augment's own signing with chunk offsets
/// patched (checked by decoding with ffmpeg).
/// </summary>
public class BmffTests
{
    private static readonly string[] ReferenceSuccess =
        ["claimSignature.insideValidity", "claimSignature.validated", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.bmffHash.match"];

    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    private static ManifestDefinition Edited => new()
    {
        Actions =
        [
            new C2paAction("c2pa.created", "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", null, null, null),
            new C2paAction("c2pa.color_adjustments", null, "Augment", null, null),
        ],
    };

    [Theory]
    [InlineData("signed_es256.mp4")]
    [InlineData("signed_es256_faststart.mp4")]
    [InlineData("signed_es256.mov")]
    public void Mp4_signed_by_the_reference_validates_with_the_reference_status_codes(string file)
    {
        var report = ContentCredentials.Read(Fixtures.Path_(file));

        Assert.Equal(AssetFormat.Bmff, report.Format);
        Assert.Equal(CredentialsState.Valid, report.State);
        // What c2pa-node 0.5.5 reports for the same file (Data/c2pa/README.md).
        Assert.Equal(ReferenceSuccess, FixtureValidationTests.Codes(report.Results.Success));
        Assert.Equal(["signingCredential.untrusted"], FixtureValidationTests.Codes(report.Results.Failure));
        Assert.Empty(report.Results.Informational);
        Assert.Contains("c2pa.hash.bmff.v3", report.ActiveManifest!.AssertionLabels);
        Assert.Equal(["c2pa.created", "c2pa.color_adjustments"], report.ActiveManifest.Actions.Select(a => a.Action));
    }

    [Theory]
    [InlineData(13831 + 100)] // a byte of mdat
    [InlineData(19731 + 40)]  // a byte of moov
    public void Flipping_a_hashed_byte_of_a_reference_mp4_gives_bmffHash_mismatch(int offset)
    {
        var mp4 = Fixtures.Bytes("signed_es256.mp4");
        mp4[offset] ^= 1;

        var report = ContentCredentials.Read(mp4, "tampered.mp4");

        // c2pa-node 0.5.5 reports exactly these failures for both edits.
        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["signingCredential.untrusted", "assertion.bmffHash.mismatch"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Fact]
    public void Changing_an_excluded_box_keeps_the_bmff_hash_valid()
    {
        // The 'free' box (at 13823, 8 bytes) is in the reference's exclusion list: renaming it to 'skip' (also excluded) is allowed.
        var mp4 = Fixtures.Bytes("signed_es256.mp4");
        Assert.Equal("free"u8.ToArray(), mp4[(13823 + 4)..(13823 + 8)]);
        "skip"u8.CopyTo(mp4.AsSpan(13823 + 4));

        var report = ContentCredentials.Read(mp4, "skip.mp4");

        Assert.Contains("assertion.bmffHash.match", FixtureValidationTests.Codes(report.Results.Success));
    }

    [Theory]
    [InlineData("video.mp4")]           // moov after mdat: every chunk offset moves
    [InlineData("video_faststart.mp4")] // moov before mdat: offsets move too (mdat is behind the inserted box)
    [InlineData("video.mov")]           // QuickTime: ftyp 'qt  ', a 'wide' box before mdat
    public async Task Augment_signed_mp4_validates_and_decodes_to_the_same_frames(string file)
    {
        using var folder = new TempDirectory();
        using var signer = Es256();
        var output = Path.Combine(folder.Path, "signed-" + file);
        ContentCredentials.Sign(Fixtures.Path_(file), output, Edited, signer);

        var report = ContentCredentials.Read(output, Fixtures.Es256Anchors);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(["claimSignature.insideValidity", "claimSignature.validated", "signingCredential.trusted", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.bmffHash.match"],
            FixtureValidationTests.Codes(report.Results.Success));
        Assert.Contains("c2pa.hash.bmff.v2", report.ActiveManifest!.AssertionLabels);

        // The C2PA box sits right after ftyp.
        var bytes = File.ReadAllBytes(output);
        var top = BmffReader.TopLevel(bytes, "x");
        Assert.Equal(BmffReader.Ftyp, top[0].Type);
        Assert.True(BmffReader.IsC2paBox(bytes, top[1]));

        // Independent check of the patched chunk offsets: ffmpeg decodes the same frames and samples from both files.
        var ffmpeg = Ffmpeg.Find();
        if (ffmpeg is null)
            Assert.Skip("ffmpeg is not on PATH.");
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(await Ffmpeg.FrameMd5Async(ffmpeg!, Fixtures.Path_(file), ct), await Ffmpeg.FrameMd5Async(ffmpeg!, output, ct));
    }

    [Fact]
    public void Re_signing_an_mp4_keeps_one_c2pa_box_and_makes_the_previous_manifest_the_parent()
    {
        using var signer = Es256();
        var once = ContentCredentials.Sign(Fixtures.Bytes("signed_es256.mp4"), new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)] }, signer);

        var report = ContentCredentials.Read(once, "twice.mp4");

        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Contains("assertion.bmffHash.match", FixtureValidationTests.Codes(report.Results.Success));
        Assert.Equal(2, report.Manifests.Count);
        Assert.Equal("parentOf", Assert.Single(report.ActiveManifest!.Ingredients).Relationship);
        Assert.Equal(["c2pa.opened", "c2pa.edited"], report.ActiveManifest.Actions.Select(a => a.Action));
        Assert.Contains(ValidationCodes.IngredientManifestValidated, FixtureValidationTests.Codes(Assert.Single(report.IngredientDeltas).Results.Success));
        var c2paBoxes = BmffReader.TopLevel(once, "x").Count(b => BmffReader.IsC2paBox(once, b));
        Assert.Equal(1, c2paBoxes);
    }

    [Fact]
    public void Co64_entries_at_or_past_the_insertion_point_move_and_earlier_ones_stay()
    {
        // moov/trak/mdia/minf/stbl/co64 with three 64-bit chunk offsets, built by hand.
        var co64 = Box("co64", [0, 0, 0, 0, 0, 0, 0, 3, .. U64(100), .. U64(5_000_000_000), .. U64(40)]);
        var file = Box("moov", Box("trak", Box("mdia", Box("minf", Box("stbl", co64)))));

        var shifted = BmffEmbedder.ShiftChunkOffsets(file, threshold: 100, delta: 77, "x");

        var entries = shifted.AsSpan(file.Length - 24);
        Assert.Equal([177UL, 5_000_000_077UL, 40UL], [BinaryPrimitives.ReadUInt64BigEndian(entries), BinaryPrimitives.ReadUInt64BigEndian(entries[8..]), BinaryPrimitives.ReadUInt64BigEndian(entries[16..])]);
    }

    [Fact]
    public void Stco_offset_that_would_overflow_32_bits_is_unsupported_not_corrupted()
    {
        var stco = Box("stco", [0, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0x00]);
        var file = Box("moov", Box("trak", Box("mdia", Box("minf", Box("stbl", stco)))));

        Assert.Throws<UnsupportedFormatException>(() => BmffEmbedder.ShiftChunkOffsets(file, threshold: 0, delta: 0x1000, "x"));
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    [Fact]
    public void Stripping_the_c2pa_box_restores_the_unsigned_mp4_byte_for_byte()
    {
        // The reference signed video.mp4 by inserting its box after ftyp and moving the chunk offsets.
        var stripped = BmffEmbedder.Strip(Fixtures.Bytes("signed_es256.mp4"), "x");

        Assert.Equal(Fixtures.Bytes("video.mp4"), stripped);
    }

    [Fact]
    public void Bmff_hash_of_the_unsigned_file_is_the_offset_prefixed_box_hash()
    {
        // Analytic: with no exclusions, each top-level box contributes its 8-byte big-endian offset then its bytes.
        var mp4 = Fixtures.Bytes("video.mp4");
        using var expected = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        long at = 0;
        while (at < mp4.Length)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan((int)at));
            var offset = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(offset, at);
            expected.AppendData(offset);
            expected.AppendData(mp4.AsSpan((int)at, (int)size));
            at += size;
        }

        var actual = BmffHasher.Hash(mp4, [], System.Security.Cryptography.HashAlgorithmName.SHA256, "x");

        Assert.Equal(expected.GetHashAndReset(), actual);
    }

    [Fact]
    public void Subset_exclusion_leaves_only_those_bytes_out()
    {
        var mp4 = Fixtures.Bytes("video.mp4");
        var moov = BmffReader.TopLevel(mp4, "x").Single(b => b.Type == BmffReader.Moov);
        var exclusions = new[] { new BmffExclusion("/moov", Subset: [(8, 4)]) };
        var before = BmffHasher.Hash(mp4, exclusions, System.Security.Cryptography.HashAlgorithmName.SHA256, "x");

        mp4[moov.Offset + 9] ^= 0xFF;  // inside the subset
        Assert.Equal(before, BmffHasher.Hash(mp4, exclusions, System.Security.Cryptography.HashAlgorithmName.SHA256, "x"));
        mp4[moov.Offset + 12] ^= 0xFF; // just past it
        Assert.NotEqual(before, BmffHasher.Hash(mp4, exclusions, System.Security.Cryptography.HashAlgorithmName.SHA256, "x"));
    }

    [Theory]
    [InlineData("/moov/trak[2]", true)]
    [InlineData("/moov/trak[3]", true)]   // no third track: nothing excluded, still well-formed
    [InlineData("/mdat/avc1", true)]      // through a box that holds no boxes: selects nothing
    [InlineData("/moov/trak/mdia/minf/stbl/stsd/avc1", true)]
    [InlineData("moov", false)]
    [InlineData("/moov/tr", false)]
    [InlineData("/moov/trak[0]", false)]
    public void Xpath_steps_are_four_character_types_with_optional_1_based_index(string xpath, bool wellFormed)
    {
        var mp4 = Fixtures.Bytes("video.mp4");

        var hash = BmffHasher.Hash(mp4, [new BmffExclusion(xpath)], System.Security.Cryptography.HashAlgorithmName.SHA256, "x");

        Assert.Equal(wellFormed, hash is not null);
    }

    [Fact]
    public void Box_length_beyond_the_file_is_a_typed_error()
    {
        var mp4 = Fixtures.Bytes("signed_es256.mp4");
        BinaryPrimitives.WriteUInt32BigEndian(mp4.AsSpan(13831), 0x7FFF_FFFF); // mdat size

        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(mp4, "long.mp4"));
    }

    [Fact]
    public void Largesize_beyond_the_file_is_a_typed_error_and_a_true_one_is_read()
    {
        var mp4 = Fixtures.Bytes("video.mp4");
        // Rewrite the 8-byte 'free' box at 32 as a 16-byte header would not fit; instead give mdat a largesize by
        // turning free+mdat header into a 16-byte largesize header: free (8) + mdat header (8) -> mdat with size 1.
        var mdatSize = BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(40));
        BinaryPrimitives.WriteUInt32BigEndian(mp4.AsSpan(32), 1);
        "mdat"u8.CopyTo(mp4.AsSpan(36));
        BinaryPrimitives.WriteUInt64BigEndian(mp4.AsSpan(40), mdatSize + 8);
        var top = BmffReader.TopLevel(mp4, "large.mp4");
        Assert.Equal((32L, mdatSize + 8L, 16), (top[1].Offset, top[1].Length, top[1].HeaderLength));

        BinaryPrimitives.WriteUInt64BigEndian(mp4.AsSpan(40), ulong.MaxValue);
        Assert.Throws<InvalidMediaException>(() => BmffReader.TopLevel(mp4, "large.mp4"));
    }

    [Fact]
    public void Size_zero_box_extends_to_the_end_of_the_file_at_the_top_level_only()
    {
        var mp4 = Fixtures.Bytes("video.mp4");
        var moov = BmffReader.TopLevel(mp4, "x").Single(b => b.Type == BmffReader.Moov);
        BinaryPrimitives.WriteUInt32BigEndian(mp4.AsSpan((int)moov.Offset), 0);
        Assert.Equal(mp4.Length - moov.Offset, BmffReader.TopLevel(mp4, "x").Single(b => b.Type == BmffReader.Moov).Length);

        var nested = Fixtures.Bytes("video.mp4");
        var trak = BmffReader.ChildrenOf(nested, moov, "x").First(b => b.Type == BmffReader.Trak);
        BinaryPrimitives.WriteUInt32BigEndian(nested.AsSpan((int)trak.Offset), 0);
        Assert.Throws<InvalidMediaException>(() => BmffEmbedder.ShiftChunkOffsets(nested, 0, 100, "x"));
    }

    [Fact]
    public void Huge_stco_entry_count_is_a_typed_error_when_signing()
    {
        var mp4 = Fixtures.Bytes("video.mp4");
        var stco = mp4.AsSpan().IndexOf("stco"u8);
        BinaryPrimitives.WriteUInt32BigEndian(mp4.AsSpan(stco + 8), uint.MaxValue);
        using var signer = Es256();

        var error = Assert.Throws<InvalidMediaException>(() => ContentCredentials.Sign(mp4, Edited, signer, "huge.mp4"));
        Assert.Contains("entries", error.Message);
    }

    [Fact]
    public void Two_c2pa_manifest_boxes_are_refused()
    {
        var signed = Fixtures.Bytes("signed_es256.mp4");
        var box = signed[32..(32 + 13791)];
        var twice = signed.Concat(box).ToArray();

        var error = Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(twice, "two.mp4"));
        Assert.Contains("more than one", error.Message);
    }

    [Fact]
    public void Mp4_without_credentials_reads_as_no_manifest()
    {
        var report = ContentCredentials.Read(Fixtures.Bytes("video.mp4"), "video.mp4");

        Assert.Equal((AssetFormat.Bmff, CredentialsState.NoManifest), (report.Format, report.State));
    }
}
