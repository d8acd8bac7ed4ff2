using System.CommandLine;
using Augment.Provenance;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials sign --cert &lt;chain.pem&gt; --key &lt;key.pem&gt; &lt;input&gt; --out &lt;file&gt; [--action ...]
/// [--source-type ...] [--sidecar]</c>: signs a C2PA manifest (claim v2, <c>c2pa.actions.v2</c>, <c>c2pa.hash.data</c> or
/// <c>c2pa.hash.bmff.v2</c>) into a copy of a JPEG, PNG, WAV, WebP or MP4/MOV file, or into a sidecar <c>&lt;out&gt;.c2pa</c>
/// (with <c>--sidecar</c>, or automatically for other formats). A file that already carries credentials keeps them: its active manifest becomes
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
        var sidecar = new Option<bool>("--sidecar") { Description = "Leave the asset's bytes alone: copy it to --out and write the manifest store beside it as <out>.c2pa (used automatically for formats Augment does not embed into)." };
        var input = new Argument<string>("input") { Description = "A JPEG, PNG, WAV, WebP or MP4/MOV file (any other file gets a sidecar); credentials it already carries are kept, their active manifest becoming the parent ingredient.", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("sign", "Signs a C2PA manifest with the given actions into a copy of a JPEG, PNG, WAV, WebP or MP4/MOV file, or into a sidecar .c2pa.")
        {
            cert, key, output, actions, sourceType, sidecar, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var source = parseResult.GetValue(sourceType) is { } s ? (s.Contains("://", StringComparison.Ordinal) ? s : IptcPrefix + s) : null;
            var names = parseResult.GetValue(actions) is { Length: > 0 } given ? given : ["c2pa.created"];
            var list = new List<C2paAction>(names.Length);
            foreach (var name in names)
                list.Add(new C2paAction(name, source, "Augment", null, null));
            using var signer = LocalC2paSigner.FromPemFiles(parseResult.GetRequiredValue(cert), parseResult.GetRequiredValue(key));
            var destination = parseResult.GetRequiredValue(output);
            var definition = new ManifestDefinition { Actions = list };
            var toSidecar = parseResult.GetValue(sidecar);
            if (!toSidecar)
            {
                try
                {
                    ContentCredentials.Sign(path, destination, definition, signer);
                }
                catch (UnsupportedFormatException ex)
                {
                    context.Output.WriteLine($"{path}: cannot embed ({ex.Message}); writing a sidecar {destination}.c2pa instead.");
                    toSidecar = true;
                }
            }
            if (toSidecar)
            {
                // Signed from the input, so that the input's own credentials (embedded or its sidecar) become the parent.
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
                ContentCredentials.SignSidecar(path, destination + ".c2pa", definition with { Title = Path.GetFileName(destination) }, signer);
                if (!string.Equals(Path.GetFullPath(path), Path.GetFullPath(destination), StringComparison.Ordinal))
                    File.Copy(path, destination, overwrite: true);
            }
            var report = ContentCredentials.Read(destination);
            context.Output.WriteLine($"{destination}: signed ({signer.Algorithm}); {report.SummaryLine}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
