namespace Augment.Audio.Tests.IO;

/// <summary>Generated test signals and file helpers for the I/O tests.</summary>
internal static class IoSignals
{
    /// <summary>Planar samples: a different sine per channel plus seeded noise, peak below 1, with the extremes ±1 included.</summary>
    public static float[] Planar(int channels, int frames, int seed = 1, bool includeFullScale = true)
    {
        var random = new Random(seed);
        var planes = new float[channels * frames];
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < frames; i++)
                planes[c * frames + i] = (float)(0.6 * Math.Sin(2 * Math.PI * (220 + 110 * c) * i / 48000.0) + 0.3 * (random.NextDouble() * 2 - 1));
            if (includeFullScale && frames >= 2)
            {
                planes[c * frames] = -1f;
                planes[c * frames + 1] = 1f - 1f / 8388608f;
            }
        }
        return planes;
    }

    /// <summary>Quantises planar samples the way an integer format stores them, so a round trip is exact.</summary>
    public static float[] Quantized(float[] planes, WavSampleFormat format)
    {
        var scale = format switch
        {
            WavSampleFormat.Pcm8 => 128.0,
            WavSampleFormat.Pcm16 => 32768.0,
            WavSampleFormat.Pcm24 => 8388608.0,
            WavSampleFormat.Pcm32 => 8388608.0, // 24-bit content is exact in float32 and in 32-bit PCM
            _ => 0,
        };
        if (scale == 0) return (float[])planes.Clone();
        var result = new float[planes.Length];
        for (var i = 0; i < planes.Length; i++)
            result[i] = (float)(Math.Clamp(Math.Round(planes[i] * scale), -scale, scale - 1) / scale);
        return result;
    }

    public static float[] Interleave(float[] planes, int channels)
    {
        var frames = planes.Length / channels;
        var result = new float[planes.Length];
        for (var c = 0; c < channels; c++)
            for (var i = 0; i < frames; i++)
                result[i * channels + c] = planes[c * frames + i];
        return result;
    }

    /// <summary>Reads a whole source into planar samples.</summary>
    public static float[] ReadPlanar(IAudioSource source, int blockFrames = 1000)
    {
        using var buffer = source.ReadAll();
        return buffer.Data.ToArray();
    }

    /// <summary>Writes planar samples to a WAV in memory.</summary>
    public static byte[] WavBytes(float[] planes, int channels, int sampleRate, WavWriteOptions? options = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, new AudioFormat(sampleRate, channels), options, leaveOpen: true))
        {
            writer.Write(planes, planes.Length / channels);
            writer.Complete();
        }
        return stream.ToArray();
    }
}

/// <summary>A temporary folder deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "augment-audio-io-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
