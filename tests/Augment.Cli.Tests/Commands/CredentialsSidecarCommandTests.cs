using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Augment.Cli.Commands;

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

            var signed = await RunAsync("credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), input, "--out", output);
            var verified = await RunAsync("credentials", "verify", output);

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
            string[] sign = ["credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), Fixture(fixture), "--out", output];
            var signed = await RunAsync(sidecar ? [.. sign, "--sidecar"] : sign);
            var verified = await RunAsync("credentials", "verify", output, "--trust", Fixture("certs/es256.pub"), "--json");

            Assert.Equal(0, signed.ExitCode);
            Assert.Equal(sidecar, File.Exists(output + ".c2pa"));
            Assert.Equal(sidecar, File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(Fixture(fixture))));
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
            string[] common = ["credentials", "sign", "--cert", Fixture("certs/es256.pub"), "--key", Fixture("certs/es256.pem"), "--author", "Ada Lovelace", "--ingredient", Fixture("CA.jpg")];
            var webp = Path.Combine(folder, "signed.webp");
            var mp4 = Path.Combine(folder, "signed.mp4");
            var sidecar = Path.Combine(folder, "sidecar.mp4");
            var signedWebp = await RunAsync([.. common, Fixture("lossy.webp"), "--out", webp, "--title", "Harbour at dawn"]);
            var signedMp4 = await RunAsync([.. common, Fixture("video.mp4"), "--out", mp4]);
            var signedSidecar = await RunAsync([.. common, Fixture("video.mp4"), "--out", sidecar, "--sidecar"]);

            Assert.Equal(0, signedWebp.ExitCode);
            Assert.Equal(0, signedMp4.ExitCode);
            Assert.Equal(0, signedSidecar.ExitCode);
            Assert.True(File.Exists(sidecar + ".c2pa"));
            foreach (var (path, thumbnail) in new[] { (webp, true), (mp4, false), (sidecar, false) })
            {
                var shown = await RunAsync("credentials", "show", path);
                var verified = await RunAsync("credentials", "verify", path, "--trust", Fixture("certs/es256.pub"), "--json");
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

    private static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, widthColumns: 240);
        var root = new RootCommand { CredentialsCommand.Create(context) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private static string Fixture(string name, [CallerFilePath] string sourcePath = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Data", "c2pa", name);
        if (File.Exists(copied))
            return copied;
        var directory = Path.GetDirectoryName(sourcePath);
        while (directory is not null)
        {
            var candidate = Path.Combine(directory, "tests", "Augment.Provenance.Tests", "Data", "c2pa", name);
            if (File.Exists(candidate))
                return candidate;
            directory = Path.GetDirectoryName(directory);
        }
        Assert.Skip($"C2PA fixture {name} not found (link tests/Augment.Provenance.Tests/Data/c2pa into this project's output).");
        return "";
    }
}
