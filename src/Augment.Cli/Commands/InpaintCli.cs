using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>What <c>image fill</c> and <c>image extend</c> share: input checks and saving (the progress bar is <see cref="CliProgress"/>).</summary>
internal static class InpaintCli
{
    /// <summary>Checks the input exists and the output is another file with a known image extension; creates the output folder.</summary>
    public static ImageFileFormat PrepareOutput(string inputPath, string outputPath)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException($"--out: '{outputPath}' is the input file; write the result to another file.");
        var format = ImageFile.FormatFromExtension(outputPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return format;
    }

    /// <summary>Loads the model named by <c>--model</c> as an inpainter, or returns null.</summary>
    public static OnnxInpainter? LoadModel(string? modelPath)
    {
        if (modelPath is null) return null;
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"--model: '{modelPath}' does not exist.", modelPath);
        return OnnxInpainter.Load(modelPath);
    }
}
