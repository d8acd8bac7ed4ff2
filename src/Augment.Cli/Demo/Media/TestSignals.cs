namespace Augment.Cli.Demo.Media;

/// <summary>Generates the demo's test sound, so the demo needs no downloads.</summary>
internal static class TestSignals
{
    /// <summary>Peak level of the tone: -6 dBFS leaves headroom for steps that add gain.</summary>
    public const float PeakAmplitude = 0.5f;

    /// <summary>Length of the raised-cosine fade at each end, which keeps the tone free of clicks.</summary>
    public static readonly TimeSpan Fade = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// A stereo sine at <paramref name="frequencyHz"/>: sine on the left, cosine (90 degrees ahead) on
    /// the right, so a channel swap or a mono fold shows; both at <see cref="PeakAmplitude"/>, with a
    /// short fade in and out.
    /// </summary>
    public static AudioBuffer StereoTone(double frequencyHz, int sampleRate, int frames, ComputeBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequencyHz);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if (frequencyHz >= sampleRate / 2.0)
            throw new ArgumentOutOfRangeException(nameof(frequencyHz), frequencyHz, $"The tone must lie below the Nyquist frequency ({sampleRate / 2.0} Hz).");
        var buffer = AudioBuffer.Create(2, frames, sampleRate, budget);
        var left = buffer.Channel(0);
        var right = buffer.Channel(1);
        var fadeFrames = Math.Min(frames / 2, (int)Math.Round(Fade.TotalSeconds * sampleRate));
        var step = 2 * Math.PI * frequencyHz / sampleRate;
        for (var n = 0; n < frames; n++)
        {
            var envelope = Envelope(n, frames, fadeFrames);
            var phase = step * n;
            left[n] = (float)(PeakAmplitude * envelope * Math.Sin(phase));
            right[n] = (float)(PeakAmplitude * envelope * Math.Cos(phase));
        }
        return buffer;
    }

    private static double Envelope(int n, int frames, int fadeFrames)
    {
        if (fadeFrames == 0) return 1;
        var edge = Math.Min(n, frames - 1 - n);
        return edge >= fadeFrames ? 1 : 0.5 - 0.5 * Math.Cos(Math.PI * edge / fadeFrames);
    }
}
