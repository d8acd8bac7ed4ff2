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
    public async Task Soft_binding_thumbnail_metadata_ingredients_and_timestamp_read_as_valid_in_the_reference_reader()
    {
        var (node, modules) = Peer();
        using var folder = new TempDirectory();
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        using var tsa = new TestTimestampAuthority();
        var created = new C2paAction(C2paActions.Created, DigitalSourceType.DigitalCapture, "Augment", null, null);
        var thumbnail = ManifestContentTests.JpegThumbnail();
        var rich = new ManifestDefinition
        {
            Actions = [created],
            SoftBindings = [new C2paSoftBinding(Augment.Provenance.Watermarks.ImageWatermark.AlgorithmName, Convert.FromHexString("0123456789abcdef"))],
            Thumbnail = ManifestThumbnail.Jpeg(thumbnail),
            Metadata = new ManifestMetadata { Authors = ["Ada Lovelace"], Copyright = "(c) 2026 Augment", Credit = "Augment tests", Url = new Uri("https://example.com/rights") },
        };
        var richPath = Path.Combine(folder.Path, "rich.jpg");
        ContentCredentials.Sign(Fixtures.Path_("no_manifest.jpg"), richPath, rich, signer);
        var stampedPath = Path.Combine(folder.Path, "stamped.jpg");
        ContentCredentials.Sign(Fixtures.Path_("no_manifest.jpg"), stampedPath, new ManifestDefinition { Actions = [created], TimestampAuthority = tsa }, signer);
        // componentOf: an Augment-signed JPEG, the reference's own CA.jpg, and a file without credentials.
        var composite = new ManifestDefinition
        {
            Actions = [new C2paAction(C2paActions.Created, DigitalSourceType.CompositeWithTrainedAlgorithmicMedia, null, null, null)],
            Ingredients =
            [
                ManifestIngredient.FromFile(richPath),
                ManifestIngredient.FromFile(Fixtures.Path_("CA.jpg")),
                ManifestIngredient.FromFile(Fixtures.Path_("libpng-test.png"), IngredientRelationship.InputTo),
            ],
        };
        var compositePath = Path.Combine(folder.Path, "composite.png");
        ContentCredentials.Sign(Fixtures.Path_("libpng-test.png"), compositePath, composite, signer);
        // Re-signing a file that has both a parent and a component.
        var resignedPath = Path.Combine(folder.Path, "resigned.png");
        ContentCredential.For(compositePath).Action(C2paActions.ColorAdjusted).Ingredient(stampedPath).SignTo(resignedPath, signer);

        // A WAV carrying the audio watermark, signed with its soft binding (io.augment.watermark.audio.1).
        var payload = Augment.Provenance.Watermarks.WatermarkPayload.FromHex("a0d10c0ffee0beef");
        using (var tone = Watermarks.AudioWatermarkSignals.Music(9, 16_000, 1, seed: 2))
        using (var marked = Augment.Provenance.Watermarks.AudioWatermark.Embed(tone, payload))
            Watermarks.AudioWatermarkSignals.WriteFloatWav(marked, Path.Combine(folder.Path, "marked.wav"));
        var audioPath = Path.Combine(folder.Path, "voice.wav");
        ContentCredential.For(Path.Combine(folder.Path, "marked.wav")).Action(C2paActions.Created, DigitalSourceType.DigitalCapture)
            .Action(C2paActions.Watermarked).AudioWatermark(payload).SignTo(audioPath, signer);

        var results = await ReadWithReference(node, modules, [richPath, stampedPath, compositePath, resignedPath, audioPath]);

        foreach (var root in results)
        {
            Assert.False(root.TryGetProperty("error", out var error), error.ToString());
            Assert.True("Valid" == root.GetProperty("state").GetString(), root.ToString());
            Assert.Equal(["signingCredential.untrusted"], root.GetProperty("failure").EnumerateArray().Select(e => e.GetString()));
        }
        var richLabels = results[0].GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("c2pa.soft-binding", richLabels);
        Assert.Contains("cawg.metadata", richLabels);
        Assert.Equal("image/jpeg", results[0].GetProperty("thumbnail").GetString());
        Assert.Contains("timeStamp.validated", results[1].GetProperty("success").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["c2pa.created", "c2pa.placed", "c2pa.placed"], results[2].GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["componentOf", "componentOf", "inputTo"], results[2].GetProperty("ingredients").EnumerateArray().Select(e => e.GetProperty("relationship").GetString()));
        Assert.Equal(["c2pa.opened", "c2pa.color_adjustments", "c2pa.placed"], results[3].GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["parentOf", "componentOf"], results[3].GetProperty("ingredients").EnumerateArray().Select(e => e.GetProperty("relationship").GetString()));
        Assert.Equal(["c2pa.created", "c2pa.watermarked"], results[4].GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("c2pa.soft-binding", results[4].GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("assertion.dataHash.match", results[4].GetProperty("success").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Augment_signed_webp_mp4_and_sidecars_read_as_valid_with_the_same_actions_and_codes_in_the_reference_reader()
    {
        var (node, modules) = Peer();
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

        var results = await ReadWithReference(node, modules, [.. cases.Select(c => c.Argument)]);

        for (var i = 0; i < cases.Count; i++)
        {
            var root = results[i];
            var (_, asset, sidecar, manifest) = cases[i];
            Assert.False(root.TryGetProperty("error", out var error), $"{asset}: {error}");
            Assert.True("Valid" == root.GetProperty("state").GetString(), $"{asset}: {root}");
            Assert.Equal(["signingCredential.untrusted"], root.GetProperty("failure").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(manifest.Actions.Select(a => a.Action), root.GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
            // The same success codes (as a multiset) in Augment's own reading of the file.
            var ours = sidecar is null ? ContentCredentials.Read(asset) : ContentCredentials.Read(asset, sidecar);
            Assert.Equal(root.GetProperty("success").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
                ours.Results.Success.Select(s => s.Code).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Soft_binding_thumbnail_and_metadata_signed_into_mp4_webp_and_a_sidecar_read_as_valid_in_the_reference_reader()
    {
        var (node, modules) = Peer();
        using var folder = new TempDirectory();
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        using var tsa = new TestTimestampAuthority();
        var rich = new ManifestDefinition
        {
            Actions = [new C2paAction(C2paActions.Created, DigitalSourceType.DigitalCapture, "Augment", null, null)],
            SoftBindings = [new C2paSoftBinding(Augment.Provenance.Watermarks.ImageWatermark.AlgorithmName, Convert.FromHexString("0123456789abcdef"))],
            Thumbnail = ManifestThumbnail.Jpeg(ManifestContentTests.JpegThumbnail()),
            Metadata = new ManifestMetadata { Authors = ["Ada Lovelace"], Copyright = "(c) 2026 Augment" },
            TimestampAuthority = tsa,
        };
        var paths = new List<string>();
        foreach (var (input, name) in new[] { ("video.mp4", "rich.mp4"), ("video.mov", "rich.mov"), ("lossy.webp", "rich.webp"), ("alpha.webp", "rich-alpha.webp") })
        {
            var path = Path.Combine(folder.Path, name);
            ContentCredentials.Sign(Fixtures.Path_(input), path, rich, signer);
            paths.Add(path);
        }
        // Re-signing the rich MP4 with a componentOf ingredient: its manifest is the parent, the WebP's is carried over.
        var composite = Path.Combine(folder.Path, "composite.mp4");
        ContentCredential.For(paths[0]).Action(C2paActions.ColorAdjusted).Ingredient(paths[2]).SignTo(composite, signer);
        paths.Add(composite);
        var sidecarAsset = Path.Combine(folder.Path, "rich-sidecar.mp4");
        File.Copy(Fixtures.Path_("video.mp4"), sidecarAsset);
        ContentCredentials.SignSidecar(sidecarAsset, sidecarAsset + ".c2pa", rich, signer);
        paths.Add(sidecarAsset + "+" + sidecarAsset + ".c2pa");

        var results = await ReadWithReference(node, modules, paths);

        for (var i = 0; i < results.Count; i++)
        {
            var root = results[i];
            Assert.False(root.TryGetProperty("error", out var error), $"{paths[i]}: {error}");
            Assert.True("Valid" == root.GetProperty("state").GetString(), $"{paths[i]}: {root}");
            Assert.Equal(["signingCredential.untrusted"], root.GetProperty("failure").EnumerateArray().Select(e => e.GetString()));
            if (i == 4)
                continue;
            var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("c2pa.soft-binding", labels);
            Assert.Contains("cawg.metadata", labels);
            Assert.Equal("image/jpeg", root.GetProperty("thumbnail").GetString());
            var success = root.GetProperty("success").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Contains("timeStamp.validated", success);
            // The reference checked the hard binding of each container kind (its assertion list hides hash assertions).
            Assert.Contains(i is 0 or 1 ? "assertion.bmffHash.match" : "assertion.dataHash.match", success);
            // Augment's own reading agrees on the soft binding.
            var ours = i == 5 ? ContentCredentials.Read(sidecarAsset, sidecarAsset + ".c2pa") : ContentCredentials.Read(paths[i]);
            Assert.Equal(CredentialsState.Valid, ours.State);
            Assert.Equal(rich.SoftBindings[0], Assert.Single(ours.ActiveManifest!.SoftBindings));
        }
        Assert.Equal(["c2pa.opened", "c2pa.color_adjustments", "c2pa.placed"], results[4].GetProperty("actions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["parentOf", "componentOf"], results[4].GetProperty("ingredients").EnumerateArray().Select(e => e.GetProperty("relationship").GetString()));
    }

    private static (string Node, string Modules) Peer()
    {
        var modules = Environment.GetEnvironmentVariable("AUGMENT_C2PA_NODE_MODULES");
        if (string.IsNullOrEmpty(modules) || !Directory.Exists(Path.Combine(modules, "node_modules", "@contentauth", "c2pa-node")))
            Assert.Skip("AUGMENT_C2PA_NODE_MODULES does not point at an install of @contentauth/c2pa-node@0.5.5.");
        var node = FindOnPath("node");
        if (node is null)
            Assert.Skip("node is not on PATH.");
        return (node!, modules!);
    }

    private static async Task<List<JsonElement>> ReadWithReference(string node, string modules, List<string> paths)
    {
        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Peers", "c2pa-node-read.js"));
        foreach (var path in paths)
            start.ArgumentList.Add(path);
        start.Environment["NODE_PATH"] = Path.Combine(modules, "node_modules");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(paths.Count, lines.Length);
        var list = new List<JsonElement>();
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            list.Add(json.RootElement.Clone());
        }
        return list;
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
