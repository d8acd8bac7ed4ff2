using System.Buffers.Binary;
using Augment.Provenance.Containers;
using Augment.Provenance.Tests.Signing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Provenance.Tests.Containers;

/// <summary>C2PA in WebP: a RIFF <c>C2PA</c> chunk, appended like the reference writes it (simple VP8/VP8L and extended VP8X alike).</summary>
public class WebpTests
{
    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    [Fact]
    public void Webp_signed_by_the_reference_validates_with_the_reference_status_codes()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("signed_es256.webp"));

        Assert.Equal((AssetFormat.WebP, CredentialsState.Valid), (report.Format, report.State));
        // c2pa-node 0.5.5 on the same file: three hashed URIs (actions, hash, thumbnail) and the data hash.
        Assert.Equal(["claimSignature.insideValidity", "claimSignature.validated", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.dataHash.match"],
            FixtureValidationTests.Codes(report.Results.Success));
        Assert.Equal(["signingCredential.untrusted"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Fact]
    public void Flipping_a_pixel_byte_of_a_reference_webp_gives_dataHash_mismatch()
    {
        var webp = Fixtures.Bytes("signed_es256.webp");
        webp[12 + 8 + 20] ^= 1; // inside the VP8L bitstream

        var report = ContentCredentials.Read(webp, "tampered.webp");

        Assert.Equal(["signingCredential.untrusted", "assertion.dataHash.mismatch"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Theory]
    [InlineData("lossy.webp")]    // simple VP8
    [InlineData("lossless.webp")] // simple VP8L
    [InlineData("alpha.webp")]    // extended: VP8X + ALPH + VP8
    public void Augment_signed_webp_validates_and_decodes_to_the_same_pixels(string file)
    {
        using var signer = Es256();
        var original = Fixtures.Bytes(file);
        var signed = ContentCredentials.Sign(original, new ManifestDefinition { Actions = [new C2paAction("c2pa.created", null, null, null, null)] }, signer, file);

        var report = ContentCredentials.Read(signed, file, Fixtures.Es256Anchors);
        Assert.Equal((AssetFormat.WebP, CredentialsState.Trusted), (report.Format, report.State));
        Assert.Contains("assertion.dataHash.match", FixtureValidationTests.Codes(report.Results.Success));

        // RIFF framing: size = file - 8, the original chunks unchanged, then the C2PA chunk last.
        Assert.Equal((uint)(signed.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(signed.AsSpan(4)));
        Assert.Equal(original[12..], signed[12..original.Length]);
        Assert.Equal("C2PA"u8.ToArray(), signed[original.Length..(original.Length + 4)]);

        // An independent decoder sees the same image.
        using var before = Image.Load<Rgba32>(original);
        using var after = Image.Load<Rgba32>(signed);
        Assert.Equal(Pixels(before), Pixels(after));
    }

    [Fact]
    public void Re_signing_a_webp_replaces_the_chunk_and_keeps_the_parent()
    {
        using var signer = Es256();
        var edit = new ManifestDefinition { Actions = [new C2paAction("c2pa.resized", null, null, null, null)] };
        var signed = ContentCredentials.Sign(Fixtures.Bytes("signed_es256.webp"), edit, signer, "x.webp");

        var report = ContentCredentials.Read(signed, "x.webp");

        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Equal(["c2pa.opened", "c2pa.resized"], report.ActiveManifest!.Actions.Select(a => a.Action));
        Assert.Equal(2, report.Manifests.Count);
        Assert.NotNull(WebpManifestReader.Locate(signed, "x").Store);
    }

    [Fact]
    public void Webp_chunk_beyond_the_riff_body_is_a_typed_error()
    {
        var webp = Fixtures.Bytes("signed_es256.webp");
        var c2pa = webp.AsSpan().IndexOf("C2PA"u8);
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(c2pa + 4), 0x7FFF_FFF0);

        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(webp, "long.webp"));
    }

    [Fact]
    public void Webp_without_credentials_reads_as_no_manifest()
    {
        var report = ContentCredentials.Read(Fixtures.Bytes("lossless.webp"), "plain.webp");

        Assert.Equal((AssetFormat.WebP, CredentialsState.NoManifest, ManifestStoreSource.None), (report.Format, report.State, report.StoreSource));
    }

    private static Rgba32[] Pixels(Image<Rgba32> image)
    {
        var pixels = new Rgba32[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }
}
