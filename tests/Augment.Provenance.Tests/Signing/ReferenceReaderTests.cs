using System.Diagnostics;
using System.Text.Json;

namespace Augment.Provenance.Tests.Signing;

/// <summary>
/// Files Augment signs must read as Valid, with the same actions, in the C2PA reference implementation
/// (@contentauth/c2pa-node 0.5.5). Runs when <c>node</c> is on PATH and <c>AUGMENT_C2PA_NODE_MODULES</c> names a
/// folder whose <c>node_modules</c> holds that package (install with <c>npm install --ignore-scripts
/// @contentauth/c2pa-node@0.5.5</c>); skipped with the reason otherwise.
/// </summary>
public class ReferenceReaderTests
{
    [Fact]
    public async Task Augment_signed_jpeg_png_and_wav_read_as_valid_with_the_same_actions_in_the_reference_reader()
    {
        var modules = Environment.GetEnvironmentVariable("AUGMENT_C2PA_NODE_MODULES");
        if (string.IsNullOrEmpty(modules) || !Directory.Exists(Path.Combine(modules, "node_modules", "@contentauth", "c2pa-node")))
            Assert.Skip("AUGMENT_C2PA_NODE_MODULES does not point at an install of @contentauth/c2pa-node@0.5.5.");
        var node = FindOnPath("node");
        if (node is null)
            Assert.Skip("node is not on PATH.");

        using var folder = new TempDirectory();
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        var definition = new ManifestDefinition
        {
            Actions =
            [
                new C2paAction("c2pa.created", "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", null, null, null),
                new C2paAction("c2pa.color_adjustments", null, "Augment", null, null),
            ],
        };
        var big = definition with { Actions = [.. definition.Actions, new C2paAction("c2pa.edited", null, null, null, new string('x', 150_000))] };
        var files = new List<(string Path, ManifestDefinition Definition)>
        {
            (Sign("no_manifest.jpg", "signed.jpg", definition), definition),
            (Sign("libpng-test.png", "signed.png", definition), definition),
            (Sign("no_manifest.jpg", "split.jpg", big), big),
        };
        var wav = Fixtures.Bytes("signed_es256.wav");
        var plain = wav[..(int)(Augment.Provenance.Containers.ManifestLocator.Locate(wav, "w").StoreOffset - 8)];
        BitConverter.TryWriteBytes(plain.AsSpan(4), (uint)(plain.Length - 8));
        File.WriteAllBytes(Path.Combine(folder.Path, "plain.wav"), plain);
        var wavOut = Path.Combine(folder.Path, "signed.wav");
        ContentCredentials.Sign(Path.Combine(folder.Path, "plain.wav"), wavOut, definition, signer);
        files.Add((wavOut, definition));
        // Re-signing: the previous manifest (Augment's, or the reference's own fixtures') becomes the parent ingredient.
        var edit = new ManifestDefinition { Actions = [new C2paAction("c2pa.color_adjustments", null, null, null, null)] };
        var opened = edit with { Actions = [new C2paAction("c2pa.opened", null, null, null, null), .. edit.Actions] };
        foreach (var (input, name) in new[] { (files[0].Path, "resigned.jpg"), (Fixtures.Path_("CA.jpg"), "resigned-ca.jpg"), (Fixtures.Path_("signed_es256.png"), "resigned.png"), (wavOut, "resigned.wav") })
        {
            var path = Path.Combine(folder.Path, name);
            ContentCredentials.Sign(input, path, edit, signer);
            files.Add((path, opened));
        }

        var start = new ProcessStartInfo(node!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "c2pa-node-read.js"));
        foreach (var (path, _) in files)
            start.ArgumentList.Add(path);
        start.Environment["NODE_PATH"] = Path.Combine(modules!, "node_modules");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Count, lines.Length);
        for (var i = 0; i < files.Count; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            Assert.False(root.TryGetProperty("error", out var error), $"{files[i].Path}: {error}");
            Assert.Equal("Valid", root.GetProperty("state").GetString());
            Assert.Equal(["signingCredential.untrusted"], root.GetProperty("failure").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(files[i].Definition.Actions.Select(a => a.Action), root.GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        }

        string Sign(string input, string name, ManifestDefinition manifest)
        {
            var path = Path.Combine(folder.Path, name);
            ContentCredentials.Sign(Fixtures.Path_(input), path, manifest, signer);
            return path;
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
