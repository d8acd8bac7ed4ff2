using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

/// <summary><c>augment credentials sign ... --sidecar</c>, the automatic sidecar for formats Augment does not embed into,
/// and <c>verify</c> finding <c>&lt;file&gt;.c2pa</c>; plus MP4 and WebP signed in place.</summary>
public class CredentialsSidecarCommandTests
{
    [Fact]
    public async Task Unknown_format_is_signed_into_a_sidecar_with_a_message_and_verify_finds_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-sidecar-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            var input = Path.Combine(folder, "notes.bin");
            File.WriteAllBytes(input, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            var output = Path.Combine(folder, "out", "notes.bin");

            var signed = await CredentialsCli.RunAsync("credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), input, "--out", output);
            var verified = await CredentialsCli.RunAsync("credentials", "verify", output);

            Assert.Equal(0, signed.ExitCode);
            Assert.Contains("writing a sidecar", signed.Output, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(input), File.ReadAllBytes(output));
            Assert.True(File.Exists(output + ".c2pa"));
            Assert.Equal(0, verified.ExitCode);
            Assert.Contains("manifest store from sidecar", verified.Output, StringComparison.Ordinal);
            Assert.Contains("assertion.dataHash.match", verified.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("video.mp4", "assertion.bmffHash.match", false)]
    [InlineData("alpha.webp", "assertion.dataHash.match", false)]
    [InlineData("video.mp4", "assertion.dataHash.match", true)]
    public async Task Mp4_and_webp_sign_in_place_or_into_a_sidecar_on_request(string fixture, string hashCode, bool sidecar)
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-sidecar-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            var output = Path.Combine(folder, "signed-" + fixture);
            string[] sign = ["credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), CredentialsCli.Fixture(fixture), "--out", output];
            var signed = await CredentialsCli.RunAsync(sidecar ? [.. sign, "--sidecar"] : sign);
            var verified = await CredentialsCli.RunAsync("credentials", "verify", output, "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");

            Assert.Equal(0, signed.ExitCode);
            Assert.Equal(sidecar, File.Exists(output + ".c2pa"));
            Assert.Equal(sidecar, File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(CredentialsCli.Fixture(fixture))));
            using var json = JsonDocument.Parse(verified.Output);
            Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
            var success = json.RootElement.GetProperty("validation_results").GetProperty("activeManifest").GetProperty("success");
            Assert.Contains(success.EnumerateArray(), e => e.GetProperty("code").GetString() == hashCode);
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Webp_gets_a_thumbnail_and_mp4_and_its_sidecar_carry_authors_and_ingredients()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-sidecar-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(folder);
            string[] common = ["credentials", "sign", "--cert", CredentialsCli.Fixture("certs/es256.pub"), "--key", CredentialsCli.Fixture("certs/es256.pem"), "--author", "Ada Lovelace", "--ingredient", CredentialsCli.Fixture("CA.jpg")];
            var webp = Path.Combine(folder, "signed.webp");
            var mp4 = Path.Combine(folder, "signed.mp4");
            var sidecar = Path.Combine(folder, "sidecar.mp4");
            var signedWebp = await CredentialsCli.RunAsync([.. common, CredentialsCli.Fixture("lossy.webp"), "--out", webp, "--title", "Harbour at dawn"]);
            var signedMp4 = await CredentialsCli.RunAsync([.. common, CredentialsCli.Fixture("video.mp4"), "--out", mp4]);
            var signedSidecar = await CredentialsCli.RunAsync([.. common, CredentialsCli.Fixture("video.mp4"), "--out", sidecar, "--sidecar"]);

            Assert.Equal(0, signedWebp.ExitCode);
            Assert.Equal(0, signedMp4.ExitCode);
            Assert.Equal(0, signedSidecar.ExitCode);
            Assert.True(File.Exists(sidecar + ".c2pa"));
            foreach (var (path, thumbnail) in new[] { (webp, true), (mp4, false), (sidecar, false) })
            {
                var shown = await CredentialsCli.RunAsync("credentials", "show", path);
                var verified = await CredentialsCli.RunAsync("credentials", "verify", path, "--trust", CredentialsCli.Fixture("certs/es256.pub"), "--json");
                Assert.Contains("Ada Lovelace", shown.Output, StringComparison.Ordinal);
                Assert.Contains("CA.jpg (componentOf, manifest", shown.Output, StringComparison.Ordinal);
                using var json = JsonDocument.Parse(verified.Output);
                Assert.Equal("Trusted", json.RootElement.GetProperty("validation_state").GetString());
                // Claim thumbnails come from images Augment decodes; a video gets none (CA.jpg's own manifest has one).
                var active = json.RootElement.GetProperty("manifests").GetProperty(json.RootElement.GetProperty("active_manifest").GetString()!);
                Assert.Equal(thumbnail, active.TryGetProperty("thumbnail", out _));
            }
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}
