using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augment.Vision;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color match --reference &lt;ref&gt; &lt;inputs...&gt; --out &lt;folder&gt;</c>: gives each input
/// the colours of a reference image (<see cref="ColorMatch"/>), writes <c>&lt;folder&gt;/&lt;input name&gt;</c>
/// atomically, and reports the CIEDE2000 distance to the reference before and after. With one input,
/// <c>--lut</c> also bakes the fitted match into a 33^3 <c>.cube</c>.
/// </summary>
internal static class MatchCommand
{
    /// <summary>Lattice points per axis of a baked <c>--lut</c>: the common size graders exchange.</summary>
    internal const int LutSize = 33;

    /// <summary>The methods the issue names; <see cref="Ot"/> and <see cref="Lut"/> are not implemented yet.</summary>
    internal enum Method
    {
        Mkl,
        Reinhard,
        Ot,
        Histogram,
        Lut,
    }

    /// <summary>How the ΔE columns were measured.</summary>
    internal enum DeltaEBasis
    {
        /// <summary>Mean of per-pixel ΔE2000 (input and reference have the same size).</summary>
        Pixels,

        /// <summary>ΔE2000 between the two images' mean CIELAB colours (sizes differ; no resampling here).</summary>
        MeanLab,
    }

    /// <summary>One matched input.</summary>
    internal sealed record Row(string Input, int Width, int Height, double DeltaEBefore, double DeltaEAfter, DeltaEBasis Basis, string Output);

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reference = new Option<string>("--reference", "-r")
        {
            Description = "The image whose colours the inputs should take.",
            HelpName = "image",
            Required = true,
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
            Description = "mkl (default: linear Monge-Kantorovich, full covariance), reinhard (mean and spread in OKLab) or histogram (per-channel CDF in OKLab); ot and lut are not implemented yet.",
            HelpName = "mkl|reinhard|ot|histogram|lut",
            DefaultValueFactory = _ => Method.Mkl,
            CustomParser = ParseMethod,
        };
        method.CompletionSources.Add("mkl", "reinhard", "ot", "histogram", "lut");
        var protectSkin = new Option<double?>("--protect-skin")
        {
            Description = "Keep skin tones natural: attenuate the grade by this much (0..1) where a chroma model finds skin. A --lut still holds the unprotected match (a LUT cannot see where skin is).",
            HelpName = "0..1",
        };
        var lut = new Option<string?>("--lut")
        {
            Description = "With exactly one input: also bake the fitted match into a 33^3 .cube LUT at this path.",
            HelpName = "grade.cube",
        };
        lut.AcceptLegalFilePathsOnly();
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Images to match (PNG, JPEG, TIFF, WebP, BMP, ...).",
            HelpName = "inputs",
            Arity = ArgumentArity.OneOrMore,
        };
        inputs.AcceptLegalFilePathsOnly();
        var command = new Command("match", "Match the colours of images to a reference (MKL, Reinhard or histogram); outputs are written atomically.")
        {
            reference, output, method, protectSkin, lut, json, inputs,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetRequiredValue(reference),
            parseResult.GetRequiredValue(inputs),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(method),
            parseResult.GetValue(protectSkin),
            parseResult.GetValue(lut),
            parseResult.GetValue(json),
            cancellationToken));
        return command;
    }

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

    private static async Task<int> RunAsync(CliContext context, string referencePath, string[] inputPaths, string outputFolder, Method method,
        double? protectSkin, string? lutPath, bool json, CancellationToken cancellationToken)
    {
        // Refuse what is not built yet before any decoding: silently ignoring it would mislead.
        if (method == Method.Ot)
            throw new ArgumentException("--method ot: optimal-transport matching is not implemented yet; use mkl, reinhard or histogram.");
        if (method == Method.Lut)
            throw new ArgumentException("--method lut: fitting a LUT directly is not implemented yet; use mkl, reinhard or histogram (--lut grade.cube bakes any of them into a LUT).");
        if (protectSkin is { } protection && !(protection >= 0.0 && protection <= 1.0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--protect-skin: {protection} is not between 0 and 1."));
        if (lutPath is not null && inputPaths.Length != 1)
            throw new ArgumentException($"--lut: a baked LUT needs exactly one input, not {inputPaths.Length}.");
        if (lutPath is not null && !string.Equals(Path.GetExtension(lutPath), ".cube", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--lut: '{lutPath}' should end in .cube.");
        if (!File.Exists(referencePath))
            throw new FileNotFoundException($"reference '{referencePath}' does not exist.", referencePath);

        var outputPaths = new string[inputPaths.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < inputPaths.Length; i++)
        {
            var input = inputPaths[i];
            if (!File.Exists(input))
                throw new FileNotFoundException($"input '{input}' does not exist.", input);
            var name = Path.GetFileName(input);
            // Two inputs with one name would overwrite each other's result in --out.
            if (!names.Add(name))
                throw new ArgumentException($"'{input}': another input is also named '{name}'; their results would collide in '{outputFolder}'.");
            outputPaths[i] = Path.Combine(outputFolder, name);
            // Matching in place would silently destroy the original; there is no undo for a grade.
            if (string.Equals(Path.GetFullPath(outputPaths[i]), Path.GetFullPath(input), StringComparison.Ordinal))
                throw new ArgumentException($"'{input}': the result would replace the input; choose another --out folder.");
            // Validates the extension before any work is done.
            _ = ImageFile.FormatFromExtension(outputPaths[i]);
        }

        var clock = Stopwatch.StartNew();
        var options = new ColorMatchOptions
        {
            Method = method switch
            {
                Method.Reinhard => ColorMatchMethod.Reinhard,
                Method.Histogram => ColorMatchMethod.Histogram,
                _ => ColorMatchMethod.Mkl,
            },
        };
        using var referenceFrame = ImageFile.Load(referencePath);
        var referenceMeanLab = MeanLab(referenceFrame, cancellationToken);
        Directory.CreateDirectory(outputFolder);

        var rows = new Row[inputPaths.Length];
        var budget = ComputeBudget.Default;

        async Task ProcessAll(Action? onDone)
        {
            // At most MaxThreads images are decoded at once, so memory stays bounded by the budget.
            await Parallel.ForEachAsync(Enumerable.Range(0, inputPaths.Length), budget.ToParallelOptions(cancellationToken), (i, token) =>
            {
                rows[i] = MatchOne(inputPaths[i], outputPaths[i], referenceFrame, referenceMeanLab, options, protectSkin ?? 0.0, i == 0 ? lutPath : null, token);
                onDone?.Invoke();
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        }

        if (!json && context.Console.Profile.Capabilities.Interactive)
        {
            await context.Console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var bar = progress.AddTask("match", maxValue: inputPaths.Length);
                    await ProcessAll(() => bar.Increment(1)).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            await ProcessAll(null).ConfigureAwait(false);
        }

        if (json)
        {
            await context.Output.WriteLineAsync(ToJson(rows)).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        context.Console.Write(ToTable(rows));
        double before = 0, after = 0;
        foreach (var row in rows)
        {
            before += row.DeltaEBefore;
            after += row.DeltaEAfter;
        }
        await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"matched {rows.Length} image(s) to {referencePath} ({Name(method)}) -> {outputFolder} in {clock.Elapsed.TotalMilliseconds:N0} ms; mean ΔE00 {before / rows.Length:0.00} -> {after / rows.Length:0.00}")).ConfigureAwait(false);
        if (lutPath is not null)
            await context.Output.WriteLineAsync($"baked the match into {lutPath} ({LutSize}^3)").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static Row MatchOne(string inputPath, string outputPath, ImageFrame reference, CieLab referenceMeanLab, ColorMatchOptions options, double protectSkin, string? lutPath, CancellationToken cancellationToken)
    {
        var format = ImageFile.FormatFromExtension(outputPath);
        // A 16-bit source keeps its precision where the output container can hold it.
        var bits = ApplyLutCommand.IsSixteenBitPng(inputPath) && format is (ImageFileFormat.Png or ImageFileFormat.Tiff) ? 16 : 8;
        using var frame = ImageFile.Load(inputPath);
        var transform = ColorMatch.Fit(frame, reference, options, cancellationToken);
        // Protection 0 is exactly the unmasked apply (SkinProtection short-cuts it).
        using var matched = transform.ApplyProtectingSkin(frame, protectSkin, null, cancellationToken);
        // The file holds clipped values; measure what is written, not out-of-gamut intermediates.
        ClampColor(matched);
        var samePixels = frame.Width == reference.Width && frame.Height == reference.Height;
        double before, after;
        if (samePixels)
        {
            before = ColorMath.MeanDeltaE2000(frame, reference, cancellationToken);
            after = ColorMath.MeanDeltaE2000(matched, reference, cancellationToken);
        }
        else
        {
            before = ColorMath.DeltaE2000(MeanLab(frame, cancellationToken), referenceMeanLab);
            after = ColorMath.DeltaE2000(MeanLab(matched, cancellationToken), referenceMeanLab);
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (lutPath is not null)
        {
            var lut = BakeLut(transform, Path.GetFileName(inputPath), cancellationToken);
            var lutDirectory = Path.GetDirectoryName(Path.GetFullPath(lutPath));
            if (!string.IsNullOrEmpty(lutDirectory))
                Directory.CreateDirectory(lutDirectory);
            lut.SaveCube(lutPath);
        }
        matched.Save(outputPath, new ImageSaveOptions { Format = format, BitsPerChannel = bits });
        return new Row(inputPath, frame.Width, frame.Height, before, after, samePixels ? DeltaEBasis.Pixels : DeltaEBasis.MeanLab, outputPath);
    }

    /// <summary>
    /// Bakes a fitted match into a <see cref="LutSize"/>^3 LUT over sRGB-encoded input: the lattice points
    /// become the pixels of one sRGB frame, the transform maps them, and the (clipped) results fill the LUT
    /// in the same red-fastest order as <see cref="Lut3D.Lattice"/>.
    /// </summary>
    internal static Lut3D BakeLut(ColorTransform transform, string title, CancellationToken cancellationToken)
    {
        const int n = LutSize;
        var lut = new Lut3D(n) { Title = $"augment color match ({transform.Method}) {title}" };
        using var grid = ImageFrame.Create(n * n, n, 3, ColorSpace.Srgb);
        Span<float> red = grid.Plane(0), green = grid.Plane(1), blue = grid.Plane(2);
        const float step = 1f / (n - 1);
        var p = 0;
        for (var b = 0; b < n; b++)
        {
            for (var g = 0; g < n; g++)
            {
                for (var r = 0; r < n; r++)
                {
                    red[p] = r * step;
                    green[p] = g * step;
                    blue[p] = b * step;
                    p++;
                }
            }
        }
        using var mapped = transform.Apply(grid, null, cancellationToken);
        ClampColor(mapped);
        ReadOnlySpan<float> mr = mapped.Plane(0), mg = mapped.Plane(1), mb = mapped.Plane(2);
        var lattice = lut.Lattice;
        for (var i = 0; i < mr.Length; i++)
        {
            lattice[3 * i] = mr[i];
            lattice[(3 * i) + 1] = mg[i];
            lattice[(3 * i) + 2] = mb[i];
        }
        return lut;
    }

    /// <summary>Clips the colour channels to [0, 1] in place, as an image file would.</summary>
    private static void ClampColor(ImageFrame frame)
    {
        for (var c = 0; c < frame.ColorChannels; c++)
        {
            var plane = frame.Plane(c);
            for (var i = 0; i < plane.Length; i++)
                plane[i] = float.IsNaN(plane[i]) ? 0f : Math.Clamp(plane[i], 0f, 1f);
        }
    }

    /// <summary>The mean of the per-pixel CIELAB colours (D65), summed per row in a fixed order.</summary>
    internal static CieLab MeanLab(ImageFrame frame, CancellationToken cancellationToken)
    {
        ImageFrame? copy = null;
        try
        {
            var linear = frame.ColorSpace == ColorSpace.LinearSrgb ? frame : copy = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            double l = 0, a = 0, b = 0;
            for (var y = 0; y < linear.Height; y++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<float> r = linear.Row(0, y), g = linear.Row(1, y), bl = linear.Row(2, y);
                for (var x = 0; x < r.Length; x++)
                {
                    var lab = ColorMath.LinearSrgbToLab(r[x], g[x], bl[x]);
                    l += lab.L;
                    a += lab.A;
                    b += lab.B;
                }
            }
            double count = Math.Max(1, linear.PixelCount);
            return new CieLab(l / count, a / count, b / count);
        }
        finally
        {
            copy?.Dispose();
        }
    }

    internal static Table ToTable(IReadOnlyList<Row> rows)
    {
        var table = new Table()
            .AddColumn("Input")
            .AddColumn("Size")
            .AddColumn(new TableColumn("ΔE00 before").RightAligned())
            .AddColumn(new TableColumn("ΔE00 after").RightAligned())
            .AddColumn("ΔE00 of")
            .AddColumn("Output");
        foreach (var row in rows)
        {
            table.AddRow(
                new Text(row.Input),
                new Text(string.Create(CultureInfo.InvariantCulture, $"{row.Width}x{row.Height}")),
                new Text(row.DeltaEBefore.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(row.DeltaEAfter.ToString("0.00", CultureInfo.InvariantCulture)),
                new Text(row.Basis == DeltaEBasis.Pixels ? "per-pixel mean" : "mean colours (sizes differ)"),
                new Text(row.Output));
        }
        return table;
    }

    internal static string ToJson(IReadOnlyList<Row> rows)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                writer.WriteString("input", row.Input);
                writer.WriteNumber("width", row.Width);
                writer.WriteNumber("height", row.Height);
                writer.WriteNumber("deltaEBefore", row.DeltaEBefore);
                writer.WriteNumber("deltaEAfter", row.DeltaEAfter);
                // "pixels": mean of per-pixel CIEDE2000; "meanLab": CIEDE2000 between mean CIELAB colours.
                writer.WriteString("deltaEBasis", row.Basis == DeltaEBasis.Pixels ? "pixels" : "meanLab");
                writer.WriteString("output", row.Output);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Name(Method method) => method switch
    {
        Method.Reinhard => "reinhard",
        Method.Histogram => "histogram",
        _ => "mkl",
    };
}
