using System.CommandLine;
using Augment.Provenance;
using Augment.Provenance.Watermarks;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials sign --cert &lt;chain.pem&gt; --key &lt;key.pem&gt; &lt;input&gt; --out &lt;file&gt; [--action ...]
/// [--source-type ...] [--title ...] [--author ...] [--ingredient &lt;file&gt;] [--watermark &lt;hex&gt;] [--no-thumbnail]</c>:
/// signs a C2PA manifest (claim v2, <c>c2pa.actions.v2</c>, <c>c2pa.hash.data</c>, a JPEG claim thumbnail of image
/// inputs, <c>cawg.metadata</c> authorship, componentOf ingredients, a <c>c2pa.soft-binding</c> for the watermark) into
/// a copy of a JPEG, PNG or WAV file. A file that already carries credentials keeps them: its active manifest becomes
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
        var watermark = new Option<string?>("--watermark") { Description = "Embed an invisible 64-bit image watermark (1 to 16 hex digits) before signing and record it as a c2pa.soft-binding, so that `credentials verify --repository` can recover the manifest after metadata is stripped. JPEG and PNG inputs without credentials only.", HelpName = "hex" };
        var noThumbnail = new Option<bool>("--no-thumbnail") { Description = "Do not embed a claim thumbnail (by default image inputs get a JPEG one, longer side 1024 pixels)." };
        var watermarkKey = new Option<string?>("--watermark-key") { Description = "Secret watermark key for --watermark, 1 to 16 hexadecimal digits (as `watermark embed --key`). Default: the public default key.", HelpName = "hex" };
        var input = new Argument<string>("input") { Description = "A JPEG, PNG or WAV file; credentials it already carries are kept, their active manifest becoming the parent ingredient.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("sign", "Signs a C2PA manifest with the given actions into a copy of a JPEG, PNG or WAV file.")
        {
            cert, key, output, actions, sourceType, title, authors, ingredients, watermark, noThumbnail, watermarkKey, input,
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
            var asset = File.ReadAllBytes(path);
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
                if (!CredentialsImages.IsImage(asset))
                    throw new ArgumentException($"--watermark: '{path}' is not a JPEG or PNG image.");
                if (ContentCredentials.Read(asset, Path.GetFileName(path)).State != CredentialsState.NoManifest)
                    throw new ArgumentException($"--watermark: '{path}' already carries Content Credentials, which re-encoding the pixels would break; watermark the file before it is first signed.");
                asset = CredentialsImages.Watermark(asset, Path.GetFileName(path), payload, WatermarkKey(parseResult.GetValue(watermarkKey)));
                list.Add(new C2paAction(C2paActions.Watermarked, null, "Augment", null, null));
                definition = definition with { SoftBindings = [new C2paSoftBinding(ImageWatermark.AlgorithmName, payload.ToBytes())] };
            }
            if (!parseResult.GetValue(noThumbnail) && CredentialsImages.IsImage(asset))
                definition = definition with { Thumbnail = ManifestThumbnail.Jpeg(CredentialsImages.Thumbnail(asset)) };
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
            var signed = ContentCredentials.Sign(asset, definition, signer, Path.GetFileName(path));
            AtomicFile.WriteAllBytes(destination, signed);
            var report = ContentCredentials.Read(signed, Path.GetFileName(destination));
            context.Output.WriteLine($"{destination}: signed ({signer.Algorithm}); {report.SummaryLine}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
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
