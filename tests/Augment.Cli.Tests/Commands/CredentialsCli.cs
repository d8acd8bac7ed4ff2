using System.CommandLine;
using Augment.Audio;
using System.Runtime.CompilerServices;
using Augment.Cli.Commands;

namespace Augment.Cli.Tests.Commands;

/// <summary>What the <c>credentials</c> verb tests share: running the verbs and finding the C2PA fixtures.</summary>
internal static class CredentialsCli
{
    /// <summary>Runs <c>credentials ...</c> on a root of its own, so the tests do not depend on CliApp's verb list.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.ForWriters(output, error, widthColumns: 240);
        var root = new RootCommand { CredentialsCommand.Create(context) };
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A fixture of tests/Augment.Provenance.Tests/Data/c2pa: the copy linked into the output, else the source tree's.</summary>
    public static string Fixture(string name, [CallerFilePath] string sourcePath = "")
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Data", "c2pa", name);
        if (File.Exists(copied))
            return copied;
        var directory = Path.GetDirectoryName(sourcePath);
        while (directory is not null)
        {
            var candidate = Path.Combine(directory, "tests", "Augment.Provenance.Tests", "Data", "c2pa", name);
            if (File.Exists(candidate))
                return candidate;
            directory = Path.GetDirectoryName(directory);
        }
        Assert.Skip($"C2PA fixture {name} not found (link tests/Augment.Provenance.Tests/Data/c2pa into this project's output).");
        return "";
    }

    /// <summary>Music-like test sound: harmonic notes with decaying envelopes over a quiet noise bed, saved as WAV (float unless <paramref name="options"/> says otherwise).</summary>
    public static string WriteMusic(string path, double seconds, int sampleRate, int channels, WavWriteOptions? options = null)
    {
        var random = new Random(sampleRate + channels);
        var frames = (int)(seconds * sampleRate);
        using var audio = AudioBuffer.Create(channels, frames, sampleRate);
        var noteLength = sampleRate * 3 / 10;
        for (var start = 0; start < frames; start += noteLength)
        {
            var f0 = 196 * Math.Pow(2, random.Next(0, 24) / 12.0);
            for (var n = 0; n < noteLength && start + n < frames; n++)
            {
                var t = (double)n / sampleRate;
                double note = 0;
                for (var k = 1; k <= 10; k++)
                    note += Math.Sin(2 * Math.PI * f0 * k * t) / k;
                var sample = (float)((0.2 * Math.Exp(-4 * t) * note) + (0.01 * ((2 * random.NextDouble()) - 1)));
                for (var c = 0; c < channels; c++)
                    audio.Channel(c)[start + n] = sample;
            }
        }
        AudioFile.SaveWav(audio, path, options);
        return path;
    }
}
