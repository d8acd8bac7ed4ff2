using System.Text.Json;

namespace Augment.Provenance.Tests;

/// <summary>
/// Every fixture validates exactly as the reference reader reports it (Data/c2pa/README.md): state, failure codes
/// and informational codes, with no trust list; then with trust anchors.
/// </summary>
public class FixtureValidationTests
{
    public static TheoryData<string, CredentialsState, string[], string[]> Expected => new()
    {
        { "C.jpg", CredentialsState.Valid, ["signingCredential.untrusted"], ["timeStamp.untrusted"] },
        { "CA.jpg", CredentialsState.Valid, ["signingCredential.untrusted"], ["timeStamp.untrusted"] },
        { "XCA.jpg", CredentialsState.Invalid, ["signingCredential.untrusted", "assertion.dataHash.mismatch"], ["timeStamp.untrusted"] },
        { "E-sig-CA.jpg", CredentialsState.Invalid, ["signingCredential.untrusted", "claimSignature.mismatch"], ["timeStamp.mismatch"] },
        { "no_manifest.jpg", CredentialsState.NoManifest, [], [] },
        { "libpng-test.png", CredentialsState.NoManifest, [], [] },
        { "signed_es256.png", CredentialsState.Valid, ["signingCredential.untrusted"], [] },
        { "signed_es256_pixels_tampered.png", CredentialsState.Invalid, ["signingCredential.untrusted", "assertion.dataHash.mismatch"], [] },
        { "signed_es256.wav", CredentialsState.Valid, ["signingCredential.untrusted"], [] },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Fixture_validates_with_the_reference_readers_state_and_codes(string file, CredentialsState state, string[] failure, string[] informational)
    {
        var report = ContentCredentials.Read(Fixtures.Path_(file));

        Assert.Equal(state, report.State);
        Assert.Equal(Sorted(failure), Sorted(Codes(report.Results.Failure)));
        Assert.Equal(Sorted(informational), Sorted(Codes(report.Results.Informational)));
    }

    [Theory]
    [InlineData("signed_es256.png", AssetFormat.Png)]
    [InlineData("signed_es256.wav", AssetFormat.Wav)]
    public void Es256_fixtures_are_trusted_with_the_test_chain_as_anchor(string file, AssetFormat format)
    {
        var report = ContentCredentials.Read(Fixtures.Path_(file), Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.Equal(format, report.Format);
        Assert.Empty(report.Results.Failure);
        Assert.Contains("signingCredential.trusted", Codes(report.Results.Success));
        Assert.Contains("claimSignature.validated", Codes(report.Results.Success));
        Assert.Contains("assertion.dataHash.match", Codes(report.Results.Success));
    }

    [Fact]
    public void Tampered_png_stays_invalid_even_when_its_signer_is_trusted()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("signed_es256_pixels_tampered.png"), Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Invalid, report.State);
        Assert.Equal(["assertion.dataHash.mismatch"], Codes(report.Results.Failure));
    }

    [Fact]
    public void The_es256_anchor_does_not_trust_the_ps256_chain_of_the_jpeg_fixtures()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("C.jpg"), Fixtures.Es256Anchors);

        Assert.Equal(CredentialsState.Valid, report.State);
        Assert.Contains("signingCredential.untrusted", Codes(report.Results.Failure));
    }

    [Theory]
    [InlineData("C")]
    [InlineData("CA")]
    [InlineData("XCA")]
    public void Trusted_reading_reproduces_the_reference_json_codes_urls_and_manifest_fields(string name)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(Fixtures.Path_($"known_good/{name}.json")));
        var root = expected.RootElement;
        var report = ContentCredentials.Read(Fixtures.Path_(name + ".jpg"), Fixtures.Ps256Anchors);

        var activeLabel = root.GetProperty("active_manifest").GetString();
        Assert.Equal(activeLabel, report.ActiveManifestLabel);
        var results = root.GetProperty("validation_results").GetProperty("activeManifest");
        // The reference (0.33) does not emit signingCredential.trusted; everything else must agree, url included.
        Assert.Equal(Entries(results.GetProperty("success")), Sorted(Entries(report.Results.Success).Where(e => !e.StartsWith("signingCredential.trusted", StringComparison.Ordinal))));
        Assert.Equal(Entries(results.GetProperty("informational")), Entries(report.Results.Informational));
        Assert.Equal(Entries(results.GetProperty("failure")), Entries(report.Results.Failure));
        Assert.Contains("signingCredential.trusted", Codes(report.Results.Success));

        var hasDeltas = root.GetProperty("validation_results").TryGetProperty("ingredientDeltas", out var deltas);
        Assert.Equal(hasDeltas ? deltas.GetArrayLength() : 0, report.IngredientDeltas.Count);
        for (var i = 0; i < report.IngredientDeltas.Count; i++)
        {
            var delta = deltas[i];
            Assert.Equal(delta.GetProperty("ingredientAssertionURI").GetString(), report.IngredientDeltas[i].IngredientAssertionUri);
            Assert.Equal(Entries(delta.GetProperty("validationDeltas").GetProperty("informational")), Entries(report.IngredientDeltas[i].Results.Informational));
            Assert.Equal(Entries(delta.GetProperty("validationDeltas").GetProperty("failure")), Entries(report.IngredientDeltas[i].Results.Failure));
        }

        var state = root.GetProperty("validation_state").GetString();
        Assert.Equal(state == "Valid" ? CredentialsState.Trusted : CredentialsState.Invalid, report.State);

        var manifest = root.GetProperty("manifests").GetProperty(activeLabel!);
        var active = report.ActiveManifest!;
        Assert.Equal(manifest.GetProperty("claim_version").GetInt32(), active.ClaimVersion);
        Assert.Equal(manifest.GetProperty("claim_generator").GetString(), active.ClaimGenerator);
        Assert.Equal(manifest.GetProperty("title").GetString(), active.Title);
        Assert.Equal(manifest.GetProperty("format").GetString(), active.Format);
        Assert.Equal(manifest.GetProperty("instance_id").GetString(), active.InstanceId);
        Assert.Equal(manifest.GetProperty("thumbnail").GetProperty("identifier").GetString(), active.Thumbnail!.Identifier);
        Assert.Equal(manifest.GetProperty("thumbnail").GetProperty("format").GetString(), active.Thumbnail.Format);
        Assert.Equal(manifest.GetProperty("claim_generator_info").EnumerateArray().Select(g => $"{g.GetProperty("name").GetString()}/{g.GetProperty("version").GetString()}"), active.ClaimGeneratorInfo);
        var signature = manifest.GetProperty("signature_info");
        Assert.Equal(signature.GetProperty("alg").GetString(), active.Signature!.Algorithm);
        Assert.Equal(signature.GetProperty("issuer").GetString(), active.Signature.Issuer);
        Assert.Equal(signature.GetProperty("common_name").GetString(), active.Signature.CommonName);
        Assert.Equal(signature.GetProperty("cert_serial_number").GetString(), active.Signature.SerialNumber);
        Assert.Equal(DateTimeOffset.Parse(signature.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture), active.Signature.Time);
        var ingredients = manifest.GetProperty("ingredients");
        Assert.Equal(ingredients.GetArrayLength(), active.Ingredients.Count);
        for (var i = 0; i < active.Ingredients.Count; i++)
        {
            Assert.Equal(ingredients[i].GetProperty("title").GetString(), active.Ingredients[i].Title);
            Assert.Equal(ingredients[i].GetProperty("relationship").GetString(), active.Ingredients[i].Relationship);
            Assert.Equal(ingredients[i].GetProperty("instance_id").GetString(), active.Ingredients[i].InstanceId);
            Assert.Equal(ingredients[i].GetProperty("document_id").GetString(), active.Ingredients[i].DocumentId);
        }
        var referenceActions = manifest.GetProperty("assertions").EnumerateArray()
            .Where(a => a.GetProperty("label").GetString()!.StartsWith("c2pa.actions", StringComparison.Ordinal))
            .SelectMany(a => a.GetProperty("data").GetProperty("actions").EnumerateArray()).ToArray();
        Assert.Equal(referenceActions.Select(a => a.GetProperty("action").GetString()), active.Actions.Select(a => a.Action));
        Assert.Equal(referenceActions.Select(a => a.TryGetProperty("digitalSourceType", out var t) ? t.GetString() : null), active.Actions.Select(a => a.DigitalSourceType));
    }

    [Fact]
    public void Report_json_lists_every_status_code_and_the_state_like_the_reference()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("XCA.jpg"));
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;

        Assert.Equal(report.ActiveManifestLabel, root.GetProperty("active_manifest").GetString());
        Assert.Equal("Invalid", root.GetProperty("validation_state").GetString());
        var results = root.GetProperty("validation_results").GetProperty("activeManifest");
        Assert.Equal(Entries(report.Results.Failure), Entries(results.GetProperty("failure")));
        Assert.Equal(Entries(report.Results.Success), Entries(results.GetProperty("success")));
        var manifest = root.GetProperty("manifests").GetProperty(report.ActiveManifestLabel!);
        Assert.Equal("Ps256", manifest.GetProperty("signature_info").GetProperty("alg").GetString());
        Assert.Equal("2024-08-06T21:53:37+00:00", manifest.GetProperty("signature_info").GetProperty("time").GetString());
        Assert.Contains(manifest.GetProperty("assertions").EnumerateArray(), a => a.GetProperty("label").GetString() == "stds.schema-org.CreativeWork"
            && a.GetProperty("data").GetProperty("author")[0].GetProperty("name").GetString() == "John Doe");
    }

    [Fact]
    public void No_manifest_reports_the_missing_state_without_codes_and_says_so()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("no_manifest.jpg"));

        Assert.Equal(CredentialsState.NoManifest, report.State);
        Assert.Null(report.ActiveManifest);
        Assert.Empty(report.Manifests);
        Assert.Equal("no Content Credentials", report.Summary);
        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal("NoManifest", json.RootElement.GetProperty("validation_state").GetString());
    }

    [Theory]
    [InlineData("signed_es256.png", "captured")]
    [InlineData("signed_es256.wav", "captured")]
    [InlineData("CA.jpg", "edited by a person")]
    [InlineData("C.jpg", "generated by software (not AI)")]
    public void Summary_follows_the_actions_and_their_digital_source_types(string file, string summary)
    {
        var report = ContentCredentials.Read(Fixtures.Path_(file));

        Assert.Equal(summary, report.Summary);
        Assert.StartsWith(summary, report.SummaryLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_fixture_exposes_its_created_action_and_claim_thumbnail()
    {
        var report = ContentCredentials.Read(Fixtures.Path_("signed_es256.png"));
        var active = report.ActiveManifest!;

        var action = Assert.Single(active.Actions);
        Assert.Equal("c2pa.created", action.Action);
        Assert.Equal("digitalCapture", action.DigitalSourceTypeName);
        Assert.NotNull(active.Thumbnail);
        Assert.True(active.Thumbnail!.Data.Length > 100);
        Assert.Equal("Es256", active.Signature!.Algorithm);
    }

    [Fact]
    public void Reading_from_a_stream_equals_reading_the_file()
    {
        using var stream = File.OpenRead(Fixtures.Path_("CA.jpg"));
        var fromStream = ContentCredentials.Read(stream, "CA.jpg");
        var fromFile = ContentCredentials.Read(Fixtures.Path_("CA.jpg"));

        Assert.Equal(fromFile.ToJson(), fromStream.ToJson());
    }

    [Fact]
    public void Every_reported_code_is_one_the_reference_defines()
    {
        var defined = File.ReadAllLines(Fixtures.Path_("validation_status_codes.txt")).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Fixtures.Signed)
        {
            var report = ContentCredentials.Read(Fixtures.Path_(file), Fixtures.Es256Anchors);
            foreach (var status in report.Results.Success.Concat(report.Results.Informational).Concat(report.Results.Failure))
                Assert.True(defined.Contains(status.Code), $"{file}: {status.Code} is not a reference status code");
        }
    }

    internal static string[] Codes(IEnumerable<ValidationStatus> list) => list.Select(s => s.Code).ToArray();

    private static string[] Sorted(IEnumerable<string> values) => values.Order(StringComparer.Ordinal).ToArray();

    private static string[] Entries(IEnumerable<ValidationStatus> list) => Sorted(list.Select(s => $"{s.Code} {s.Url}"));

    private static string[] Entries(JsonElement array) => Sorted(array.EnumerateArray().Select(e => $"{e.GetProperty("code").GetString()} {e.GetProperty("url").GetString()}"));
}
