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
