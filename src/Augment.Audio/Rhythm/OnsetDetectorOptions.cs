namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="OnsetDetector"/>: the spectrogram behind the spectral-flux envelope and the
/// adaptive threshold and peak picking that turn the envelope into onset times. The defaults (23 ms
/// frames every 5 ms, 64 mel bands from 30 Hz to 16 kHz) suit music at any common sample rate.
/// </summary>
public sealed record OnsetDetectorOptions
{
    /// <summary>Analysis frame length in seconds (rounded to a fast FFT length at the input rate).</summary>
    public double WindowSeconds { get; init; } = 0.023;

    /// <summary>Time between envelope frames in seconds (the envelope's frame rate is its inverse, before rounding to whole samples).</summary>
    public double HopSeconds { get; init; } = 0.005;

    /// <summary>Number of triangular mel bands the magnitude spectrum is summed into.</summary>
    public int MelBands { get; init; } = 64;

    /// <summary>Lowest band edge in Hz.</summary>
    public double MinFrequencyHz { get; init; } = 30;

    /// <summary>Highest band edge in Hz (clamped to the Nyquist frequency).</summary>
    public double MaxFrequencyHz { get; init; } = 16000;

    /// <summary>
    /// λ of the log compression log(1 + λ·M) applied to each band magnitude M (the spectrum is scaled
    /// so that a full-scale sine has magnitude 0.5). Larger values weigh quiet onsets more.
    /// </summary>
    public double CompressionGain { get; init; } = 1000;

    /// <summary>
    /// Offset added to the moving median of the envelope (normalised to 0..1) that a peak must reach
    /// to count as an onset.
    /// </summary>
    public double ThresholdDelta { get; init; } = 0.07;

    /// <summary>Half-width in seconds of the moving median that forms the adaptive threshold.</summary>
    public double MedianWindowSeconds { get; init; } = 0.1;

    /// <summary>Half-width in seconds of the neighbourhood a peak must be the maximum of.</summary>
    public double PeakWindowSeconds { get; init; } = 0.03;

    /// <summary>Shortest time in seconds between two reported onsets.</summary>
    public double MinimumIntervalSeconds { get; init; } = 0.03;

    /// <summary>The default settings.</summary>
    public static OnsetDetectorOptions Default { get; } = new();

    internal void Validate(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000, nameof(sampleRate));
        if (!(WindowSeconds > 0 && WindowSeconds * sampleRate >= 16))
            throw new ArgumentException($"WindowSeconds = {WindowSeconds}: The window must span at least 16 samples at {sampleRate} Hz.");
        if (!(HopSeconds > 0 && HopSeconds * sampleRate >= 1 && HopSeconds <= WindowSeconds))
            throw new ArgumentException($"HopSeconds = {HopSeconds}: The hop must be at least one sample at {sampleRate} Hz and at most the window ({WindowSeconds} s).");
        ArgumentOutOfRangeException.ThrowIfLessThan(MelBands, 1, nameof(MelBands));
        if (!(MinFrequencyHz >= 0 && MaxFrequencyHz > MinFrequencyHz))
            throw new ArgumentException($"MaxFrequencyHz = {MaxFrequencyHz}: The band range must satisfy 0 <= MinFrequencyHz ({MinFrequencyHz}) < MaxFrequencyHz.");
        if (!(MinFrequencyHz < sampleRate / 2.0))
            throw new ArgumentException($"MinFrequencyHz = {MinFrequencyHz}: MinFrequencyHz must lie below the Nyquist frequency {sampleRate / 2.0} Hz.");
        if (!(CompressionGain > 0))
            throw new ArgumentException($"CompressionGain = {CompressionGain}: The compression gain must be positive.");
        if (!(ThresholdDelta >= 0))
            throw new ArgumentException($"ThresholdDelta = {ThresholdDelta}: The threshold offset must not be negative.");
        if (!(MedianWindowSeconds >= 0 && PeakWindowSeconds >= 0 && MinimumIntervalSeconds >= 0))
            throw new ArgumentException("Window widths and the minimum interval must not be negative.");
    }
}
