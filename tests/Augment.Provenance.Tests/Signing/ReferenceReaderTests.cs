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

    [Fact]
    public async Task Augment_signed_webp_mp4_and_sidecars_read_as_valid_with_the_same_actions_and_codes_in_the_reference_reader()
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
        var edit = new ManifestDefinition { Actions = [new C2paAction("c2pa.opened", null, null, null, null), new C2paAction("c2pa.edited", null, null, null, null)] };
        // (argument for the peer script, asset, sidecar or null, expected actions)
        var cases = new List<(string Argument, string Asset, string? Sidecar, ManifestDefinition Definition)>();
        foreach (var (input, name, manifest) in new[]
        {
            ("lossy.webp", "lossy.webp", definition), ("lossless.webp", "lossless.webp", definition), ("alpha.webp", "alpha.webp", definition),
            ("video.mp4", "video.mp4", definition), ("video_faststart.mp4", "faststart.mp4", definition), ("video.mov", "video.mov", definition),
            ("signed_es256.mp4", "resigned.mp4", edit), ("signed_es256.webp", "resigned.webp", edit),
        })
        {
            var path = Path.Combine(folder.Path, name);
            ContentCredentials.Sign(Fixtures.Path_(input), path, manifest, signer);
            cases.Add((path, path, null, manifest));
        }
        foreach (var (input, name) in new[] { ("no_manifest.jpg", "sidecar.jpg"), ("video.mp4", "sidecar.mp4") })
        {
            var asset = Path.Combine(folder.Path, name);
            File.Copy(Fixtures.Path_(input), asset);
            ContentCredentials.SignSidecar(asset, asset + ".c2pa", definition, signer);
            cases.Add((asset + "+" + asset + ".c2pa", asset, asset + ".c2pa", definition));
        }
        // Re-signing through a sidecar: the previous sidecar's manifest becomes the parent ingredient.
        var resignedAsset = Path.Combine(folder.Path, "resigned-sidecar.png");
        File.Copy(Fixtures.Path_("libpng-test.png"), resignedAsset);
        ContentCredentials.SignSidecar(resignedAsset, resignedAsset + ".c2pa", definition, signer);
        ContentCredentials.SignSidecar(resignedAsset, resignedAsset + ".c2pa", edit, signer);
        cases.Add((resignedAsset + "+" + resignedAsset + ".c2pa", resignedAsset, resignedAsset + ".c2pa", edit));

        var start = new ProcessStartInfo(node!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "c2pa-node-read.js"));
        foreach (var c in cases)
            start.ArgumentList.Add(c.Argument);
        start.Environment["NODE_PATH"] = Path.Combine(modules!, "node_modules");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, lines.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var root = json.RootElement;
            var (_, asset, sidecar, manifest) = cases[i];
            Assert.False(root.TryGetProperty("error", out var error), $"{asset}: {error}");
            Assert.True("Valid" == root.GetProperty("state").GetString(), $"{asset}: {lines[i]}");
            Assert.Equal(["signingCredential.untrusted"], root.GetProperty("failure").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(manifest.Actions.Select(a => a.Action), root.GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
            // The same success codes (as a multiset) in Augment's own reading of the file.
            var ours = sidecar is null ? ContentCredentials.Read(asset) : ContentCredentials.Read(asset, sidecar);
            Assert.Equal(root.GetProperty("success").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
                ours.Results.Success.Select(s => s.Code).Order(StringComparer.Ordinal));
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
