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

        var results = await ReadWithReference(node, modules, [richPath, stampedPath, compositePath, resignedPath]);

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

    private static async Task<List<JsonElement>> ReadWithReference(string node, string modules, IReadOnlyList<string> paths)
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
