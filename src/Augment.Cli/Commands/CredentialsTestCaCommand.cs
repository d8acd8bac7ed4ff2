using System.CommandLine;
using Augment.Provenance;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment credentials test-ca --out &lt;folder&gt; [--algorithm es256|es384|es512|ps256|ps384|ps512]</c>: writes a
/// development root CA and a signing certificate with the C2PA key usages (chain.pem, key.pem, root.pem), ready for
/// <c>credentials sign --cert chain.pem --key key.pem</c> and <c>credentials verify --trust root.pem</c>.
/// </summary>
internal static class CredentialsTestCaCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out") { Description = "Folder for chain.pem, key.pem and root.pem (created when missing; existing files of those names are replaced).", HelpName = "folder", Required = true };
        output.AcceptLegalFilePathsOnly();
        var algorithm = new Option<string>("--algorithm") { Description = "Signing algorithm the key is made for: es256 (default), es384, es512, ps256, ps384, ps512.", DefaultValueFactory = _ => "es256" };
        algorithm.AcceptOnlyFromAmong("es256", "es384", "es512", "ps256", "ps384", "ps512");
        var command = new Command("test-ca", "Makes a development CA and C2PA signing certificate (for tests and trying things out; never for published files).")
        {
            output, algorithm,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetRequiredValue(output);
            var chosen = Enum.Parse<C2paSigningAlgorithm>(parseResult.GetValue(algorithm) ?? "es256", ignoreCase: true);
            var files = DevelopmentCertificates.Create(folder, chosen);
            context.Output.WriteLine($"development CA ({chosen}) written: {files.ChainPath}, {files.KeyPath}, {files.RootPath}");
            context.Output.WriteLine($"sign:   augment credentials sign --cert {files.ChainPath} --key {files.KeyPath} <input> --out <file>");
            context.Output.WriteLine($"verify: augment credentials verify <file> --trust {files.RootPath}");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
