using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio reverb &lt;file&gt; --ir &lt;ir.wav&gt; --out &lt;file&gt; [--wet -6] [--dry 0] [--pre-delay 0] [--trim-tail]</c>:
/// convolution reverb with a mono, stereo or true-stereo (4-channel) impulse response; the WAV is written atomically.
/// </summary>
internal static class ReverbCommand
{
    /// <summary>Gains at or below this many dB switch a path off.</summary>
    private const double OffDb = -120;

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ir = new Option<string>("--ir") { Description = "The impulse response: 1 channel (any signal), 2 (stereo), 4 (true stereo LL, LR, RL, RR). Resampled to the signal's rate.", HelpName = "ir.wav", Required = true };
        ir.AcceptLegalFilePathsOnly();
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var wet = new Option<double>("--wet") { Description = "Gain of the reverberated signal, dB (-120 or lower: off).", HelpName = "dB", DefaultValueFactory = _ => -6 };
        var dry = new Option<double>("--dry") { Description = "Gain of the original signal mixed in, dB (-120 or lower: off).", HelpName = "dB", DefaultValueFactory = _ => 0 };
        var preDelay = new Option<double>("--pre-delay") { Description = "Delay of the reverb behind the dry signal, milliseconds (0 to 10000).", HelpName = "ms", DefaultValueFactory = _ => 0 };
        var trimTail = new Option<bool>("--trim-tail") { Description = "Keep the input's length instead of letting the reverb tail ring out (IR length - 1 more frames)." };
        var blockSize = new Option<int?>("--block-size") { Description = "FFT partition size in frames, a power of two from 16 to 65536 (default: chosen from the IR length for throughput).", HelpName = "frames" };
        var input = new Argument<string>("file") { Description = "An audio file (WAV, MP3; other formats through ffmpeg).", HelpName = "file" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("reverb", "Convolution reverb with an impulse response (partitioned FFT convolution); writes a WAV atomically.")
        {
            ir, output, wet, dry, preDelay, trimTail, blockSize, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var irPath = parseResult.GetRequiredValue(ir);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            if (!File.Exists(irPath))
                throw new FileNotFoundException($"--ir: '{irPath}' does not exist.", irPath);
            var wetDb = Gain(parseResult.GetValue(wet), "--wet");
            var dryDb = Gain(parseResult.GetValue(dry), "--dry");
            var preDelayMs = parseResult.GetValue(preDelay);
            if (!double.IsFinite(preDelayMs) || preDelayMs < 0 || preDelayMs > 10_000)
                throw new ArgumentException($"--pre-delay: {preDelayMs.ToString(CultureInfo.InvariantCulture)} is not between 0 and 10000 ms.");
            if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal)
                || string.Equals(Path.GetFullPath(irPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
                throw new ArgumentException($"--out: '{outputPath}' is an input file; write the result to another file.");
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);

            var reverb = ConvolutionReverb.FromFile(irPath, new ConvolutionReverbOptions
            {
                WetGainDb = wetDb,
                DryGainDb = dryDb,
                PreDelay = TimeSpan.FromMilliseconds(preDelayMs),
                TrimTail = parseResult.GetValue(trimTail),
                BlockSizeFrames = parseResult.GetValue(blockSize),
            });
            var frames = reverb.ApplyToFile(inputPath, outputPath, cancellationToken: cancellationToken);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reverb {inputPath} -> {outputPath}: {frames} frames written; IR {reverb.ImpulseResponseChannels} ch, {(double)reverb.ImpulseResponseFrames / reverb.ImpulseResponseSampleRate:0.###} s at {reverb.ImpulseResponseSampleRate} Hz; wet {Describe(wetDb)}, dry {Describe(dryDb)}, pre-delay {preDelayMs:0.#} ms"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static double Gain(double db, string option)
    {
        if (double.IsNaN(db) || db > 24)
            throw new ArgumentException($"{option}: {db.ToString(CultureInfo.InvariantCulture)} dB is not at most +24 dB.");
        return db <= OffDb ? double.NegativeInfinity : db;
    }

    private static string Describe(double db) =>
        double.IsNegativeInfinity(db) ? "off" : db.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " dB";
}
