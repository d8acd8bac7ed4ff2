using System.Collections.Concurrent;
using System.Diagnostics;

namespace Augment.Audio.Tests;

/// <summary>
/// Real (synthetic-voice) speech from the espeak-ng command-line tool (Debian package <c>espeak-ng</c>), for
/// tests that need speech rather than a speech-like signal. Tests call <see cref="SkipWhenAbsent"/> first and
/// skip with a printed reason when it is not installed. Results are cached per text, voice, rate and speed.
/// </summary>
internal static class Espeak
{
    private static readonly Lazy<string?> Location = new(() => FindOnPath("espeak-ng"));
    private static readonly ConcurrentDictionary<string, float[]> Cache = new(StringComparer.Ordinal);

    public static string? Path => Location.Value;

    public static void SkipWhenAbsent() =>
        Assert.SkipWhen(Path is null, "espeak-ng is not installed (Debian package espeak-ng); the real-speech check is skipped.");

    /// <summary>
    /// Speaks <paramref name="text"/> and returns mono samples at <paramref name="sampleRate"/> (espeak-ng renders
    /// at 22.05 kHz; the result is resampled with the SDK's resampler). The same arguments return the same samples.
    /// </summary>
    public static AudioBuffer Speak(string text, int sampleRate = 48000, string voice = "en-us", int wordsPerMinute = 150)
    {
        var key = $"{voice}|{wordsPerMinute}|{sampleRate}|{text}";
        var samples = Cache.GetOrAdd(key, _ => Render(text, sampleRate, voice, wordsPerMinute));
        var buffer = AudioBuffer.Create(1, samples.Length, sampleRate);
        samples.CopyTo(buffer.Channel(0));
        return buffer;
    }

    private static float[] Render(string text, int sampleRate, string voice, int wordsPerMinute)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"augment-espeak-{Guid.NewGuid():N}.wav");
        try
        {
            var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", path, text])
                start.ArgumentList.Add(argument);
            using (var process = Process.Start(start)!)
            {
                var errors = process.StandardError.ReadToEndAsync();
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"espeak-ng failed ({process.ExitCode}): {errors.Result}");
            }
            using var spoken = AudioFile.Load(path);
            if (spoken.SampleRate == sampleRate)
                return spoken.Channel(0).ToArray();
            using var resampled = Resampler.Resample(spoken, sampleRate);
            return resampled.Channel(0).ToArray();
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
