using Augment.Provenance.Cbor;
using Augment.Provenance.Claims;
using Augment.Provenance.Jumbf;
using Augment.Provenance.Validation;

namespace Augment.Provenance.Tests.Signing;

/// <summary>
/// Sidecar <c>.c2pa</c> manifest stores: signing any file without touching it (data hash over every byte), discovery
/// next to the asset, the explicit overload, and a sidecar the reference implementation wrote for an MP4.
/// </summary>
public class SidecarTests
{
    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    private static readonly ManifestDefinition Created = new() { Actions = [new C2paAction("c2pa.created", null, null, null, null)] };

    private static byte[] UnknownAsset()
    {
        var bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        "GIF89a"u8.CopyTo(bytes); // a format Augment does not embed into
        return bytes;
    }

    [Fact]
    public void Asset_in_an_unknown_format_signs_into_a_sidecar_found_as_asset_dot_c2pa()
    {
        using var folder = new TempDirectory();
        var asset = Path.Combine(folder.Path, "logo.gif");
        File.WriteAllBytes(asset, UnknownAsset());
        using var signer = Es256();

        ContentCredentials.SignSidecar(asset, asset + ".c2pa", Created, signer);
        var report = ContentCredentials.Read(asset, Fixtures.Es256Anchors);

        Assert.Equal(UnknownAsset(), File.ReadAllBytes(asset));
        Assert.Equal((ManifestStoreSource.Sidecar, asset + ".c2pa"), (report.StoreSource, report.SidecarPath));
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(["claimSignature.insideValidity", "claimSignature.validated", "signingCredential.trusted", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.dataHash.match"],
            FixtureValidationTests.Codes(report.Results.Success));
        Assert.Equal("logo.gif", report.ActiveManifest!.Title);
    }

    [Fact]
    public void Sidecar_named_after_the_basename_is_found_too()
    {
        using var folder = new TempDirectory();
        var asset = Path.Combine(folder.Path, "clip.mp4");
        File.Copy(Fixtures.Path_("video.mp4"), asset);
        using var signer = Es256();
        ContentCredentials.SignSidecar(asset, Path.Combine(folder.Path, "clip.c2pa"), Created, signer);

        var report = ContentCredentials.Read(asset);

        Assert.Equal((AssetFormat.Bmff, ManifestStoreSource.Sidecar, CredentialsState.Valid), (report.Format, report.StoreSource, report.State));
        Assert.Contains("assertion.dataHash.match", FixtureValidationTests.Codes(report.Results.Success));
    }

    [Fact]
    public void Changing_one_byte_of_the_asset_breaks_its_sidecar_binding()
    {
        using var signer = Es256();
        var asset = UnknownAsset();
        var store = ContentCredentials.SignSidecar(asset, Created, signer);
        asset[4000] ^= 1;

        var report = ContentCredentials.Read(asset, store, "logo.gif");

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["signingCredential.untrusted", "assertion.dataHash.mismatch"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Fact]
    public void Sidecar_hash_covers_the_whole_asset_with_no_exclusions()
    {
        using var signer = Es256();
        var store = ContentCredentials.SignSidecar(UnknownAsset(), Created, signer);

        var root = JumbfReader.ParseSuperbox(store, "s");
        var manifests = new ManifestStore(root, "s");
        var hash = ManifestStore.AssertionStore(manifests.Manifest(manifests.ActiveLabel!)!)!.Children.Single(c => c.Label == "c2pa.hash.data");
        var map = (CborMap)AssertionReader.Content(hash, "u")!;
        Assert.True(AssertionReader.TryDataHash(map, out var exclusions, out _, out var expected));
        Assert.Empty(exclusions);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(UnknownAsset()), expected);
    }

    [Fact]
    public void Reference_sidecar_for_an_mp4_validates_with_the_reference_status_codes()
    {
        // c2pa-node 0.5.5 signed video.mp4 with setNoEmbed(true); its Reader.fromManifestDataAndAsset reports these codes.
        var report = ContentCredentials.Read(Fixtures.Path_("video.mp4"), Fixtures.Path_("video.mp4.sidecar_es256.c2pa"));

        Assert.Equal(ManifestStoreSource.Sidecar, report.StoreSource);
        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Equal(["claimSignature.insideValidity", "claimSignature.validated", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.bmffHash.match"],
            FixtureValidationTests.Codes(report.Results.Success));
        Assert.Equal(["signingCredential.untrusted"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Fact]
    public void Embedded_store_wins_over_a_sidecar()
    {
        using var folder = new TempDirectory();
        var asset = Path.Combine(folder.Path, "photo.png");
        File.Copy(Fixtures.Path_("signed_es256.png"), asset);
        using var signer = Es256();
        ContentCredentials.SignSidecar(asset, asset + ".c2pa", Created, signer);

        var report = ContentCredentials.Read(asset);

        Assert.Equal((ManifestStoreSource.Embedded, (string?)null), (report.StoreSource, report.SidecarPath));
        Assert.Equal(["c2pa.created"], report.ActiveManifest!.Actions.Select(a => a.Action));
        Assert.NotEqual(ContentCredentials.Read(asset, asset + ".c2pa").ActiveManifestLabel, report.ActiveManifestLabel);
    }

    [Fact]
    public void Re_signing_through_a_sidecar_makes_the_previous_sidecar_manifest_the_parent()
    {
        using var folder = new TempDirectory();
        var asset = Path.Combine(folder.Path, "logo.gif");
        File.WriteAllBytes(asset, UnknownAsset());
        using var signer = Es256();
        ContentCredentials.SignSidecar(asset, asset + ".c2pa", Created, signer);
        var first = ContentCredentials.Read(asset).ActiveManifestLabel;

        ContentCredentials.SignSidecar(asset, asset + ".c2pa", new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)] }, signer);
        var report = ContentCredentials.Read(asset);

        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Equal(2, report.Manifests.Count);
        var parent = Assert.Single(report.ActiveManifest!.Ingredients);
        Assert.Equal(("parentOf", first), (parent.Relationship, parent.ManifestLabel));
        Assert.Equal(["c2pa.opened", "c2pa.edited"], report.ActiveManifest.Actions.Select(a => a.Action));
        Assert.Contains(ValidationCodes.IngredientManifestValidated, FixtureValidationTests.Codes(Assert.Single(report.IngredientDeltas).Results.Success));
    }

    [Fact]
    public void Sidecar_for_a_file_with_embedded_credentials_keeps_them_as_the_parent()
    {
        using var signer = Es256();
        var png = Fixtures.Bytes("signed_es256.png");

        var store = ContentCredentials.SignSidecar(png, new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)] }, signer);
        var report = ContentCredentials.Read(png, store, "signed_es256.png");

        Assert.Equal((ManifestStoreSource.Sidecar, CredentialsState.Valid), (report.StoreSource, report.State));
        Assert.Equal("parentOf", Assert.Single(report.ActiveManifest!.Ingredients).Relationship);
        Assert.Equal(2, report.Manifests.Count);
    }

    [Fact]
    public void Unknown_format_without_a_sidecar_is_unsupported_and_a_non_store_sidecar_is_invalid()
    {
        using var folder = new TempDirectory();
        var asset = Path.Combine(folder.Path, "logo.gif");
        File.WriteAllBytes(asset, UnknownAsset());

        Assert.Throws<UnsupportedFormatException>(() => ContentCredentials.Read(asset));
        File.WriteAllBytes(asset + ".c2pa", "not a manifest store at all, just text"u8.ToArray());
        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(asset));
    }
}
