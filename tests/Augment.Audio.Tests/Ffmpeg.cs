using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Augment.Audio.Tests;

/// <summary>
/// Runs the ffmpeg command-line tool, the independent reference for audio I/O. Tests that need it call
/// <see cref="SkipWhenAbsent"/> first and skip with a printed reason when it is not installed.
/// </summary>
internal static class Ffmpeg
{
    private static readonly Lazy<string?> Location = new(() => FfmpegLocator.FindFfmpeg());

    public static string? Path => Location.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(Path is null, "ffmpeg is not installed (not found on PATH); the external cross-check is skipped.");

    private static readonly Lazy<string> Encoders = new(() => System.Text.Encoding.ASCII.GetString(Run("-encoders")));

    /// <summary>Skips the test when ffmpeg or one of its encoders (e.g. libmp3lame, flac) is missing.</summary>
    public static void SkipWithoutEncoder(string name)
    {
        SkipWhenAbsent();
        Assert.SkipUnless(Encoders.Value.Contains(" " + name + " ", StringComparison.Ordinal), $"this ffmpeg has no {name} encoder; the test is skipped.");
    }

    /// <summary>Runs ffmpeg; fails the test with its error output when it exits non-zero. Returns standard output.</summary>
    public static byte[] Run(params string[] arguments)
    {
        var (code, output, errors) = Execute(arguments);
        Assert.True(code == 0, $"ffmpeg {string.Join(' ', arguments)} failed ({code}): {errors}");
        return output;
    }

    /// <summary>Runs ffmpeg and returns its exit code and error output instead of failing.</summary>
    public static (int ExitCode, string Errors) TryRun(params string[] arguments)
    {
        var (code, _, errors) = Execute(arguments);
        return (code, errors);
    }

    /// <summary>ffmpeg's own decode of a file's first audio stream as interleaved float32.</summary>
    public static float[] DecodeToF32(string path)
    {
        var bytes = Run("-i", path, "-map", "0:a:0", "-f", "f32le", "-c:a", "pcm_f32le", "-");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }

    /// <summary>ffmpeg's decode of several files as interleaved float32, in one ffmpeg run (process starts are the slow part).</summary>
    public static float[][] DecodeManyToF32(IReadOnlyList<string> paths)
    {
        var arguments = new List<string>();
        foreach (var path in paths)
        {
            arguments.Add("-i");
            arguments.Add(path);
        }
        var outputs = new string[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            outputs[i] = paths[i] + ".decoded.f32";
            arguments.AddRange(["-map", $"{i}:a:0", "-c:a", "pcm_f32le", "-f", "f32le", "-y", outputs[i]]);
        }
        Run([.. arguments]);
        var result = new float[paths.Count][];
        for (var i = 0; i < paths.Count; i++)
        {
            result[i] = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputs[i])).ToArray();
            File.Delete(outputs[i]);
        }
        return result;
    }

    /// <summary>
    /// Encodes several outputs in one ffmpeg run. Each output takes interleaved float32 samples at a rate and
    /// channel count, plus its own output arguments (codec, container flags) and path.
    /// </summary>
    public static void EncodeManyFromF32(string folder, IReadOnlyList<(float[] Interleaved, int Channels, int SampleRate, string[] Arguments, string Path)> outputs)
    {
        var arguments = new List<string>();
        var inputs = new List<string>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var input = System.IO.Path.Combine(folder, $"input{i}.f32");
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(outputs[i].Interleaved.AsSpan()).ToArray());
            inputs.Add(input);
            arguments.AddRange(["-f", "f32le", "-ar", outputs[i].SampleRate.ToString(), "-ac", outputs[i].Channels.ToString(), "-i", input]);
        }
        for (var i = 0; i < outputs.Count; i++)
            arguments.AddRange(["-map", $"{i}:a", .. outputs[i].Arguments, "-y", outputs[i].Path]);
        try
        {
            Run([.. arguments]);
        }
        finally
        {
            foreach (var input in inputs) File.Delete(input);
        }
    }

    /// <summary>Writes a WAV with ffmpeg from interleaved float32 samples given on standard input.</summary>
    public static void EncodeFromF32(float[] interleaved, int channels, int sampleRate, string path, params string[] outputArguments)
    {
        var input = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, $"{Guid.NewGuid():N}.f32");
        File.WriteAllBytes(input, MemoryMarshal.AsBytes(interleaved.AsSpan()).ToArray());
        try
        {
            Run([.. (string[])["-f", "f32le", "-ar", sampleRate.ToString(), "-ac", channels.ToString(), "-i", input], .. outputArguments, "-y", path]);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>The first audio stream's sample format, channel count and layout as ffprobe-like text from ffmpeg -i.</summary>
    public static string Describe(string path)
    {
        var (_, _, errors) = Execute(["-i", path], quiet: false);
        return errors;
    }

    private static (int Code, byte[] Output, string Errors) Execute(string[] arguments, bool quiet = true)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-nostdin");
        start.ArgumentList.Add("-hide_banner");
        if (quiet)
        {
            start.ArgumentList.Add("-loglevel");
            start.ArgumentList.Add("error");
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), errors.Result);
    }
}
