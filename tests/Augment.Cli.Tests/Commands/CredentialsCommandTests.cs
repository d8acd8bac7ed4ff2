using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// <c>augment credentials verify|show</c> on the C2PA fixtures of Augment.Provenance.Tests (Data/c2pa; this project
/// copies them when its csproj links that folder, otherwise they are found beside the sources).
/// </summary>
public class CredentialsCommandTests
{
    [Fact]
    public async Task Verify_json_lists_every_status_code_and_exits_0_for_a_valid_file()
    {
        var result = await CredentialsCli.RunAsync("credentials", "verify", CredentialsCli.Fixture("C.jpg"), "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("Valid", json.RootElement.GetProperty("validation_state").GetString());
        var active = json.RootElement.GetProperty("validation_results").GetProperty("activeManifest");
        Assert.Equal(["signingCredential.untrusted"], active.GetProperty("failure").EnumerateArray().Select(e => e.GetProperty("code").GetString()));
        Assert.Contains(active.GetProperty("success").EnumerateArray(), e => e.GetProperty("code").GetString() == "claimSignature.validated");
        Assert.Contains(active.GetProperty("informational").EnumerateArray(), e => e.GetProperty("code").GetString() == "timeStamp.untrusted");
    }

    [Fact]
    public async Task Verify_exits_1_and_names_the_failure_for_a_tampered_file()
    {
        var result = await CredentialsCli.RunAsync("credentials", "verify", CredentialsCli.Fixture("signed_es256_pixels_tampered.png"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Invalid", result.Output, StringComparison.Ordinal);
        Assert.Contains("assertion.dataHash.mismatch", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_with_trust_anchors_reports_trusted()
    {
        var result = await CredentialsCli.RunAsync("credentials", "verify", CredentialsCli.Fixture("signed_es256.wav"), "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("validation_results").GetProperty("activeManifest").GetProperty("failure").GetArrayLength());
    }

    [Fact]
    public async Task Verify_of_a_file_without_manifest_exits_1()
    {
        var result = await CredentialsCli.RunAsync("credentials", "verify", CredentialsCli.Fixture("no_manifest.jpg"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NoManifest", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_prints_the_summary_actions_and_ingredients()
    {
        var result = await CredentialsCli.RunAsync("credentials", "show", CredentialsCli.Fixture("CA.jpg"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("edited by a person", result.Output, StringComparison.Ordinal);
        Assert.Contains("c2pa.color_adjustments", result.Output, StringComparison.Ordinal);
        Assert.Contains("A.jpg (parentOf, no manifest)", result.Output, StringComparison.Ordinal);
        Assert.Contains("C2PA Signer", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_writes_a_copy_that_verifies_trusted_with_its_actions_and_source_type()
    {
        var output = Path.Combine(Path.GetTempPath(), "augment-cred-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"),
                CredentialsCli.Fixture("libpng-test.png"), "--out", output, "--action", "c2pa.created", "--action", "c2pa.edited", "--source-type", "compositeWithTrainedAlgorithmicMedia");
            var verified = await CredentialsCli.RunAsync("credentials", "verify", output, "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");

            Assert.Equal(0, signed.ExitCode);
            Assert.Contains("contains AI-generated parts", signed.Output, StringComparison.Ordinal);
            Assert.Equal(0, verified.ExitCode);
            using var json = JsonDocument.Parse(verified.Output);
            Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
            var manifest = json.RootElement.GetProperty("manifests").GetProperty(json.RootElement.GetProperty("active_manifest").GetString()!);
            var actions = manifest.GetProperty("actions").EnumerateArray().ToArray();
            Assert.Equal(["c2pa.created", "c2pa.edited"], actions.Select(a => a.GetProperty("action").GetString()));
            Assert.All(actions, a => Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", a.GetProperty("digitalSourceType").GetString()));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Test_ca_writes_a_chain_key_and_root_that_sign_files_verifying_trusted_under_that_root()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-testca-" + Guid.NewGuid().ToString("N"));
        try
        {
            var made = await CredentialsCli.RunAsync("credentials", "test-ca", "--out", folder, "--algorithm", "ps256");
            var output = Path.Combine(folder, "signed.png");
            var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", Path.Combine(folder, "chain.pem"), "--key", Path.Combine(folder, "key.pem"), CredentialsCli.Fixture("libpng-test.png"), "--out", output);
            var trusted = await CredentialsCli.RunAsync("credentials", "verify", output, "--trust", Path.Combine(folder, "root.pem"), "--json");
            var untrusted = await CredentialsCli.RunAsync("credentials", "verify", output, "--json");

            Assert.Equal(0, made.ExitCode);
            Assert.Equal(0, signed.ExitCode);
            Assert.Contains("Ps256", signed.Output, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(trusted.Output);
            Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
            using var other = JsonDocument.Parse(untrusted.Output);
            Assert.Equal("Valid", other.RootElement.GetProperty("validation_state").GetString());
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sign_with_watermark_author_and_ingredient_then_verify_recovers_the_stripped_copy_from_the_repository()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var published = Path.Combine(folder, "published.jpg");
            var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), CredentialsCli.Fixture("no_manifest.jpg"),
                "--out", published, "--watermark", "c0ffee00d00dfeed", "--author", "Ada Lovelace", "--title", "Harbour at dawn", "--ingredient", CredentialsCli.Fixture("CA.jpg"));
            var shown = await CredentialsCli.RunAsync("credentials", "show", published);
            // A platform strips the metadata: decode and re-encode the pixels only.
            var stripped = Path.Combine(Path.GetTempPath(), "augment-stripped-" + Guid.NewGuid().ToString("N") + ".jpg");
            using (var frame = Augment.Vision.ImageFile.Load(published))
                Augment.Vision.ImageFile.Save(frame, stripped, new Augment.Vision.ImageSaveOptions { Quality = 85 });
            var plain = await CredentialsCli.RunAsync("credentials", "verify", stripped, "--json");
            var recovered = await CredentialsCli.RunAsync("credentials", "verify", stripped, "--repository", folder, "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");
            File.Delete(stripped);

            Assert.Equal(0, signed.ExitCode);
            Assert.Contains("Harbour at dawn", shown.Output, StringComparison.Ordinal);
            Assert.Contains("Ada Lovelace", shown.Output, StringComparison.Ordinal);
            Assert.Contains("c2pa.thumbnail.claim.jpeg (image/jpeg", shown.Output, StringComparison.Ordinal);
            Assert.Contains("io.augment.watermark.image.1 c0ffee00d00dfeed", shown.Output, StringComparison.Ordinal);
            Assert.Contains("CA.jpg (componentOf, manifest", shown.Output, StringComparison.Ordinal);
            Assert.Equal(1, plain.ExitCode);
            Assert.Equal(0, recovered.ExitCode);
            using var json = JsonDocument.Parse(recovered.Output);
            Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
            Assert.Equal("c0ffee00d00dfeed", json.RootElement.GetProperty("recovered").GetProperty("soft_binding_value").GetString());
            var manifest = json.RootElement.GetProperty("manifests").GetProperty(json.RootElement.GetProperty("active_manifest").GetString()!);
            Assert.Equal(["c2pa.created", "c2pa.watermarked", "c2pa.placed"], manifest.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Sign_with_no_thumbnail_writes_no_thumbnail_and_watermark_is_refused_on_a_file_with_credentials()
    {
        var output = Path.Combine(Path.GetTempPath(), "augment-cred-" + Guid.NewGuid().ToString("N") + ".jpg");
        try
        {
            var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), CredentialsCli.Fixture("no_manifest.jpg"), "--out", output, "--no-thumbnail");
            var shown = await CredentialsCli.RunAsync("credentials", "show", output);
            var refused = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), CredentialsCli.Fixture("C.jpg"), "--out", output + ".2.jpg", "--watermark", "12");

            Assert.Equal(0, signed.ExitCode);
            Assert.DoesNotContain("c2pa.thumbnail", shown.Output, StringComparison.Ordinal);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.False(File.Exists(output + ".2.jpg"));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
