using System.CommandLine;
using System.Globalization;
using Augment.Provenance;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials show &lt;file&gt;</c>: what a file's Content Credentials say, for people: the summary
/// ("captured", "edited by a person", "contains AI-generated parts"), each manifest's signer, generator, actions with
/// their digital source type, and ingredients.
/// </summary>
internal static class CredentialsShowCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = new Argument<string>("file") { Description = "A JPEG, PNG, WAV, WebP or MP4/MOV file, any file with a sidecar <file>.c2pa, or a .c2pa manifest store.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("show", "Shows a file's Content Credentials: summary, signer, actions and ingredients of every manifest.")
        {
            input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(input);
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
            var report = ContentCredentials.Read(path);
            context.Output.WriteLine($"{path}: {report.SummaryLine}");
            foreach (var manifest in report.Manifests)
                context.Console.Write(ManifestTable(manifest, manifest.Label == report.ActiveManifestLabel));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    internal static Table ManifestTable(C2paManifest manifest, bool active)
    {
        var table = new Table().Title(Markup.Escape((active ? "Active manifest " : "Manifest ") + manifest.Label)).AddColumn("Field").AddColumn("Value");
        table.AddRow("Title", Markup.Escape(manifest.Title ?? "-"));
        table.AddRow("Format", Markup.Escape(manifest.Format ?? "-"));
        table.AddRow("Claim", "v" + manifest.ClaimVersion.ToString(CultureInfo.InvariantCulture));
        table.AddRow("Generator", Markup.Escape(manifest.ClaimGenerator ?? string.Join(", ", manifest.ClaimGeneratorInfo)));
        if (manifest.Signature is { } signature)
        {
            table.AddRow("Signed by", Markup.Escape($"{signature.CommonName} ({signature.Issuer}), {signature.Algorithm}"));
            table.AddRow("Signed at", signature.Time is { } time ? time.ToString("u", CultureInfo.InvariantCulture) : "no timestamp");
        }
        for (var i = 0; i < manifest.Actions.Count; i++)
        {
            var action = manifest.Actions[i];
            var detail = action.DigitalSourceTypeName is { } source ? $"{action.Action} [{source}]" : action.Action;
            if (action.SoftwareAgent is { } agent)
                detail += " by " + agent;
            table.AddRow(i == 0 ? "Actions" : "", Markup.Escape(detail));
        }
        for (var i = 0; i < manifest.Ingredients.Count; i++)
        {
            var ingredient = manifest.Ingredients[i];
            var detail = $"{ingredient.Title ?? "?"} ({ingredient.Relationship}{(ingredient.ManifestLabel is null ? ", no manifest" : ", manifest " + ingredient.ManifestLabel)})";
            table.AddRow(i == 0 ? "Ingredients" : "", Markup.Escape(detail));
        }
        if (manifest.Metadata is { } metadata)
        {
            if (metadata.Authors.Count > 0)
                table.AddRow("Authors", Markup.Escape(string.Join(", ", metadata.Authors)));
            if (metadata.Copyright is { } copyright)
                table.AddRow("Copyright", Markup.Escape(copyright));
            if (metadata.Credit is { } credit)
                table.AddRow("Credit", Markup.Escape(credit));
            if (metadata.Url is { } url)
                table.AddRow("Rights URL", Markup.Escape(url.ToString()));
        }
        if (manifest.Thumbnail is { } thumbnail)
            table.AddRow("Thumbnail", Markup.Escape($"{thumbnail.Label} ({thumbnail.Format}, {thumbnail.Data.Length.ToString(CultureInfo.InvariantCulture)} bytes)"));
        foreach (var binding in manifest.SoftBindings)
            table.AddRow("Soft binding", Markup.Escape($"{binding.Algorithm} {binding.ValueHex}"));
        table.AddRow("Assertions", Markup.Escape(string.Join(", ", manifest.AssertionLabels)));
        return table;
    }
}
