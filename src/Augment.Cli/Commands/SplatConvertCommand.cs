using System.CommandLine;
using System.Globalization;
using Augment.Splat;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat convert &lt;in&gt; &lt;out&gt; [--ascii]</c>: reads any splat format Augment reads (detected from the
/// content) and writes the format the output's extension names (.ply, .splat, .spz, .compressed.ply, .sog), atomically.
/// </summary>
internal static class SplatConvertCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ascii = new Option<bool>("--ascii") { Description = "PLY output only: write ASCII instead of binary little endian." };
        var input = new Argument<string>("in") { Description = "A splat file or unzipped SOG folder; the format is read from the content.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var output = new Argument<string>("out") { Description = $"The file to write; its extension picks the format ({string.Join(", ", SplatFile.WritableExtensions)}).", HelpName = "out" };
        output.AcceptLegalFilePathsOnly();
        var command = new Command("convert", "Converts a Gaussian-splat file to the format the output extension names; the output is written atomically.")
        {
            ascii, input, output,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath) && !Directory.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            // Check the extension before the (possibly long) read.
            var outputFormat = SplatFile.FormatFromExtension(outputPath);
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"out: '{outputPath}' is the input file; write the result to another file.");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var inputFormat = SplatFile.DetectFormat(inputPath);
            var cloud = SplatFile.Load(inputPath, cancellationToken: cancellationToken);
            SplatFile.Save(cloud, outputPath, new SplatWriteOptions { PlyAscii = parseResult.GetValue(ascii) }, cancellationToken);
            var note = outputFormat == SplatFormat.Splat && (cloud.ShDegree > 0 || cloud.ExtraNames.Count > 0)
                ? " (.splat keeps the DC colour only: higher SH and extras dropped)"
                : "";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"convert {inputPath} ({SplatInfoCommand.FormatName(inputFormat)}) -> {outputPath} ({SplatInfoCommand.FormatName(outputFormat)}): {cloud.Count:N0} splats, SH degree {cloud.ShDegree}, {new FileInfo(outputPath).Length:N0} bytes{note}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
