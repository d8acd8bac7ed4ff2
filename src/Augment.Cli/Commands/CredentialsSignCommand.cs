using System.CommandLine;
using Augment.Provenance;
using Augment.Provenance.Watermarks;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials sign --cert &lt;chain.pem&gt; --key &lt;key.pem&gt; &lt;input&gt; --out &lt;file&gt; [--action ...]
/// [--source-type ...] [--title ...] [--author ...] [--ingredient &lt;file&gt;] [--watermark &lt;hex&gt;] [--no-thumbnail]
/// [--sidecar]</c>: signs a C2PA manifest (claim v2, <c>c2pa.actions.v2</c>, <c>c2pa.hash.data</c> or
/// <c>c2pa.hash.bmff.v2</c>, a JPEG claim thumbnail of image inputs, <c>cawg.metadata</c> authorship, componentOf
/// ingredients, a <c>c2pa.soft-binding</c> for the image or audio watermark) into a copy of a JPEG, PNG, WAV, WebP or MP4/MOV file,
/// or into a sidecar <c>&lt;out&gt;.c2pa</c> (with <c>--sidecar</c>, or automatically for other formats). A file that
/// already carries credentials keeps them: its active manifest becomes
/// the new manifest's parentOf ingredient, opened by a <c>c2pa.opened</c> action.
/// </summary>
internal static class CredentialsSignCommand
{
    private const string IptcPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cert = new Option<string>("--cert") { Description = "PEM certificate chain, signer first (it needs the emailProtection or documentSigning EKU).", HelpName = "chain.pem", Required = true };
        cert.AcceptLegalFilePathsOnly();
        var key = new Option<string>("--key") { Description = "PEM private key of the signer (ECDSA P-256/384/521 or RSA, which signs PS256).", HelpName = "key.pem", Required = true };
        key.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out") { Description = "Where the signed copy goes.", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var actions = new Option<string[]>("--action") { Description = "A C2PA action (repeatable), e.g. c2pa.created, c2pa.edited, c2pa.color_adjustments; default c2pa.created.", AllowMultipleArgumentsPerToken = false };
        var sourceType = new Option<string?>("--source-type") { Description = "IPTC digital source type of the actions: a name (digitalCapture, trainedAlgorithmicMedia, compositeWithTrainedAlgorithmicMedia, ...) or a full URI." };
        var title = new Option<string?>("--title") { Description = "The asset's title (default: the output file name)." };
        var authors = new Option<string[]>("--author") { Description = "An author's name (repeatable), written as dc:creator in a cawg.metadata assertion.", AllowMultipleArgumentsPerToken = false };
        var ingredients = new Option<string[]>("--ingredient") { Description = "A file placed into this one (repeatable): a componentOf ingredient, its own credentials carried over, referenced by a c2pa.placed action.", HelpName = "file", AllowMultipleArgumentsPerToken = false };
        var watermark = new Option<string?>("--watermark") { Description = "Embed an invisible 64-bit watermark (1 to 16 hex digits) before signing and record it as a c2pa.soft-binding, so that `credentials verify --repository` can recover the manifest after metadata is stripped: the image watermark in a JPEG or PNG, the audio watermark in a WAV (at least 16 kHz and 8.04 s). Inputs without credentials only.", HelpName = "hex" };
        var noThumbnail = new Option<bool>("--no-thumbnail") { Description = "Do not embed a claim thumbnail (by default image inputs get a JPEG one, longer side 1024 pixels)." };
        var watermarkKey = new Option<string?>("--watermark-key") { Description = "Secret watermark key for --watermark, 1 to 16 hexadecimal digits (as `watermark embed --key`). Default: the public default key.", HelpName = "hex" };
        var sidecar = new Option<bool>("--sidecar") { Description = "Leave the asset's bytes alone: copy it to --out and write the manifest store beside it as <out>.c2pa (used automatically for formats Augment does not embed into)." };
        var input = new Argument<string>("input") { Description = "A JPEG, PNG, WAV, WebP or MP4/MOV file (any other file gets a sidecar); credentials it already carries are kept, their active manifest becoming the parent ingredient.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("sign", "Signs a C2PA manifest with the given actions into a copy of a JPEG, PNG, WAV, WebP or MP4/MOV file, or into a sidecar .c2pa.")
        {
            cert, key, output, actions, sourceType, title, authors, ingredients, watermark, noThumbnail, watermarkKey, sidecar, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var source = parseResult.GetValue(sourceType) is { } s ? (s.Contains("://", StringComparison.Ordinal) ? s : IptcPrefix + s) : null;
            var names = parseResult.GetValue(actions) is { Length: > 0 } given ? given : ["c2pa.created"];
            var list = new List<C2paAction>(names.Length + 1);
            foreach (var name in names)
                list.Add(new C2paAction(name, source, "Augment", null, null));
            var destination = parseResult.GetRequiredValue(output);
            var assetName = Path.GetFileName(path);
            // Only the header decides what applies; the whole file is read only when its pixels are needed (a video can be large).
            var header = ReadHeader(path);
            byte[]? modified = null;
            var definition = new ManifestDefinition { Title = parseResult.GetValue(title) ?? Path.GetFileName(destination) };

            if (parseResult.GetValue(watermark) is { } hex)
            {
                WatermarkPayload payload;
                try
                {
                    payload = WatermarkPayload.FromHex(hex);
                }
                catch (FormatException ex)
                {
                    throw new ArgumentException("--watermark: " + ex.Message, ex);
                }
                var sound = CredentialsAudio.IsWav(header);
                if (!sound && !CredentialsImages.IsImage(header))
                    throw new ArgumentException($"--watermark: '{path}' is not a JPEG or PNG image or a WAV sound.");
                var original = File.ReadAllBytes(path);
                if (ContentCredentials.Read(path).State != CredentialsState.NoManifest)
                    throw new ArgumentException($"--watermark: '{path}' already carries Content Credentials, which re-encoding the {(sound ? "samples" : "pixels")} would break; watermark the file before it is first signed.");
                modified = sound
                    ? CredentialsAudio.Watermark(original, assetName, payload, AudioWatermarkKey(parseResult.GetValue(watermarkKey)), cancellationToken)
                    : CredentialsImages.Watermark(original, assetName, payload, WatermarkKey(parseResult.GetValue(watermarkKey)));
                list.Add(new C2paAction(C2paActions.Watermarked, null, "Augment", null, null));
                var algorithm = sound ? AudioWatermark.AlgorithmName : ImageWatermark.AlgorithmName;
                definition = definition with { SoftBindings = [new C2paSoftBinding(algorithm, payload.ToBytes())] };
            }
            if (!parseResult.GetValue(noThumbnail) && CredentialsImages.CanThumbnail(header))
                definition = definition with { Thumbnail = ManifestThumbnail.Jpeg(CredentialsImages.Thumbnail(modified ?? File.ReadAllBytes(path))) };
            if (parseResult.GetValue(authors) is { Length: > 0 } people)
                definition = definition with { Metadata = new ManifestMetadata { Authors = people } };
            if (parseResult.GetValue(ingredients) is { Length: > 0 } files)
            {
                var parts = new List<ManifestIngredient>(files.Length);
                foreach (var file in files)
                {
                    if (!File.Exists(file))
                        throw new FileNotFoundException($"ingredient '{file}' does not exist.", file);
                    parts.Add(ManifestIngredient.FromFile(file));
                }
                definition = definition with { Ingredients = parts };
            }
            definition = definition with { Actions = list };

            using var signer = LocalC2paSigner.FromPemFiles(parseResult.GetRequiredValue(cert), parseResult.GetRequiredValue(key));
            var toSidecar = parseResult.GetValue(sidecar);
            if (!toSidecar)
            {
                try
                {
                    if (modified is null)
                        ContentCredentials.Sign(path, destination, definition, signer);
                    else
                        AtomicFile.WriteAllBytes(destination, ContentCredentials.Sign(modified, definition, signer, assetName));
                }
                catch (UnsupportedFormatException ex)
                {
                    context.Output.WriteLine($"{path}: cannot embed ({ex.Message}); writing a sidecar {destination}.c2pa instead.");
                    toSidecar = true;
                }
            }
            if (toSidecar)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
                if (modified is null)
                {
                    // Signed from the input, so that the input's own credentials (embedded or its sidecar) become the parent.
                    ContentCredentials.SignSidecar(path, destination + ".c2pa", definition, signer);
                    if (!string.Equals(Path.GetFullPath(path), Path.GetFullPath(destination), StringComparison.Ordinal))
                        File.Copy(path, destination, overwrite: true);
                }
                else
                {
                    // A watermarked input had no credentials (checked above): the store covers the re-encoded pixels.
                    var store = ContentCredentials.SignSidecar(modified, definition, signer, null, assetName);
                    AtomicFile.WriteAllBytes(destination, modified);
                    AtomicFile.WriteAllBytes(destination + ".c2pa", store);
                }
            }
            var report = ContentCredentials.Read(destination);
            context.Output.WriteLine($"{destination}: signed ({signer.Algorithm}); {report.SummaryLine}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The first bytes of the file, enough to tell JPEG, PNG and WebP apart.</summary>
    private static byte[] ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[16];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return header[..read];
    }

    private static AudioWatermarkOptions AudioWatermarkKey(string? hex)
    {
        try
        {
            return WatermarkCommand.AudioOptions(hex);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("--watermark-key: " + ex.Message, ex);
        }
    }

    private static ImageWatermarkOptions WatermarkKey(string? hex)
    {
        try
        {
            return WatermarkCommand.Options(hex);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("--watermark-key: " + ex.Message, ex);
        }
    }
}
