using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio denoise &lt;file&gt; --out &lt;file&gt; [--reduction 20] [--gain om-lsa|log-mmse|wiener] [--noise-start s --noise-length s]</c>:
/// STFT-domain speech noise reduction (minimum statistics, decision-directed SNR); or, with
/// <c>--model mask.onnx [--model-rate 16000 --fft-length 512 --hop 128]</c>, a learned mask-estimation model
/// (<see cref="LearnedNoiseReducer"/>), or with <c>--learned</c> the built-in <see cref="SpeechDenoiser"/> model.
/// The WAV is written atomically.
/// </summary>
internal static class DenoiseCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var reduction = new Option<double>("--reduction") { Description = "Most attenuation of any frequency bin, dB (0 to 60).", HelpName = "dB", DefaultValueFactory = _ => 20 };
        var gain = new Option<string>("--gain") { Description = "Gain rule per bin.", HelpName = "rule", DefaultValueFactory = _ => "om-lsa" };
        gain.AcceptOnlyFromAmong("om-lsa", "log-mmse", "wiener");
        var noiseStart = new Option<double?>("--noise-start") { Description = "Start of a noise-only stretch, seconds: the noise spectrum is measured there instead of tracked.", HelpName = "s" };
        var noiseLength = new Option<double>("--noise-length") { Description = "Length of the noise-only stretch, seconds.", HelpName = "s", DefaultValueFactory = _ => 0.5 };
        var model = new Option<string?>("--model") { Description = "A mask-estimation ONNX model (magnitude spectrogram [1, frames, bins] in, gain mask of the same shape out) to use instead of the classical estimator.", HelpName = "file.onnx" };
        model.AcceptLegalFilePathsOnly();
        var learned = new Option<bool>("--learned") { Description = "Use the built-in learned speech denoiser (16 kHz mask model; stronger on babble and café noise; above 8 kHz the input is scaled with the model's top-octave gain)." };
        var bandLimited = new Option<bool>("--band-limited") { Description = "With --learned or --model: return only the model's band (nothing above half its rate) instead of keeping the high band." };
        var modelRate = new Option<int>("--model-rate") { Description = "Sample rate the model works at, Hz (the input is resampled to it and back).", HelpName = "Hz", DefaultValueFactory = _ => 16000 };
        var fftLength = new Option<int>("--fft-length") { Description = "The model's STFT frame length in samples (a power of two; bins = fft/2 + 1).", HelpName = "samples", DefaultValueFactory = _ => 512 };
        var hop = new Option<int>("--hop") { Description = "The model's STFT hop in samples.", HelpName = "samples", DefaultValueFactory = _ => 128 };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("denoise", "Speech noise reduction in the STFT domain (minimum statistics + log-MMSE/Wiener gain); writes a WAV atomically.")
        {
            output, reduction, gain, noiseStart, noiseLength, model, learned, bandLimited, modelRate, fftLength, hop, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            var reductionDb = parseResult.GetValue(reduction);
            if (!double.IsFinite(reductionDb) || reductionDb < 0 || reductionDb > 60)
                throw new ArgumentException($"--reduction: {reductionDb.ToString(CultureInfo.InvariantCulture)} is not between 0 and 60 dB.");
            var start = parseResult.GetValue(noiseStart);
            var length = parseResult.GetValue(noiseLength);
            if (start is { } s && (!double.IsFinite(s) || s < 0))
                throw new ArgumentException($"--noise-start: {s.ToString(CultureInfo.InvariantCulture)} is not a time in seconds at or after 0.");
            if (!double.IsFinite(length) || length <= 0 || length > 600)
                throw new ArgumentException($"--noise-length: {length.ToString(CultureInfo.InvariantCulture)} is not between 0 and 600 seconds.");
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is the input file; write the result to another file.");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            if (parseResult.GetValue(learned))
            {
                if (parseResult.GetValue(model) is not null)
                    throw new ArgumentException("--learned: give either --learned (the built-in model) or --model <file.onnx>, not both.");
                return Task.FromResult(RunBuiltIn(context, inputPath, outputPath, start, !parseResult.GetValue(bandLimited), cancellationToken));
            }
            if (parseResult.GetValue(model) is { } modelPath)
                return Task.FromResult(RunModel(context, parseResult, modelPath, inputPath, outputPath, start, modelRate, fftLength, hop, !parseResult.GetValue(bandLimited), cancellationToken));
            if (parseResult.GetValue(bandLimited))
                throw new ArgumentException("--band-limited applies to --learned and --model; the classical estimator works on the whole band.");

            var ruleName = parseResult.GetValue(gain) ?? "om-lsa";
            var rule = ruleName switch
            {
                "wiener" => NoiseReductionGain.Wiener,
                "log-mmse" => NoiseReductionGain.LogMmse,
                _ => NoiseReductionGain.OmLsa,
            };
            var reducer = new NoiseReducer(new NoiseReducerOptions
            {
                ReductionDb = reductionDb,
                Gain = rule,
                NoiseRegionStart = start is { } t ? TimeSpan.FromSeconds(t) : null,
                NoiseRegionDuration = TimeSpan.FromSeconds(length),
            });
            var frames = reducer.ApplyToFile(inputPath, outputPath, cancellationToken: cancellationToken);
            var noise = start is { } from
                ? string.Create(CultureInfo.InvariantCulture, $"noise measured at {from:0.###}-{from + length:0.###} s")
                : "noise tracked (minimum statistics)";
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"denoise {inputPath} -> {outputPath}: {frames} frames written; reduction up to {reductionDb:0.#} dB, {ruleName} gain, {noise}"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static int RunBuiltIn(CliContext context, string inputPath, string outputPath, double? noiseStart, bool keepHighBand, CancellationToken cancellationToken)
    {
        if (noiseStart is not null)
            throw new ArgumentException("--noise-start: a learned model estimates the noise itself; leave out --noise-start with --learned.");
        using var onnx = SpeechDenoiser.LoadModel();
        var reducer = new LearnedNoiseReducer(onnx, SpeechDenoiser.Options with { KeepHighBand = keepHighBand });
        var frames = reducer.ApplyToFile(inputPath, outputPath, cancellationToken: cancellationToken);
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"denoise {inputPath} -> {outputPath}: {frames} frames written; built-in learned speech denoiser ({onnx.ExecutionProvider}) at 16000 Hz"));
        return ExitCodes.Success;
    }

    private static int RunModel(CliContext context, ParseResult parseResult, string modelPath, string inputPath, string outputPath, double? noiseStart,
        Option<int> modelRate, Option<int> fftLength, Option<int> hop, bool keepHighBand, CancellationToken cancellationToken)
    {
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"--model: '{modelPath}' does not exist.", modelPath);
        if (noiseStart is not null)
            throw new ArgumentException("--noise-start: a learned model estimates the noise itself; leave out --noise-start with --model.");
        var rate = parseResult.GetValue(modelRate);
        var n = parseResult.GetValue(fftLength);
        var step = parseResult.GetValue(hop);
        if (rate is < 1000 or > AudioFormat.MaxSampleRate)
            throw new ArgumentException($"--model-rate: {rate} Hz is not between 1000 and {AudioFormat.MaxSampleRate}.");
        if (n is < 16 or > 16384 || (n & (n - 1)) != 0)
            throw new ArgumentException($"--fft-length: {n} is not a power of two between 16 and 16384.");
        if (step < 1 || step > n / 2)
            throw new ArgumentException($"--hop: {step} is not between 1 and fft-length/2 ({n / 2}).");
        using var onnx = OnnxModel.Load(modelPath);
        var reducer = new LearnedNoiseReducer(onnx, new LearnedNoiseReducerOptions { SampleRate = rate, FftLength = n, HopLength = step, ContextFrames = Math.Max(16, (n + step - 1) / step), KeepHighBand = keepHighBand });
        var frames = reducer.ApplyToFile(inputPath, outputPath, cancellationToken: cancellationToken);
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"denoise {inputPath} -> {outputPath}: {frames} frames written; learned mask model {Path.GetFileName(modelPath)} ({onnx.ExecutionProvider}) at {rate} Hz, {n}-point frames, hop {step}"));
        return ExitCodes.Success;
    }
}
