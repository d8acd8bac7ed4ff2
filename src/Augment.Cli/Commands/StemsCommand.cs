using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio stems &lt;mix&gt; --out &lt;folder&gt; [--method hpss|repet|nmf|model] [--model m.onnx] [--evaluate &lt;refs folder&gt;]</c>:
/// model-free stem separation (harmonic/percussive median filtering, REPET-SIM, NMF) or an ONNX separation model
/// (<see cref="ModelStemSeparator"/>), one WAV per stem written atomically into the folder (<c>harmonic.wav</c> and
/// <c>percussive.wav</c> for HPSS); <c>--evaluate</c> scores the stems against reference WAVs with BSS-Eval v4.
/// </summary>
internal static class StemsCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "Folder to write one WAV per stem into (created when missing; float32).", HelpName = "folder", Required = true };
        output.AcceptLegalFilePathsOnly();
        var method = new Option<string>("--method") { Description = "hpss: harmonic/percussive; repet: repeating accompaniment/vocals (REPET-SIM); nmf: non-negative matrix factorisation; model: an ONNX separation model.", HelpName = "method", DefaultValueFactory = _ => "hpss" };
        method.AcceptOnlyFromAmong("hpss", "repet", "nmf", "model");
        var model = new Option<string?>("--model") { Description = "The ONNX separation model for --method model.", HelpName = "m.onnx" };
        model.AcceptLegalFilePathsOnly();
        var evaluate = new Option<string?>("--evaluate") { Description = "A folder of reference stems (<name>.wav) to score the result against (BSS-Eval).", HelpName = "refs folder" };
        var margin = new Option<double>("--margin") { Description = "HPSS separation margin (1: two stems; above 1 adds a residual stem).", HelpName = "factor", DefaultValueFactory = _ => 1 };
        var power = new Option<double>("--power") { Description = "HPSS mask power (1 to 16).", HelpName = "p", DefaultValueFactory = _ => 2 };
        var components = new Option<int>("--components") { Description = "NMF components.", HelpName = "count", DefaultValueFactory = _ => 16 };
        var stems = new Option<int>("--stems") { Description = "NMF stems the components are grouped into, by spectral centroid (part1 = lowest).", HelpName = "count", DefaultValueFactory = _ => 2 };
        var iterations = new Option<int>("--iterations") { Description = "NMF multiplicative-update iterations.", HelpName = "count", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print JSON {\"method\":...,\"stems\":[{\"name\":...,\"path\":...,\"rmsDb\":...,\"peak\":...}],...} instead of text." };
        var input = new Argument<string>("mix") { Description = "The mix (WAV, MP3; other formats through ffmpeg).", HelpName = "mix" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("stems", "Separates a mix into stems (harmonic/percussive, REPET-SIM, NMF, or an ONNX model); writes one WAV per stem atomically, optionally scored with BSS-Eval.")
        {
            output, method, model, evaluate, margin, power, components, stems, iterations, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var folder = parseResult.GetRequiredValue(output);
            var methodName = parseResult.GetValue(method) ?? "hpss";
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            if (File.Exists(folder))
                throw new ArgumentException($"--out: '{folder}' is a file; give a folder for the stems.");
            if (parseResult.GetValue(model) is not null && methodName != "model")
                throw new ArgumentException("--model: a model is used only with --method model.");
            var modelPath = parseResult.GetValue(model);
            if (methodName == "model" && modelPath is null)
                throw new ArgumentException("--method model: give the separation model with --model <m.onnx>.");
            if (modelPath is not null && !File.Exists(modelPath))
                throw new FileNotFoundException($"--model: '{modelPath}' does not exist.", modelPath);
            var referenceFolder = parseResult.GetValue(evaluate);
            if (referenceFolder is not null && !Directory.Exists(referenceFolder))
                throw new ArgumentException($"--evaluate: the reference folder '{referenceFolder}' does not exist.");
            using var loaded = methodName == "model" ? ModelStemSeparator.Load(modelPath!) : null;
            IStemSeparator separator = methodName switch
            {
                "model" => loaded!,
                "repet" => new RepetSimSeparator(),
                "nmf" => new NmfSeparator(NmfSettings(parseResult, components, stems, iterations)),
                _ => new HarmonicPercussiveSeparator(HpssSettings(parseResult, margin, power)),
            };

            using var mix = AudioFile.Load(inputPath, cancellationToken: cancellationToken);
            var (peak, clipped) = Peak(mix);
            using var result = CliProgress.Run(context, methodName, progress => separator.Separate(mix, progress, cancellationToken));
            var paths = result.SaveWav(folder);
            var report = referenceFolder is null ? null : BssEval.EvaluateAgainstFolder(result, referenceFolder, cancellationToken: cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(methodName, inputPath, mix, peak, clipped, result, paths, report));
                return Task.FromResult(ExitCodes.Success);
            }
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stems {inputPath} -> {folder}: {result.Count} stems by {methodName}, {mix.Channels} ch, {mix.SampleRate} Hz, {mix.Duration.TotalSeconds:0.###} s"));
            if (peak == 0f)
                context.Output.WriteLine("note: the input is silent; every stem is silent.");
            else if (clipped > 0)
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: {clipped} input samples are at or beyond full scale (clipped); the stems still sum to the input."));
            for (var s = 0; s < result.Count; s++)
            {
                var (rms, stemPeak) = Level(result[s]);
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Names[s],-14} {paths[s]}  RMS {Db(rms)} dBFS, peak {stemPeak:0.000}"));
            }
            if (report is not null)
                context.Output.Write(report.ToTable());
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static HpssOptions HpssSettings(ParseResult parseResult, Option<double> margin, Option<double> power)
    {
        var m = parseResult.GetValue(margin);
        var p = parseResult.GetValue(power);
        if (!double.IsFinite(m) || m < 1 || m > 100)
            throw new ArgumentException($"--margin: {m.ToString(CultureInfo.InvariantCulture)} is not between 1 and 100.");
        if (!double.IsFinite(p) || p < 1 || p > 16)
            throw new ArgumentException($"--power: {p.ToString(CultureInfo.InvariantCulture)} is not between 1 and 16.");
        return new HpssOptions { Margin = (float)m, Power = (float)p };
    }

    private static NmfOptions NmfSettings(ParseResult parseResult, Option<int> components, Option<int> stems, Option<int> iterations)
    {
        var k = parseResult.GetValue(components);
        var s = parseResult.GetValue(stems);
        var n = parseResult.GetValue(iterations);
        if (k is < 1 or > 256) throw new ArgumentException($"--components: {k} is not between 1 and 256.");
        if (s < 2 || s > 16 || s > k) throw new ArgumentException($"--stems: {s} is not between 2 and 16 and at most --components ({k}).");
        if (n is < 1 or > 10000) throw new ArgumentException($"--iterations: {n} is not between 1 and 10000.");
        return new NmfOptions { Components = k, Stems = s, Iterations = n };
    }

    private static (float Peak, long Clipped) Peak(AudioBuffer buffer)
    {
        var peak = 0f;
        long clipped = 0;
        foreach (var v in buffer.Data)
        {
            var a = Math.Abs(v);
            peak = Math.Max(peak, a);
            if (a >= 0.9999f) clipped++;
        }
        return (peak, clipped);
    }

    private static (double Rms, float Peak) Level(AudioBuffer buffer)
    {
        double sum = 0;
        var peak = 0f;
        foreach (var v in buffer.Data) { sum += v * (double)v; peak = Math.Max(peak, Math.Abs(v)); }
        return (Math.Sqrt(sum / Math.Max(1, buffer.Data.Length)), peak);
    }

    private static string Db(double rms) => rms > 0 ? (20 * Math.Log10(rms)).ToString("0.0", CultureInfo.InvariantCulture) : "-inf";

    internal static string ToJson(string method, string input, AudioBuffer mix, float peak, long clipped, StemSet result, IReadOnlyList<string> paths, BssEvalReport? report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("method", method);
            writer.WriteString("input", input);
            writer.WriteNumber("sampleRate", mix.SampleRate);
            writer.WriteNumber("channels", mix.Channels);
            writer.WriteNumber("durationSeconds", Math.Round(mix.Duration.TotalSeconds, 3));
            writer.WriteBoolean("silent", peak == 0f);
            writer.WriteNumber("clippedSamples", clipped);
            writer.WriteStartArray("stems");
            for (var s = 0; s < result.Count; s++)
            {
                var (rms, stemPeak) = Level(result[s]);
                writer.WriteStartObject();
                writer.WriteString("name", result.Names[s]);
                writer.WriteString("path", paths[s]);
                if (rms > 0) writer.WriteNumber("rmsDb", Math.Round(20 * Math.Log10(rms), 2));
                else writer.WriteNull("rmsDb");
                writer.WriteNumber("peak", Math.Round(stemPeak, 5));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (report is not null)
            {
                // Medians in dB; null where not finite (every window silent, or a perfect match).
                writer.WriteStartArray("evaluation");
                foreach (var source in report.Sources)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", source.Name);
                    writer.WriteFinite("sdrDb", source.SdrDb, 2);
                    writer.WriteFinite("isrDb", source.IsrDb, 2);
                    writer.WriteFinite("sirDb", source.SirDb, 2);
                    writer.WriteFinite("sarDb", source.SarDb, 2);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
