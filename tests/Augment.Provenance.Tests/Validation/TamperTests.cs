using System.Text;
using Augment.Provenance.Containers;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Tests.Validation;

/// <summary>Each kind of tampering yields its C2PA status code (issue 7, "Tamper tests").</summary>
public class TamperTests
{
    [Fact]
    public void Flipping_one_byte_inside_the_hashed_range_is_a_data_hash_mismatch()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        png[20] ^= 0x01; // IHDR width, outside the excluded manifest store

        var report = ContentCredentials.Read(png, "flip.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["assertion.dataHash.mismatch"], Codes(report.Results.Failure));
        Assert.Contains("claimSignature.validated", Codes(report.Results.Success));
    }

    [Fact]
    public void Flipping_a_byte_inside_the_manifest_store_is_not_a_data_hash_failure()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        var (store, at) = Store(png);
        var thumbnail = Manifest(store).Child("c2pa.assertions")!.Children.First(c => c.Label!.StartsWith("c2pa.thumbnail", StringComparison.Ordinal));
        var data = thumbnail.Content(JumbfTypes.EmbeddedFileData)!;
        png[at + data.Offset + data.HeaderLength + 100] ^= 0x40;

        var report = ContentCredentials.Read(png, "thumb.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        var failure = Assert.Single(report.Results.Failure);
        Assert.Equal("assertion.hashedURI.mismatch", failure.Code);
        Assert.EndsWith("/c2pa.assertions/" + thumbnail.Label, failure.Url, StringComparison.Ordinal);
        Assert.Contains("assertion.dataHash.match", Codes(report.Results.Success));
    }

    [Fact]
    public void Damaging_the_signature_value_is_a_claim_signature_mismatch()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        var (store, at) = Store(png);
        var cose = ManifestStore(store).Content(JumbfTypes.Cbor)!;
        png[at + cose.Offset + cose.HeaderLength + cose.Payload.Length - 1] ^= 0x01; // the signature is the COSE array's last item

        var report = ContentCredentials.Read(png, "sig.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["claimSignature.mismatch"], Codes(report.Results.Failure));
    }

    [Fact]
    public void Swapping_in_another_manifests_signature_is_a_claim_signature_mismatch()
    {
        var c = Fixtures.Bytes("C.jpg");
        var ca = Fixtures.Bytes("CA.jpg");
        var (cStore, cAt) = Store(c);
        var cSignature = ManifestStore(cStore);
        var caSignature = ManifestStore(Store(ca).Store);
        Assert.Equal(cSignature.Payload.Length, caSignature.Payload.Length);
        caSignature.Payload.Span.CopyTo(c.AsSpan((int)(cAt + cSignature.Offset + cSignature.HeaderLength)));

        var report = ContentCredentials.Read(c, "swapped.jpg");

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Contains("claimSignature.mismatch", Codes(report.Results.Failure));
        Assert.Contains("assertion.dataHash.match", Codes(report.Results.Success));
    }

    [Fact]
    public void Removing_an_assertion_is_assertion_missing()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        var (store, at) = Store(png);
        var actions = Manifest(store).Child("c2pa.assertions")!.Children.First(c => c.Label!.StartsWith("c2pa.actions", StringComparison.Ordinal));
        // Rename the box in place (same length): the claim's reference no longer resolves.
        var labelAt = IndexOf(png, Encoding.UTF8.GetBytes(actions.Label! + "\0"), (int)(at + actions.Offset));
        png[labelAt + 5] = (byte)'X';

        var report = ContentCredentials.Read(png, "removed.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["assertion.missing"], Codes(report.Results.Failure));
    }

    [Fact]
    public void Replacing_the_certificate_is_a_claim_signature_mismatch()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        var (store, at) = Store(png);
        var cose = ManifestStore(store).Content(JumbfTypes.Cbor)!;
        var leaf = Fixtures.Pem("certs/es256.pub")[0].RawData;
        var certificateAt = IndexOf(png, leaf, (int)(at + cose.Offset));
        Assert.True(certificateAt > 0);
        // A different certificate of the same size: same key, other bytes in its own signature.
        png[certificateAt + leaf.Length - 2] ^= 0x01;

        var report = ContentCredentials.Read(png, "cert.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Contains("claimSignature.mismatch", Codes(report.Results.Failure));
    }

    [Fact]
    public void Untrusted_anchor_leaves_the_state_valid_but_reports_the_untrusted_signer()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("signed_es256.wav"), Fixtures.Ps256Anchors);

        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Equal(["signingCredential.untrusted"], Codes(report.Results.Failure));
    }

    private static string[] Codes(IEnumerable<ValidationStatus> list) => FixtureValidationTests.Codes(list);

    private static (JumbfBox Store, long At) Store(byte[] asset)
    {
        var located = ManifestLocator.Locate(asset, "t");
        return (JumbfReader.ParseSuperbox(located.Store!.Value, "t"), located.StoreOffset);
    }

    private static JumbfBox Manifest(JumbfBox store) => store.Children[^1];

    private static JumbfBox ManifestStore(JumbfBox store) => Manifest(store).Children.First(c => c.Description!.Is(JumbfTypes.SignatureCode));

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var at = haystack.AsSpan(from).IndexOf(needle);
        return at < 0 ? -1 : from + at;
    }
}
