using Augment.Provenance.Tests.Watermarks;
using Augment.Provenance.Watermarks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Provenance.Tests.Signing;

/// <summary>
/// Soft bindings, thumbnails, metadata, componentOf/inputTo ingredients, RFC 3161 timestamps and the fluent API, read
/// back through Augment's reader (the reference reader's view is in <see cref="ReferenceReaderTests"/>).
/// </summary>
public class ManifestContentTests
{
    private static LocalC2paSigner Es256() => LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));

    private static readonly C2paAction Created = new(C2paActions.Created, DigitalSourceType.DigitalCapture, null, null, null);

    /// <summary>A small real JPEG (32 x 24, encoded by ImageSharp).</summary>
    internal static byte[] JpegThumbnail()
    {
        using var image = new Image<Rgb24>(32, 24, new Rgb24(200, 120, 40));
        using var buffer = new MemoryStream();
        image.SaveAsJpeg(buffer);
        return buffer.ToArray();
    }

    private static List<string> Codes(IReadOnlyList<ValidationStatus> statuses) => statuses.Select(s => s.Code).ToList();

    [Fact]
    public void Soft_binding_reads_back_with_its_algorithm_and_value_and_is_covered_by_the_claim()
    {
        using var signer = Es256();
        var payload = WatermarkPayload.FromHex("00c0ffee12345678");
        var definition = new ManifestDefinition { Actions = [Created], SoftBindings = [new C2paSoftBinding(ImageWatermark.AlgorithmName, payload.ToBytes())] };

        var report = ContentCredentials.Read(ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), definition, signer), "sb.jpg", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        var binding = Assert.Single(report.ActiveManifest!.SoftBindings);
        Assert.Equal(ImageWatermark.AlgorithmName, binding.Algorithm);
        Assert.Equal("00c0ffee12345678", binding.ValueHex);
        Assert.Contains("c2pa.soft-binding", report.ActiveManifest.AssertionLabels);
        // hash.data, actions and soft-binding: three hashed URIs.
        Assert.Equal(3, Codes(report.Results.Success).Count(c => c == "assertion.hashedURI.match"));
        Assert.Contains("\"c2pa.soft-binding\"", report.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_the_soft_binding_value_after_signing_is_a_hashed_uri_mismatch()
    {
        using var signer = Es256();
        var value = Convert.FromHexString("a1b2c3d4e5f60718");
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"),
            new ManifestDefinition { Actions = [Created], SoftBindings = [new C2paSoftBinding("com.example.fingerprint", value)] }, signer);
        // The value is stored as base64 text; change one character of it.
        var text = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(value));
        var at = signed.AsSpan().IndexOf(text);
        Assert.True(at > 0);
        signed[at] = (byte)(signed[at] == (byte)'A' ? 'B' : 'A');

        var report = ContentCredentials.Read(signed, "tampered.jpg");

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Contains("assertion.hashedURI.mismatch", Codes(report.Results.Failure));
    }

    [Fact]
    public void Thumbnail_is_an_embedded_file_assertion_with_the_callers_bytes()
    {
        using var signer = Es256();
        var jpeg = JpegThumbnail();
        var signed = ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"),
            new ManifestDefinition { Actions = [Created], Thumbnail = ManifestThumbnail.Jpeg(jpeg) }, signer);

        var report = ContentCredentials.Read(signed, "thumb.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        var thumbnail = report.ActiveManifest!.Thumbnail!;
        Assert.Equal("c2pa.thumbnail.claim.jpeg", thumbnail.Label);
        Assert.Equal("image/jpeg", thumbnail.Format);
        Assert.Equal(jpeg, thumbnail.Data.ToArray());
        using var decoded = Image.Load<Rgb24>(thumbnail.Data.Span);
        Assert.Equal(32, decoded.Width);
    }

    [Fact]
    public void Thumbnail_in_another_format_is_rejected()
    {
        using var signer = Es256();
        var definition = new ManifestDefinition { Actions = [Created], Thumbnail = new ManifestThumbnail("image/gif", new byte[10]) };
        Assert.Throws<ArgumentException>(() => ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), definition, signer));
    }

    [Fact]
    public void Metadata_reads_back_as_authors_rights_credit_and_url()
    {
        using var signer = Es256();
        var metadata = new ManifestMetadata { Authors = ["Ada Lovelace", "Charles Babbage"], Copyright = "(c) 2026 Studio", Credit = "Studio / Augment", Url = new Uri("https://example.com/rights") };
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), new ManifestDefinition { Title = "hero.jpg", Actions = [Created], Metadata = metadata }, signer);

        var report = ContentCredentials.Read(signed, "hero.jpg", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        var read = report.ActiveManifest!.Metadata!;
        Assert.Equal(metadata.Authors, read.Authors);
        Assert.Equal(metadata.Copyright, read.Copyright);
        Assert.Equal(metadata.Credit, read.Credit);
        Assert.Equal(metadata.Url, read.Url);
        Assert.Contains("cawg.metadata", report.ActiveManifest.AssertionLabels);
        Assert.Contains("by Ada Lovelace, Charles Babbage", report.SummaryLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_ingredient_with_credentials_carries_its_manifest_and_is_placed()
    {
        using var signer = Es256();
        var logo = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), new ManifestDefinition { Title = "logo.jpg", Actions = [Created] }, signer);
        var logoLabel = ContentCredentials.Read(logo, "logo.jpg").ActiveManifestLabel;
        var definition = new ManifestDefinition
        {
            Actions = [new C2paAction(C2paActions.Created, DigitalSourceType.Composite, null, null, null)],
            Ingredients = [new ManifestIngredient(logo, "logo.jpg")],
        };

        var report = ContentCredentials.Read(ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"), definition, signer), "poster.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(2, report.Manifests.Count);
        Assert.Equal(logoLabel, report.Manifests[0].Label);
        var ingredient = Assert.Single(report.ActiveManifest!.Ingredients);
        Assert.Equal("componentOf", ingredient.Relationship);
        Assert.Equal("logo.jpg", ingredient.Title);
        Assert.Equal(logoLabel, ingredient.ManifestLabel);
        Assert.Equal([C2paActions.Created, C2paActions.Placed], report.ActiveManifest.Actions.Select(a => a.Action));
        var delta = Assert.Single(report.IngredientDeltas);
        Assert.DoesNotContain(delta.Results.Failure, s => s.Code != "signingCredential.untrusted");
        Assert.Contains("ingredient.manifest.validated", Codes(delta.Results.Success));
    }

    [Fact]
    public void Ingredient_without_credentials_has_unknown_provenance_and_input_to_adds_no_placed_action()
    {
        using var signer = Es256();
        var definition = new ManifestDefinition
        {
            Actions = [Created],
            Ingredients = [new ManifestIngredient(Fixtures.Bytes("no_manifest.jpg"), "sketch.jpg", IngredientRelationship.InputTo), new ManifestIngredient("plain text"u8.ToArray(), "notes.txt")],
        };

        var report = ContentCredentials.Read(ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"), definition, signer), "out.png", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Single(report.Manifests);
        var ingredients = report.ActiveManifest!.Ingredients;
        Assert.Equal(["inputTo", "componentOf"], ingredients.Select(i => i.Relationship));
        Assert.Equal(["c2pa.ingredient.v3", "c2pa.ingredient.v3__1"], ingredients.Select(i => i.Label));
        Assert.Equal("image/jpeg", ingredients[0].Format);
        Assert.Null(ingredients[1].Format);
        Assert.All(ingredients, i => Assert.Null(i.ManifestLabel));
        Assert.Equal([C2paActions.Created, C2paActions.Placed], report.ActiveManifest.Actions.Select(a => a.Action));
        Assert.All(report.IngredientDeltas, d => Assert.Contains("ingredient.unknownProvenance", Codes(d.Results.Informational)));
    }

    [Fact]
    public void Timestamp_from_the_authority_is_validated_and_dates_the_signature()
    {
        using var signer = Es256();
        using var tsa = new TestTimestampAuthority(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), new ManifestDefinition { Actions = [Created], TimestampAuthority = tsa }, signer);

        var report = ContentCredentials.Read(signed, "stamped.jpg", Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Contains("timeStamp.validated", Codes(report.Results.Success));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero), report.ActiveManifest!.Signature!.Time);
        // One token sizes the signature, one is the final one: the authority is not called for every sizing pass.
        Assert.Equal(2, tsa.Requests);
    }

    [Fact]
    public void Timestamp_over_another_message_is_a_mismatch()
    {
        using var signer = Es256();
        using var tsa = new TestTimestampAuthority(corruptImprint: true);
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"), new ManifestDefinition { Actions = [Created], TimestampAuthority = tsa }, signer);

        var report = ContentCredentials.Read(signed, "stamped.jpg");

        Assert.DoesNotContain("timeStamp.validated", Codes(report.Results.Success));
        Assert.Contains("timeStamp.mismatch", Codes(report.Results.Informational));
    }

    [Fact]
    public void Timestamped_png_and_wav_keep_their_size_fixed_across_passes_and_validate()
    {
        using var signer = Es256();
        using var tsa = new TestTimestampAuthority();
        var report = ContentCredentials.Read(ContentCredentials.Sign(Fixtures.Bytes("libpng-test.png"),
            new ManifestDefinition { Actions = [Created], TimestampAuthority = tsa }, signer), "stamped.png");
        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Contains("timeStamp.validated", Codes(report.Results.Success));
        Assert.Contains("assertion.dataHash.match", Codes(report.Results.Success));
    }

    [Fact]
    public void Stripped_and_reencoded_watermarked_image_recovers_its_manifest_from_a_folder_repository()
    {
        using var signer = Es256();
        using var folder = new TempDirectory();
        var payload = WatermarkPayload.FromHex("5eed5eed0badf00d");
        using var scene = WatermarkImages.Scene(512, 384, seed: 7);
        using var marked = ImageWatermark.Embed(scene, payload);
        byte[] png;
        using (var image = WatermarkImages.ToImage(marked))
        using (var buffer = new MemoryStream())
        {
            image.SaveAsPng(buffer);
            png = buffer.ToArray();
        }
        var signed = ContentCredential.For(png, "published.png").Action(Created).Watermark(payload).Sign(signer);
        File.WriteAllBytes(Path.Combine(folder.Path, "published.png"), signed);
        // An unrelated signed file in the repository must not match.
        File.WriteAllBytes(Path.Combine(folder.Path, "other.jpg"), ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"),
            new ManifestDefinition { Actions = [Created], SoftBindings = [new C2paSoftBinding(ImageWatermark.AlgorithmName, WatermarkPayload.FromHex("1111222233334444").ToBytes())] }, signer));
        // A platform strips the metadata and re-encodes as JPEG 75.
        using var stripped = WatermarkImages.Jpeg(WatermarkImages.Quantised(marked), 75);
        var repository = new FolderManifestRepository(folder.Path);

        var report = ContentCredentials.Recover(stripped, repository, Fixtures.Es256Anchors, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, repository.Count);
        Assert.True(report.IsRecovered);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(payload.ToHex(), report.RecoveredBy!.ValueHex);
        Assert.Equal(Path.Combine(folder.Path, "published.png"), report.RecoveredFrom);
        Assert.Contains("\"recovered\"", report.ToJson(), StringComparison.Ordinal);
        Assert.Contains("recovered by soft binding", report.SummaryLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_without_a_watermark_or_with_an_unknown_payload_recovers_nothing()
    {
        using var signer = Es256();
        using var folder = new TempDirectory();
        File.WriteAllBytes(Path.Combine(folder.Path, "other.jpg"), ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"),
            new ManifestDefinition { Actions = [Created], SoftBindings = [new C2paSoftBinding(ImageWatermark.AlgorithmName, WatermarkPayload.FromHex("1111222233334444").ToBytes())] }, signer));
        var repository = new FolderManifestRepository(folder.Path);
        using var plain = WatermarkImages.Scene(256, 256, seed: 3);
        using var marked = ImageWatermark.Embed(plain, WatermarkPayload.FromHex("9999888877776666"));

        Assert.Equal(CredentialsState.NoManifest, ContentCredentials.Recover(plain, repository, cancellationToken: TestContext.Current.CancellationToken).State);
        var unknown = ContentCredentials.Recover(marked, repository, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(CredentialsState.NoManifest, unknown.State);
        Assert.False(unknown.IsRecovered);
        var known = ContentCredentials.Recover(new C2paSoftBinding(ImageWatermark.AlgorithmName, WatermarkPayload.FromHex("1111222233334444").ToBytes()), repository,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(known.IsRecovered);
    }

    [Fact]
    public void Fluent_credential_is_the_same_manifest_as_the_definition_it_builds()
    {
        using var signer = Es256();
        using var folder = new TempDirectory();
        var raw = Path.Combine(folder.Path, "raw.jpg");
        ContentCredentials.Sign(Fixtures.Path_("no_manifest.jpg"), raw, new ManifestDefinition { Actions = [Created] }, signer);
        var final = Path.Combine(folder.Path, "final.png");
        File.Copy(Fixtures.Path_("libpng-test.png"), final);
        var output = Path.Combine(folder.Path, "final-signed.png");

        var credential = ContentCredential.For(final)
            .Action(C2paActions.ColorAdjusted, DigitalSourceType.CompositeWithTrainedAlgorithmicMedia)
            .Ingredient(raw)
            .Author("Grace Hopper");
        credential.SignTo(output, signer);

        Assert.Equal("final.png", credential.Definition.Title);
        Assert.Equal(["Grace Hopper"], credential.Definition.Metadata!.Authors);
        var report = ContentCredentials.Read(output, Fixtures.Es256Anchors);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal("final.png", report.ActiveManifest!.Title);
        Assert.Equal([C2paActions.ColorAdjusted, C2paActions.Placed], report.ActiveManifest.Actions.Select(a => a.Action));
        Assert.Equal("raw.jpg", Assert.Single(report.ActiveManifest.Ingredients).Title);
        Assert.Equal("contains AI-generated parts", report.Summary);
        // Each call returns a new credential; the earlier one is unchanged.
        var bare = ContentCredential.For(final);
        _ = bare.Action(C2paActions.Edited);
        Assert.Empty(bare.Definition.Actions);
    }

    [Theory]
    [InlineData(C2paActions.Watermarked, "captured")]
    [InlineData(C2paActions.Published, "captured")]
    [InlineData(C2paActions.Cropped, "edited by a person")]
    public void Content_preserving_actions_keep_a_capture_summarised_as_captured(string second, string summary)
    {
        using var signer = Es256();
        var signed = ContentCredentials.Sign(Fixtures.Bytes("no_manifest.jpg"),
            new ManifestDefinition { Actions = [Created, new C2paAction(second, null, null, null, null)] }, signer);

        Assert.Equal(summary, ContentCredentials.Read(signed, "s.jpg").Summary);
    }
}
