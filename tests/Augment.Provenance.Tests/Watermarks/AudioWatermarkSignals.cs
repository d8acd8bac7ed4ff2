using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>Generated test sounds (music-like, speech-like) and the attacks of the audio robustness table (gain, crop, and ffmpeg's MP3, resampler and loudnorm).</summary>
internal static class AudioWatermarkSignals
{
    /// <summary>
    /// Music-like: a melody of harmonic notes (8 partials falling off as 1/k, attack-decay envelopes, 0.2 to 0.6 s
    /// each), a bass line, and hi-hat-like noise bursts every 0.25 s; the channels differ in balance.
    /// </summary>
    public static AudioBuffer Music(double seconds, int sampleRate, int channels, int seed)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * sampleRate);
        var audio = AudioBuffer.Create(channels, frames, sampleRate);
        var melody = new float[frames];
        var bass = new float[frames];
        var hats = new float[frames];
        var t0 = 0;
        while (t0 < frames)
        {
            var length = (int)((0.2 + (0.4 * random.NextDouble())) * sampleRate);
            var f0 = 220 * Math.Pow(2, random.Next(0, 24) / 12.0);
            var fb = 55 * Math.Pow(2, random.Next(0, 12) / 12.0);
            for (var n = 0; n < length && t0 + n < frames; n++)
            {
                var t = (double)n / sampleRate;
                var envelope = Math.Min(1, t / 0.01) * Math.Exp(-t * 3);
                double note = 0;
                for (var k = 1; k <= 8; k++)
                    note += Math.Sin(2 * Math.PI * f0 * k * t) / k;
                melody[t0 + n] = (float)(0.15 * envelope * note);
                bass[t0 + n] = (float)(0.25 * envelope * Math.Sin(2 * Math.PI * fb * t));
            }
            t0 += length;
        }
        var beat = sampleRate / 4;
        for (var start = 0; start < frames; start += beat)
        {
            for (var n = 0; n < beat / 3 && start + n < frames; n++)
                hats[start + n] = (float)(0.08 * Math.Exp(-n * 40.0 / sampleRate) * ((2 * random.NextDouble()) - 1));
        }
        for (var c = 0; c < channels; c++)
        {
            var pan = channels == 1 ? 1f : 0.6f + (0.8f * c / (channels - 1));
            var channel = audio.Channel(c);
            for (var n = 0; n < frames; n++)
                channel[n] = (pan * melody[n]) + bass[n] + ((2 - pan) * hats[n]);
        }
        return audio;
    }

    /// <summary>
    /// Speech-like: a voiced buzz (f0 gliding 100 to 220 Hz) through three vowel formants, syllables of 120 to 300 ms
    /// with fricative noise between some of them, and pauses of silence; the same in every channel.
    /// </summary>
    public static AudioBuffer Speech(double seconds, int sampleRate, int channels, int seed)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * sampleRate);
        var audio = AudioBuffer.Create(channels, frames, sampleRate);
        var voice = audio.Channel(0);
        (double F1, double F2, double F3)[] vowels = [(730, 1090, 2440), (270, 2290, 3010), (300, 870, 2240), (530, 1840, 2480), (640, 1190, 2390)];
        var position = 0;
        var phase = 0.0;
        while (position < frames)
        {
            if (random.NextDouble() < 0.15)
            {
                position += (int)((0.2 + (0.3 * random.NextDouble())) * sampleRate); // pause
                continue;
            }
            var length = (int)((0.12 + (0.18 * random.NextDouble())) * sampleRate);
            var vowel = vowels[random.Next(vowels.Length)];
            var f0Start = 100 + (120 * random.NextDouble());
            var f0End = 100 + (120 * random.NextDouble());
            var fricative = random.NextDouble() < 0.4;
            var fricativeLength = fricative ? (int)(0.06 * sampleRate) : 0;
            for (var n = 0; n < fricativeLength && position + n < frames; n++)
                voice[position + n] = (float)(0.05 * ((2 * random.NextDouble()) - 1) * Math.Sin(Math.PI * n / fricativeLength));
            position += fricativeLength;
            for (var n = 0; n < length && position + n < frames; n++)
            {
                var f0 = f0Start + ((f0End - f0Start) * n / length);
                phase += 2 * Math.PI * f0 / sampleRate;
                double sample = 0;
                for (var k = 1; k * f0 < Math.Min(8000, sampleRate / 2.0); k++)
                {
                    var f = k * f0;
                    var gain = Formant(f, vowel.F1, 90) + (0.5 * Formant(f, vowel.F2, 110)) + (0.25 * Formant(f, vowel.F3, 150));
                    sample += gain * Math.Sin(k * phase) / Math.Sqrt(k);
                }
                var envelope = Math.Sin(Math.PI * n / length);
                voice[position + n] = (float)(0.12 * envelope * sample);
            }
            position += length;
        }
        for (var c = 1; c < channels; c++)
            voice.CopyTo(audio.Channel(c));
        return audio;
    }

    /// <summary>Gaussian noise of the given RMS, independent per channel.</summary>
    public static AudioBuffer Noise(double seconds, int sampleRate, int channels, int seed, float rms = 0.1f)
    {
        var random = new Random(seed);
        var audio = AudioBuffer.Create(channels, (int)(seconds * sampleRate), sampleRate);
        var data = audio.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] = rms * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return audio;
    }

    private static double Formant(double f, double centre, double bandwidth) => 1 / (1 + Math.Pow((f - centre) / bandwidth, 2));

    /// <summary>Whole-signal SNR in dB of <paramref name="marked"/> against <paramref name="original"/> over all channels.</summary>
    public static double SnrDb(AudioBuffer original, AudioBuffer marked)
    {
        double signal = 0, noise = 0;
        var a = original.Data;
        var b = marked.Data;
        for (var i = 0; i < a.Length; i++)
        {
            signal += (double)a[i] * a[i];
            noise += ((double)b[i] - a[i]) * ((double)b[i] - a[i]);
        }
        return 10 * Math.Log10(signal / noise);
    }

    /// <summary>A copy scaled by <paramref name="gainDb"/>.</summary>
    public static AudioBuffer Gain(AudioBuffer audio, double gainDb)
    {
        var copy = audio.Clone();
        var g = (float)Math.Pow(10, gainDb / 20);
        var data = copy.Data;
        for (var i = 0; i < data.Length; i++)
            data[i] *= g;
        return copy;
    }

    /// <summary>Frames <paramref name="start"/> .. <paramref name="start"/> + <paramref name="length"/> of every channel.</summary>
    public static AudioBuffer Crop(AudioBuffer audio, int start, int length)
    {
        var copy = AudioBuffer.Create(audio.Channels, length, audio.SampleRate);
        for (var c = 0; c < audio.Channels; c++)
            audio.Channel(c).Slice(start, length).CopyTo(copy.Channel(c));
        return copy;
    }

    public static string? FfmpegPath => Ffmpeg.Value;

    private static readonly Lazy<string?> Ffmpeg = new(() => FfmpegLocator.FindFfmpeg());

    /// <summary>
    /// Writes the audio as a 32-bit float WAV, runs ffmpeg with <paramref name="encode"/> arguments to
    /// <paramref name="extension"/>, and decodes the result back at <paramref name="outputRate"/> Hz.
    /// </summary>
    public static AudioBuffer ThroughFfmpeg(AudioBuffer audio, string extension, int outputRate, params string[] encode)
    {
        var ffmpeg = FfmpegPath ?? throw new InvalidOperationException("ffmpeg is absent");
        var folder = Path.Combine(Path.GetTempPath(), "augment-audio-wm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "in.wav");
            var encoded = Path.Combine(folder, "out" + extension);
            WriteFloatWav(audio, input);
            Run(ffmpeg, ["-v", "error", "-y", "-i", input, .. encode, encoded]);
            var raw = Run(ffmpeg, ["-v", "error", "-i", encoded, "-f", "f32le", "-c:a", "pcm_f32le", "-ar", outputRate.ToString(CultureInfo.InvariantCulture), "-ac", audio.Channels.ToString(CultureInfo.InvariantCulture), "-"]);
            return AudioBuffer.FromInterleaved(MemoryMarshal.Cast<byte, float>(raw), audio.Channels, outputRate);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A minimal IEEE-float WAV writer (format 3), independent of the SDK's own writer.</summary>
    public static void WriteFloatWav(AudioBuffer audio, string path)
    {
        var samples = new float[audio.Channels * audio.Frames];
        audio.CopyInterleavedTo(samples);
        var data = MemoryMarshal.AsBytes(samples.AsSpan());
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + data.Length);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 3);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), (short)audio.Channels);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), audio.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), audio.SampleRate * audio.Channels * 4);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), (short)(audio.Channels * 4));
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 32);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), data.Length);
        using var file = File.Create(path);
        file.Write(header);
        file.Write(data);
    }

    private static byte[] Run(string ffmpeg, string[] arguments)
    {
        var start = new ProcessStartInfo(ffmpeg, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {errors.Result}");
        return output.ToArray();
    }
}
