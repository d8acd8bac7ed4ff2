using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>What <c>image fill</c> and <c>image extend</c> share: input checks, the progress bar, saving.</summary>
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

    /// <summary>Runs <paramref name="work"/> under a progress bar when the terminal is interactive.</summary>
    public static ImageFrame WithProgress(CliContext context, string stage, Func<IProgress<AugmentProgress>?, ImageFrame> work)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
            return work(null);
        ImageFrame? result = null;
        context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var bar = progress.AddTask(stage, maxValue: 1);
                result = work(new Progress<AugmentProgress>(p => bar.Value = Math.Clamp(p.Fraction, 0, 1)));
                bar.Value = 1;
            });
        return result!;
    }
}
