using System.CommandLine;
using Augment.Audio;
using Augment.Provenance;
using Augment.Provenance.Watermarks;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials verify &lt;file&gt; [--trust &lt;anchors.pem&gt;] [--json]</c>: validates the C2PA manifest
/// of a JPEG, PNG, WAV, WebP, MP4/MOV or .c2pa file (or of any file through its sidecar <c>&lt;file&gt;.c2pa</c> /
/// <c>&lt;basename&gt;.c2pa</c>) and lists every validation status code. With <c>--repository &lt;folder&gt;</c>, an
/// image or a sound (WAV, MP3, ...) that carries no manifest is searched for Augment's invisible image or audio
/// watermark and its manifest recovered from the folder by its <c>c2pa.soft-binding</c>. Exit code 0 when the state is Valid or Trusted, 1 when it is Invalid or no
/// manifest was found.
/// </summary>
internal static class CredentialsVerifyCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new Option<bool>("--json") { Description = "Print the reference reader's JSON shape (active_manifest, manifests, validation_results, validation_state) instead of a table." };
        var trust = new Option<string?>("--trust") { Description = "PEM file of trust-anchor certificates; without it every signer is reported signingCredential.untrusted.", HelpName = "anchors.pem" };
        trust.AcceptLegalFilePathsOnly();
        var repository = new Option<string?>("--repository") { Description = "A folder of signed files and .c2pa stores: when the file (an image, or a sound such as WAV or MP3) carries no manifest, its image or audio watermark is detected and the manifest with that soft binding is recovered from the folder.", HelpName = "folder" };
        repository.AcceptLegalFilePathsOnly();
        var watermarkKey = new Option<string?>("--watermark-key") { Description = "Secret watermark key used with --repository (as `watermark detect --key`).", HelpName = "hex" };
        var input = new Argument<string>("file") { Description = "A JPEG, PNG, WAV, WebP or MP4/MOV file, any file with a sidecar <file>.c2pa, or a .c2pa manifest store.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("verify", "Validates a file's C2PA Content Credentials: signature, certificate trust, hard binding, assertions, ingredients.")
        {
            json, trust, repository, watermarkKey, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var anchors = parseResult.GetValue(trust);
            if (anchors is not null && !File.Exists(anchors))
                throw new FileNotFoundException($"trust anchors '{anchors}' do not exist.", anchors);
            var options = anchors is null ? CredentialsReadOptions.Default : CredentialsReadOptions.WithTrustAnchorsFrom(anchors);
            var folder = parseResult.GetValue(repository);
            CredentialsReport? report = null;
            try
            {
                report = ContentCredentials.Read(path, options);
            }
            catch (UnsupportedFormatException) when (folder is not null && WatermarkMedia.IsAudio(path))
            {
                // An MP3 (or another sound Augment does not sign into) carries no manifest: only its watermark can lead to one.
            }
            if (report is null || (report.State == CredentialsState.NoManifest && folder is not null))
                report = WatermarkMedia.IsAudio(path)
                    ? RecoverSound(path, folder!, options, parseResult.GetValue(watermarkKey), cancellationToken)
                    : Recover(path, folder!, options, parseResult.GetValue(watermarkKey), cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(report.ToJson());
            }
            else
            {
                context.Output.WriteLine($"{path}: {report.State}: {report.SummaryLine}");
                if (report.StoreSource == ManifestStoreSource.Sidecar)
                    context.Output.WriteLine($"manifest store from sidecar {report.SidecarPath}");
                if (report.State != CredentialsState.NoManifest)
                    context.Console.Write(StatusTable(report));
            }
            return Task.FromResult(report.State is CredentialsState.Valid or CredentialsState.Trusted ? ExitCodes.Success : ExitCodes.Failure);
        });
        return command;
    }

    private static CredentialsReport Recover(string path, string folder, CredentialsReadOptions options, string? keyHex, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"--repository: folder '{folder}' does not exist.");
        ImageFrame frame;
        try
        {
            frame = ImageFile.Load(path);
        }
        catch (AugmentException)
        {
            // Not an image Augment decodes: nothing to detect, so nothing to recover.
            return ContentCredentials.Read(path, options);
        }
        using (frame)
            return ContentCredentials.Recover(frame, new FolderManifestRepository(folder), options, WatermarkCommand.Options(keyHex), cancellationToken);
    }

    /// <summary>Decodes a sound (WAV, MP3, or anything ffmpeg reads), detects the audio watermark and recovers its manifest from <paramref name="folder"/>.</summary>
    private static CredentialsReport RecoverSound(string path, string folder, CredentialsReadOptions options, string? keyHex, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"--repository: folder '{folder}' does not exist.");
        using var sound = AudioFile.Load(path, cancellationToken: cancellationToken);
        if (sound.SampleRate < AudioWatermark.MinimumSampleRate)
            throw new ArgumentException($"--repository: '{path}' is sampled at {sound.SampleRate} Hz; the audio watermark needs at least {AudioWatermark.MinimumSampleRate} Hz.");
        return ContentCredentials.Recover(sound, new FolderManifestRepository(folder), options, WatermarkCommand.AudioOptions(keyHex), cancellationToken);
    }

    /// <summary>One row per status entry of the active manifest and its ingredients.</summary>
    internal static Table StatusTable(CredentialsReport report)
    {
        var table = new Table().Title("C2PA validation").AddColumn("Kind").AddColumn("Code").AddColumn("Where");
        AddRows(table, report.Results, "");
        foreach (var delta in report.IngredientDeltas)
            AddRows(table, delta.Results, "ingredient ");
        return table;
    }

    private static void AddRows(Table table, ValidationResults results, string prefix)
    {
        foreach (var status in results.Success)
            table.AddRow(prefix + "success", Markup.Escape(status.Code), Markup.Escape(Short(status.Url)));
        foreach (var status in results.Informational)
            table.AddRow(prefix + "informational", Markup.Escape(status.Code), Markup.Escape(Short(status.Url)));
        foreach (var status in results.Failure)
            table.AddRow(prefix + "[red]failure[/]", Markup.Escape(status.Code), Markup.Escape(Short(status.Url)));
    }

    /// <summary>The URI after the manifest label (<c>c2pa.assertions/c2pa.hash.data</c>), which is what people read.</summary>
    private static string Short(string? url)
    {
        if (url is null)
            return "";
        var manifestStart = url.IndexOf("/c2pa/", StringComparison.Ordinal);
        if (manifestStart < 0)
            return url;
        var afterLabel = url.IndexOf('/', manifestStart + "/c2pa/".Length);
        return afterLabel < 0 ? "manifest" : url[(afterLabel + 1)..];
    }
}
