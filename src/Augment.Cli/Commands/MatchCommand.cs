using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color match --reference &lt;ref&gt; &lt;inputs...&gt; --out &lt;folder&gt;</c>: gives each still
/// or clip the look of one or more reference images through a <see cref="ColorGrade"/> batch, writes
/// <c>&lt;folder&gt;/&lt;input name&gt;</c> atomically, and reports the CIEDE2000 distance to the reference
/// before and after. <c>--lut</c> also bakes each input's grade into a <c>.cube</c>.
/// </summary>
internal static class MatchCommand
{
    /// <summary>The methods as the command line spells them.</summary>
    internal enum Method
    {
        Mkl,
        Reinhard,
        Ot,
        Histogram,
        Lut,
    }

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = new Option<string[]>("--reference", "-r")
        {
            Description = "The image whose colours the inputs should take; repeat it to pool several reference stills.",
            HelpName = "image",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        reference.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for the results; each keeps its input's file name and format.",
            HelpName = "folder",
            Required = true,
        };
        output.AcceptLegalFilePathsOnly();
        var method = new Option<Method>("--method")
        {
            Description = "mkl (default: linear Monge-Kantorovich, full covariance), reinhard (mean and spread in OKLab), ot (sliced optimal transport of the whole colour distribution), histogram (per-channel CDF in OKLab) or lut (smooth 3D-LUT regression; same-size inputs are read as the same shot).",
            HelpName = "mkl|reinhard|ot|histogram|lut",
            DefaultValueFactory = _ => Method.Mkl,
            CustomParser = ParseMethod,
        };
        method.CompletionSources.Add("mkl", "reinhard", "ot", "histogram", "lut");
        var strength = new Option<double>("--strength")
        {
            Description = "How far to move toward the reference: 0 (unchanged) to 1 (full match, the default).",
            HelpName = "0..1",
            DefaultValueFactory = _ => 1.0,
        };
        var protectSkin = new Option<double?>("--protect-skin")
        {
            Description = "Keep skin tones natural: attenuate the grade by this much (0..1) where a chroma model finds skin. A --lut holds a colour-only approximation (a LUT cannot see where skin is).",
            HelpName = "0..1",
        };
        var lut = new Option<string?>("--lut")
        {
            Description = "Also bake each input's grade into a .cube LUT: at this path for one input; for several, beside it as <name>.<input name>.cube.",
            HelpName = "grade.cube",
        };
        lut.AcceptLegalFilePathsOnly();
        var lutSize = new Option<int>("--lut-size")
        {
            Description = "Lattice points per axis of a baked LUT (17, 33 or 65 are usual).",
            HelpName = "points",
            DefaultValueFactory = _ => 33,
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Stills (PNG, JPEG, TIFF, WebP, BMP) and clips (.y4m, or any video ffmpeg reads: one grade per clip, audio copied through).",
            HelpName = "inputs",
            Arity = ArgumentArity.OneOrMore,
        };
        inputs.AcceptLegalFilePathsOnly();
        var command = new Command("match", "Match the colours of stills and clips to a reference; outputs are written atomically, with a per-input ΔE2000 report.")
        {
            reference, output, method, strength, protectSkin, lut, lutSize, json, inputs,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            new Request(
                parseResult.GetRequiredValue(reference),
                parseResult.GetRequiredValue(inputs),
                parseResult.GetRequiredValue(output),
                parseResult.GetValue(method),
                parseResult.GetValue(strength),
                parseResult.GetValue(protectSkin),
                parseResult.GetValue(lut),
                parseResult.GetValue(lutSize),
                parseResult.GetValue(json)),
            cancellationToken));
        return command;
    }

    private sealed record Request(string[] References, string[] Inputs, string OutputFolder, Method Method, double Strength,
        double? ProtectSkin, string? LutPath, int LutSize, bool Json);

    private static Method ParseMethod(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
            return Method.Mkl;
        var text = result.Tokens[0].Value;
        switch (text.Trim().ToUpperInvariant())
        {
            case "MKL": return Method.Mkl;
            case "REINHARD": return Method.Reinhard;
            case "OT": return Method.Ot;
            case "HISTOGRAM": return Method.Histogram;
            case "LUT": return Method.Lut;
            default:
                result.AddError($"--method: '{text}' is not mkl, reinhard, ot, histogram or lut.");
                return default;
        }
    }

    internal static ColorMatchMethod ToLibrary(Method method) => method switch
    {
        Method.Reinhard => ColorMatchMethod.Reinhard,
        Method.Histogram => ColorMatchMethod.Histogram,
        Method.Ot => ColorMatchMethod.SlicedOt,
        Method.Lut => ColorMatchMethod.Lut,
        _ => ColorMatchMethod.Mkl,
    };

    private static async Task<int> RunAsync(CliContext context, Request request, CancellationToken cancellationToken)
    {
        if (!(request.Strength >= 0.0 && request.Strength <= 1.0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--strength: {request.Strength} is not between 0 and 1."));
        if (request.ProtectSkin is { } protection && !(protection >= 0.0 && protection <= 1.0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--protect-skin: {protection} is not between 0 and 1."));
        if (request.LutSize is < Lut3D.MinSize or > Lut3D.MaxSize)
            throw new ArgumentException($"--lut-size: {request.LutSize} is not between {Lut3D.MinSize} and {Lut3D.MaxSize}.");
        if (request.LutPath is not null && !string.Equals(Path.GetExtension(request.LutPath), ".cube", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--lut: '{request.LutPath}' should end in .cube.");
        foreach (var path in request.References)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"reference '{path}' does not exist.", path);
        }
        // Missing inputs are a typo, not a bad clip: refuse them before any work rather than report them per row.
        foreach (var path in request.Inputs)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"input '{path}' does not exist.", path);
        }
        var jobs = Jobs(request);

        var references = new List<ImageFrame>();
        try
        {
            foreach (var path in request.References)
                references.Add(ImageFile.Load(path));
            var grade = ColorGrade.MatchTo(references, o => o
                .Method(ToLibrary(request.Method))
                .Strength(request.Strength)
                .ProtectSkin(request.ProtectSkin ?? 0.0)
                with
            {
                LutSize = request.LutSize,
                ContinueOnError = true,
            });

            ColorGradeReport report;
            if (!request.Json && context.Console.Profile.Capabilities.Interactive)
            {
                report = null!;
                await context.Console.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var bar = progress.AddTask("match", maxValue: 1.0);
                        var sink = new Progress<AugmentProgress>(p => bar.Value = p.Fraction);
                        report = await grade.ApplyToFilesAsync(jobs, sink, cancellationToken).ConfigureAwait(false);
                    }).ConfigureAwait(false);
            }
            else
            {
                report = await grade.ApplyToFilesAsync(jobs, null, cancellationToken).ConfigureAwait(false);
            }

            foreach (var clip in report.Clips)
            {
                if (!clip.Succeeded)
                    await context.Error.WriteLineAsync($"error: {clip.Input}: {clip.Error}").ConfigureAwait(false);
            }
            if (request.Json)
            {
                await context.Output.WriteLineAsync(ToJson(report.Clips)).ConfigureAwait(false);
                return report.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
            }
            context.Console.Write(ToTable(report.Clips));
            await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"matched {report.Succeeded} of {report.Clips.Count} input(s) to {string.Join(", ", request.References)} ({Name(request.Method)}) -> {request.OutputFolder} in {report.Elapsed.TotalMilliseconds:N0} ms; mean ΔE00 {report.MeanDeltaEBefore:0.00} -> {report.MeanDeltaEAfter:0.00}")).ConfigureAwait(false);
            return report.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            foreach (var frame in references)
                frame.Dispose();
        }
    }

    /// <summary>Output and LUT paths per input: the LUT at <c>--lut</c> for one input, <c>&lt;lut name&gt;.&lt;input name&gt;.cube</c> beside it for several.</summary>
    private static List<GradeJob> Jobs(Request request)
    {
        var jobs = new List<GradeJob>(request.Inputs.Length);
        foreach (var input in request.Inputs)
        {
            string? lutPath = null;
            if (request.LutPath is not null)
            {
                lutPath = request.Inputs.Length == 1
                    ? request.LutPath
                    : Path.Combine(Path.GetDirectoryName(request.LutPath) ?? string.Empty,
                        $"{Path.GetFileNameWithoutExtension(request.LutPath)}.{Path.GetFileNameWithoutExtension(input)}.cube");
            }
            jobs.Add(new GradeJob(input, Path.Combine(request.OutputFolder, Path.GetFileName(input)), lutPath));
        }
        return jobs;
    }

    internal static Table ToTable(IReadOnlyList<ClipGradeResult> rows)
    {
        var table = new Table()
            .AddColumn("Input")
            .AddColumn("Size")
            .AddColumn(new TableColumn("Frames").RightAligned())
            .AddColumn(new TableColumn("ΔE00 before").RightAligned())
            .AddColumn(new TableColumn("ΔE00 after").RightAligned())
            .AddColumn("ΔE00 of")
            .AddColumn("Output");
        foreach (var row in rows)
        {
            if (!row.Succeeded)
            {
                table.AddRow(new Text(row.Input), new Text("-"), new Text("-"), new Text("-"), new Text("-"), new Text("failed"), new Text(row.Error ?? string.Empty));
                continue;
            }
            table.AddRow(
                new Text(row.Input),
                new Text(string.Create(CultureInfo.InvariantCulture, $"{row.Width}x{row.Height}")),
                new Text(row.Frames.ToString(CultureInfo.InvariantCulture)),
                new Text(row.DeltaEBefore.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(row.DeltaEAfter.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(row.Basis == DeltaEBasis.Pixels ? "per-pixel mean" : row.IsVideo ? "mean colours (key frames)" : "mean colours (sizes differ)"),
                new Text(row.Lut is null ? row.Output : $"{row.Output} + {row.Lut}"));
        }
        return table;
    }

    internal static string ToJson(IReadOnlyList<ClipGradeResult> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("input", row.Input);
                writer.WriteString("output", row.Output);
                if (!row.Succeeded)
                {
                    writer.WriteString("error", row.Error);
                    writer.WriteEndObject();
                    continue;
                }
                writer.WriteBoolean("video", row.IsVideo);
                writer.WriteNumber("width", row.Width);
                writer.WriteNumber("height", row.Height);
                writer.WriteNumber("frames", row.Frames);
                writer.WriteNumber("deltaEBefore", row.DeltaEBefore);
                writer.WriteNumber("deltaEAfter", row.DeltaEAfter);
                // "pixels": mean of per-pixel CIEDE2000; "meanLab": CIEDE2000 between mean CIELAB colours.
                writer.WriteString("deltaEBasis", row.Basis == DeltaEBasis.Pixels ? "pixels" : "meanLab");
                if (row.Lut is not null)
                    writer.WriteString("lut", row.Lut);
                writer.WriteNumber("elapsedMs", Math.Round(row.Elapsed.TotalMilliseconds, 1));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Name(Method method) => method.ToString().ToLowerInvariant();
}
