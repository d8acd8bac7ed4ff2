using System.CommandLine;
using System.Globalization;
using Augment.Audio;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment audio sweep --out sweep.wav [--duration 10] [--start 20] [--end 20000] [--rate 48000] [--silence 0] [--level -6]</c>:
/// writes an exponential sine sweep (Farina) to play in a room for <c>measure-room</c>.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o") { Description = "The WAV file to write (float32, mono).", HelpName = "file", Required = true };
        output.AcceptLegalFilePathsOnly();
        var duration = new Option<double>("--duration") { Description = "Length of the sweep, seconds (0.1 to 120).", HelpName = "s", DefaultValueFactory = _ => 10 };
        var start = new Option<double>("--start") { Description = "First frequency, Hz.", HelpName = "Hz", DefaultValueFactory = _ => 20 };
        var end = new Option<double>("--end") { Description = "Last frequency, Hz (at most half the rate).", HelpName = "Hz", DefaultValueFactory = _ => 20000 };
        var rate = new Option<int>("--rate") { Description = "Sample rate, Hz.", HelpName = "Hz", DefaultValueFactory = _ => 48000 };
        var silence = new Option<double>("--silence") { Description = "Silence after the sweep, seconds (0 to 60), so one played file also records the room's decay.", HelpName = "s", DefaultValueFactory = _ => 0 };
        var level = new Option<double>("--level") { Description = "Peak level, dBFS (at most 0).", HelpName = "dBFS", DefaultValueFactory = _ => -6 };
        var command = new Command("sweep", "Write an exponential sine sweep to play in a room; record it and run measure-room.")
        {
            output, duration, start, end, rate, silence, level,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var outputPath = parseResult.GetRequiredValue(output);
            var seconds = parseResult.GetValue(duration);
            var silenceSeconds = parseResult.GetValue(silence);
            if (!double.IsFinite(seconds) || seconds < 0.1 || seconds > 120)
                throw new ArgumentException($"--duration: {seconds.ToString(CultureInfo.InvariantCulture)} is not between 0.1 and 120 s.");
            if (!double.IsFinite(silenceSeconds) || silenceSeconds < 0 || silenceSeconds > 60)
                throw new ArgumentException($"--silence: {silenceSeconds.ToString(CultureInfo.InvariantCulture)} is not between 0 and 60 s.");
            var options = new SweepOptions
            {
                StartHz = parseResult.GetValue(start),
                EndHz = parseResult.GetValue(end),
                SampleRate = parseResult.GetValue(rate),
                Duration = TimeSpan.FromSeconds(seconds),
                SilenceTail = TimeSpan.FromSeconds(silenceSeconds),
                LevelDbfs = parseResult.GetValue(level),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException error)
            {
                throw new ArgumentException($"--{Option(error.ParamName)}: {error.Message.Split(" (Parameter", 2)[0]}", error);
            }
            cancellationToken.ThrowIfCancellationRequested();
            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            using var sweep = ExponentialSweep.Generate(options);
            sweep.SaveWav(outputPath);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep {options.StartHz:0.##}-{options.EndHz:0.##} Hz, {seconds:0.###} s (+{silenceSeconds:0.###} s silence) at {options.SampleRate} Hz, {options.LevelDbfs:0.#} dBFS -> {outputPath} ({sweep.Frames} frames)"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Option(string? parameter) => parameter switch
    {
        nameof(SweepOptions.StartHz) => "start",
        nameof(SweepOptions.EndHz) => "end",
        nameof(SweepOptions.SampleRate) => "rate",
        nameof(SweepOptions.LevelDbfs) => "level",
        nameof(SweepOptions.FadeIn) or nameof(SweepOptions.FadeOut) or nameof(SweepOptions.Duration) => "duration",
        _ => "silence",
    };
}
