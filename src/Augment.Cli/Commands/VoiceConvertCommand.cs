using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio voice convert &lt;file&gt; --encoder enc.onnx --generator gen.onnx [--index bank.npy] [--index-rate r]
/// [--transpose semitones] [--speaker id] --out &lt;file&gt;</c>: retrieval-based voice conversion (RVC) with an ONNX
/// content encoder and generator (<see cref="VoiceConverter"/>); F0 from the SDK's pitch tracker. Writes a mono WAV
/// atomically at the model's rate (or the input's with <c>--keep-rate</c>); <c>--json</c> prints a summary with the
/// algorithmic latency.
/// </summary>
internal static class VoiceConvertCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (mono float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var encoder = new Option<string>("--encoder") { Description = "Content encoder ONNX (ContentVec/HuBERT: float [1, 1, samples] at 16 kHz -> [1, frames, 256|768]).", HelpName = "enc.onnx", Required = true };
        encoder.AcceptLegalFilePathsOnly();
        var generator = new Option<string>("--generator") { Description = "RVC generator ONNX (inputs phone, phone_lengths, pitch, pitchf, ds, rnd; output audio).", HelpName = "gen.onnx", Required = true };
        generator.AcceptLegalFilePathsOnly();
        var index = new Option<string?>("--index") { Description = "The target speaker's feature bank, a .npy float32 [N, D] file, for retrieval.", HelpName = "bank.npy" };
        index.AcceptLegalFilePathsOnly();
        var indexRate = new Option<double>("--index-rate") { Description = "How far features move toward the retrieved ones (0 to 1).", HelpName = "r", DefaultValueFactory = _ => 0.75 };
        var transpose = new Option<double>("--transpose") { Description = "Pitch shift in semitones (-48 to 48; +12 is an octave up).", HelpName = "semitones", DefaultValueFactory = _ => 0 };
        var speaker = new Option<long>("--speaker") { Description = "Speaker id of a multi-speaker model.", HelpName = "id", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the generator's noise (the same seed repeats the output).", HelpName = "n", DefaultValueFactory = _ => 0UL };
        var chunk = new Option<double>("--chunk") { Description = "Seconds of sound per model run (0.04 to 600); the algorithmic latency grows with it.", HelpName = "s", DefaultValueFactory = _ => 4 };
        var keepRate = new Option<bool>("--keep-rate") { Description = "Resample the result to the input's sample rate (otherwise the model's rate)." };
        var json = new Option<bool>("--json") { Description = "Print JSON {\"output\",\"sampleRate\",\"seconds\",\"featureBank\",\"latencySeconds\",...} instead of a line." };
        var input = new Argument<string>("file") { Description = "The source voice (WAV, MP3; other formats through ffmpeg), any rate and channels.", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("convert", "Retrieval-based voice conversion (RVC) with ONNX models: content encoder, optional feature retrieval, pitch tracking, generator.")
        {
            output, encoder, generator, index, indexRate, transpose, speaker, seed, chunk, keepRate, json, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            var encoderPath = parseResult.GetRequiredValue(encoder);
            var generatorPath = parseResult.GetRequiredValue(generator);
            RequireFile(inputPath, "input");
            RequireFile(encoderPath, "--encoder");
            RequireFile(generatorPath, "--generator");
            var rate = parseResult.GetValue(indexRate);
            if (!(rate >= 0 && rate <= 1))
                throw new ArgumentException($"--index-rate: {rate.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1.");
            var semitones = parseResult.GetValue(transpose);
            if (!double.IsFinite(semitones) || Math.Abs(semitones) > 48)
                throw new ArgumentException($"--transpose: {semitones.ToString(CultureInfo.InvariantCulture)} is not between -48 and 48 semitones.");
            var chunkSeconds = parseResult.GetValue(chunk);
            if (!(chunkSeconds >= 0.04 && chunkSeconds <= 600))
                throw new ArgumentException($"--chunk: {chunkSeconds.ToString(CultureInfo.InvariantCulture)} is not between 0.04 and 600 seconds.");
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is the input file; write the result to another file.");
            FeatureBank? bank = null;
            if (parseResult.GetValue(index) is { } indexPath)
            {
                RequireFile(indexPath, "--index");
                bank = FeatureBank.Load(indexPath);
            }
            var options = new VoiceConversionOptions
            {
                Bank = bank,
                IndexRate = (float)rate,
                TransposeSemitones = semitones,
                SpeakerId = parseResult.GetValue(speaker),
                NoiseSeed = parseResult.GetValue(seed),
                ChunkLength = TimeSpan.FromSeconds(chunkSeconds),
                Crossfade = TimeSpan.FromSeconds(Math.Min(0.1, chunkSeconds)),
                ResampleToInputRate = parseResult.GetValue(keepRate),
            };
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            using var converter = VoiceConverter.Load(encoderPath, generatorPath, options);
            using var voice = AudioFile.Load(inputPath, cancellationToken: cancellationToken);
            using var converted = converter.Convert(voice, cancellationToken: cancellationToken);
            AudioFile.SaveWav(converted, outputPath);

            var seconds = converted.Frames / (double)converted.SampleRate;
            var latency = converter.AlgorithmicLatency.TotalSeconds;
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(ToJson(outputPath, converted.SampleRate, seconds, bank, options, latency));
            }
            else
            {
                var retrieval = bank is null ? "no retrieval" : string.Create(CultureInfo.InvariantCulture, $"retrieval from {bank.Count} x {bank.Dimensions} at rate {rate:0.##}");
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"voice convert {inputPath} -> {outputPath}: {seconds:0.00} s at {converted.SampleRate} Hz; {retrieval}, transpose {semitones:+0.##;-0.##;0} st, speaker {options.SpeakerId}; algorithmic latency {latency * 1000:0} ms ({converter.Generator.ExecutionProvider})"));
            }
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{what}: '{path}' does not exist.", path);
    }

    internal static string ToJson(string outputPath, int sampleRate, double seconds, FeatureBank? bank, VoiceConversionOptions options, double latencySeconds)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("output", outputPath);
            writer.WriteNumber("sampleRate", sampleRate);
            writer.WriteNumber("seconds", Math.Round(seconds, 4));
            if (bank is null)
            {
                writer.WriteNull("featureBank");
            }
            else
            {
                writer.WriteStartObject("featureBank");
                writer.WriteNumber("rows", bank.Count);
                writer.WriteNumber("dimensions", bank.Dimensions);
                writer.WriteNumber("indexRate", Math.Round(options.IndexRate, 4));
                writer.WriteEndObject();
            }
            writer.WriteNumber("transposeSemitones", options.TransposeSemitones);
            writer.WriteNumber("speaker", options.SpeakerId);
            writer.WriteNumber("latencySeconds", Math.Round(latencySeconds, 3));
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
