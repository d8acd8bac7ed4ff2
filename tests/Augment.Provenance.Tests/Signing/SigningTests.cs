using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Augment.Provenance.Containers;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Tests.Signing;

/// <summary>Files Augment signs read back through the (independent, System.Security.Cryptography.Cose based) reader.</summary>
public class SigningTests
{
    private const string Capture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";
    private const string TrainedAlgorithmic = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    private static ManifestDefinition Created(string title) => new()
    {
        Title = title,
        ClaimGeneratorName = "Augment tests",
        ClaimGeneratorVersion = "1.0",
        Actions = [new C2paAction("c2pa.created", Capture, "camera", null, null)],
    };

    [Theory]
    [InlineData("no_manifest.jpg", AssetFormat.Jpeg)]
    [InlineData("libpng-test.png", AssetFormat.Png)]
    public void Signed_file_reads_back_trusted_with_its_actions(string file, AssetFormat format)
    {
        using var signer = Es256();
        var signed = ContentCredentials.Sign(Fixtures.Bytes(file), Created(file), signer);

        var report = ContentCredentials.Read(signed, file, Fixtures.Es256Anchors);

        Assert.Equal(format, report.Format);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Empty(report.Results.Failure);
        Assert.Equal(["claimSignature.insideValidity", "claimSignature.validated", "signingCredential.trusted", "assertion.hashedURI.match", "assertion.hashedURI.match", "assertion.dataHash.match"],
            FixtureValidationTests.Codes(report.Results.Success));
        var active = report.ActiveManifest!;
        Assert.Equal(2, active.ClaimVersion);
        Assert.Equal(file, active.Title);
        Assert.Equal(["Augment tests/1.0"], active.ClaimGeneratorInfo);
        Assert.Equal("Es256", active.Signature!.Algorithm);
        var action = Assert.Single(active.Actions);
        Assert.Equal(("c2pa.created", Capture, "camera"), (action.Action, action.DigitalSourceType, action.SoftwareAgent));
        Assert.Equal("captured", report.Summary);
    }

    [Fact]
    public void Signing_keeps_every_original_byte_outside_the_inserted_store()
    {
        var original = Fixtures.Bytes("libpng-test.png");
        using var signer = Es256();
        var signed = ContentCredentials.Sign(original, Created("x"), signer);

        var located = ManifestLocator.Locate(signed, "x");
        var chunkStart = (int)located.StoreOffset - 8;
        var chunkLength = located.Store!.Value.Length + 12;
        Assert.Equal(original, signed[..chunkStart].Concat(signed[(chunkStart + chunkLength)..]).ToArray());
        // The chunk CRC covers type + data (PNG annex D); CRC-32 of "IEND" is the well-known AE426082.
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
        Assert.Equal(Crc32.Compute(signed.AsSpan(chunkStart + 4, chunkLength - 8)), BinaryPrimitives.ReadUInt32BigEndian(signed.AsSpan(chunkStart + chunkLength - 4)));
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    public void Signed_wav_reads_back_trusted_and_its_riff_size_covers_the_chunk(int frames)
    {
        var wav = Wav(frames);
        using var signer = Es256();
        var signed = ContentCredentials.Sign(wav, Created("tone.wav"), signer);

        var report = ContentCredentials.Read(signed, "tone.wav", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal((uint)(signed.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(signed.AsSpan(4)));
        Assert.Equal(wav.AsSpan(12).ToArray(), signed.AsSpan(12, wav.Length - 12).ToArray());
    }

    [Fact]
    public void Large_manifest_is_split_over_several_app11_segments_and_reassembles()
    {
        var definition = Created("big.jpg") with
        {
            Actions = [new C2paAction("c2pa.created", Capture, null, null, null), new C2paAction("c2pa.edited", TrainedAlgorithmic, "inpainter", "2026-01-01T00:00:00Z", new string('x', 150_000))],
        };
        using var signer = Es256();
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), definition, signer);

        var segments = JpegManifestReader.FindStoreSegments(signed, "big.jpg", out _);
        var report = ContentCredentials.Read(signed, "big.jpg", Fixtures.Es256Anchors);

        Assert.Equal(3, segments.Count);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(2, report.ActiveManifest!.Actions.Count);
        Assert.Equal("contains AI-generated parts", report.Summary);
    }

    [Fact]
    public void Editing_a_signed_file_breaks_its_data_hash()
    {
        using var signer = Es256();
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), Created("x"), signer);
        signed[^10] ^= 0x20;

        var report = ContentCredentials.Read(signed, "edited.jpg", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["assertion.dataHash.mismatch"], FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Theory]
    [InlineData("C.jpg")]
    [InlineData("CA.jpg")]
    [InlineData("signed_es256.png")]
    [InlineData("signed_es256.wav")]
    public void Re_signing_makes_the_previous_manifest_a_validated_parent_ingredient(string file)
    {
        var original = Fixtures.Bytes(file);
        var previous = ContentCredentials.Read(original, file);
        using var signer = Es256();
        var edit = new ManifestDefinition { Actions = [new C2paAction("c2pa.color_adjustments", TrainedAlgorithmic, "grader", null, null)] };

        var signed = ContentCredentials.Sign(original, edit, signer, file);
        var report = ContentCredentials.Read(signed, file, Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Empty(report.Results.Failure);
        Assert.Equal(previous.Manifests.Count + 1, report.Manifests.Count);
        Assert.Equal(previous.Manifests.Select(m => m.Label), report.Manifests.Take(previous.Manifests.Count).Select(m => m.Label));
        var active = report.ActiveManifest!;
        Assert.Equal(["c2pa.opened", "c2pa.color_adjustments"], active.Actions.Select(a => a.Action));
        var ingredient = Assert.Single(active.Ingredients);
        Assert.Equal(("parentOf", previous.ActiveManifestLabel), (ingredient.Relationship, ingredient.ManifestLabel));
        var delta = Assert.Single(report.IngredientDeltas);
        Assert.Contains("ingredient.manifest.validated", FixtureValidationTests.Codes(delta.Results.Success));
        Assert.Contains("claimSignature.validated", FixtureValidationTests.Codes(delta.Results.Success));
        Assert.Equal("contains AI-generated parts", report.Summary);
    }

    [Fact]
    public void Re_signing_twice_chains_three_manifests_and_keeps_the_asset_bytes()
    {
        var original = Fixtures.Bytes("no_manifest.jpg");
        using var signer = Es256();
        var once = ContentCredentials.Sign(original, Created("a.jpg"), signer);
        var twice = ContentCredentials.Sign(once, new ManifestDefinition { Actions = [new C2paAction("c2pa.cropped", null, null, null, null)] }, signer);
        var thrice = ContentCredentials.Sign(twice, new ManifestDefinition { Actions = [new C2paAction("c2pa.resized", null, null, null, null)] }, signer);

        var report = ContentCredentials.Read(thrice, "c.jpg", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(3, report.Manifests.Count);
        Assert.Equal(["c2pa.opened", "c2pa.resized"], report.ActiveManifest!.Actions.Select(a => a.Action));
        Assert.Equal("edited by a person", report.Summary);
        var located = ManifestLocator.Locate(thrice, "c");
        var segments = JpegManifestReader.FindStoreSegments(thrice, "c", out _);
        var start = segments[0].SegmentOffset;
        var end = segments[^1].SegmentOffset + segments[^1].SegmentLength;
        Assert.NotNull(located.Store);
        Assert.Equal(original, thrice[..start].Concat(thrice[end..]).ToArray());
    }

    [Theory]
    [InlineData(C2paSigningAlgorithm.Es256)]
    [InlineData(C2paSigningAlgorithm.Es512)]
    [InlineData(C2paSigningAlgorithm.Ps256)]
    [InlineData(C2paSigningAlgorithm.Ps384)]
    [InlineData(C2paSigningAlgorithm.Es384)]
    public void Generated_test_ca_signs_files_that_read_back_trusted_under_that_ca(C2paSigningAlgorithm algorithm)
    {
        using var folder = new TempDirectory();
        var (chainPem, keyPem, rootPem) = DevelopmentCertificates.Create(folder.Path, algorithm);
        using var signer = LocalC2paSigner.FromPemFiles(chainPem, keyPem, algorithm is C2paSigningAlgorithm.Es384 ? C2paSigningAlgorithm.Ps256 : algorithm);
        Assert.Equal(algorithm, signer.Algorithm);
        var output = Path.Combine(folder.Path, "signed.png");
        ContentCredentials.Sign(Fixtures.Path_("libpng-test.png"), output, Created("ignored") with { Title = null }, signer);

        var trusted = ContentCredentials.Read(output, CredentialsReadOptions.WithTrustAnchorsFrom(rootPem));
        var untrusted = ContentCredentials.Read(output, Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, trusted.State);
        Assert.Equal("signed.png", trusted.ActiveManifest!.Title);
        Assert.Equal(CredentialsState.Valid, untrusted.State);
        Assert.Equal(["signingCredential.untrusted"], FixtureValidationTests.Codes(untrusted.Results.Failure));
    }

    /// <summary>The same development CA packed as PKCS#12 (signer with key, chain, root): the PFX signer uses the chain
    /// without the root, as the PEM one does, signs files that read Trusted, and a wrong password is a typed error.</summary>
    [Theory]
    [InlineData(C2paSigningAlgorithm.Es256)]
    [InlineData(C2paSigningAlgorithm.Ps256)]
    public void Pfx_file_signs_like_the_same_pem_files(C2paSigningAlgorithm algorithm)
    {
        using var folder = new TempDirectory();
        var (chainPem, keyPem, rootPem) = DevelopmentCertificates.Create(folder.Path, algorithm);
        using var pem = LocalC2paSigner.FromPemFiles(chainPem, keyPem, algorithm);
        var pemChain = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        pemChain.ImportFromPemFile(chainPem);
        using var withKey = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(chainPem, keyPem);
        var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(rootPem)).RawData);
        // Shuffled on purpose: the loader must order the chain itself.
        var bundle = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection { root };
        for (var i = pemChain.Count - 1; i >= 1; i--) bundle.Add(pemChain[i]);
        bundle.Add(withKey);
        var pfx = Path.Combine(folder.Path, "signer.pfx");
        File.WriteAllBytes(pfx, bundle.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "secret")!);

        using var signer = LocalC2paSigner.FromPfxFile(pfx, "secret", algorithm is C2paSigningAlgorithm.Es256 ? C2paSigningAlgorithm.Ps256 : algorithm);
        Assert.Equal(algorithm, signer.Algorithm);
        Assert.Equal(pem.CertificateChain.Select(c => c.Thumbprint), signer.CertificateChain.Select(c => c.Thumbprint));
        var signed = ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"), Created("x"), signer);
        Assert.Equal(CredentialsState.Trusted, ContentCredentials.Read(signed, "x.png", CredentialsReadOptions.WithTrustAnchorsFrom(rootPem)).State);
        Assert.Throws<InvalidMediaException>(() => LocalC2paSigner.FromPfxFile(pfx, "wrong"));
    }

    [Fact]
    public void Signer_whose_certificate_lacks_a_c2pa_eku_is_reported_invalid()
    {
        using var folder = new TempDirectory();
        var (chainPem, keyPem, rootPem) = DevelopmentCertificates.Create(folder.Path, C2paSigningAlgorithm.Es256, null, null, eku: "1.3.6.1.5.5.7.3.1"); // serverAuth
        using var signer = LocalC2paSigner.FromPemFiles(chainPem, keyPem);
        var signed = ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"), Created("x"), signer);

        var report = ContentCredentials.Read(signed, "x.png", CredentialsReadOptions.WithTrustAnchorsFrom(rootPem));

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Contains("signingCredential.invalid", FixtureValidationTests.Codes(report.Results.Failure));
    }

    [Fact]
    public void Written_store_parses_into_the_c2pa_box_structure()
    {
        using var signer = Es256();
        var signed = ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"), Created("x"), signer);
        var store = JumbfReader.ParseSuperbox(ManifestLocator.Locate(signed, "x").Store!.Value, "x");

        var manifest = Assert.Single(store.Children);
        Assert.True(manifest.Description!.Is(JumbfTypes.ManifestCode));
        Assert.StartsWith("urn:c2pa:", manifest.Label, StringComparison.Ordinal);
        Assert.Equal(["c2pa.assertions", "c2pa.claim.v2", "c2pa.signature"], manifest.Children.Select(c => c.Label));
        Assert.Equal(["c2pa.actions.v2", "c2pa.hash.data"], manifest.Child("c2pa.assertions")!.Children.Select(c => c.Label));
    }

    private static byte[] Wav(int frames)
    {
        var data = new byte[frames * 2];
        for (var i = 0; i < frames; i++)
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 48000.0)));
        var pad = data.Length & 1;
        var wav = new byte[44 + data.Length + pad];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(wav.Length - 8));
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), 48000);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(28), 96000);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), (uint)data.Length);
        data.CopyTo(wav, 44);
        return wav;
    }
}
