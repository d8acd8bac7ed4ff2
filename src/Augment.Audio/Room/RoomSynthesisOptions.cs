namespace Augment.Audio;

/// <summary>What <see cref="RoomSynthesizer"/> builds: per-octave decay times, direct-to-reverberant ratio, rate, channels, seed.</summary>
public sealed record RoomSynthesisOptions
{
    /// <summary>RT60 per octave band in the order of <see cref="RoomAnalyzer.OctaveBandCentersHz"/> (7 values, 0.05 s to 30 s each), in seconds.</summary>
    public required IReadOnlyList<double> Rt60Seconds { get; init; }

    /// <summary>Energy of the direct impulse over the energy of the tail, in dB (−30 to +40).</summary>
    public double DrrDb { get; init; } = 3;

    /// <summary>Sample rate, in hertz (8000 to 384000).</summary>
    public int SampleRate { get; init; } = 48000;

    /// <summary>1 (mono) or 2 (stereo: the same direct sound, decorrelated tails from different seeds).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Seed of the noise; the same options give the same samples.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Length of the response; null: long enough for the slowest band to fall 80 dB.</summary>
    public TimeSpan? Length { get; init; }

    /// <summary>Memory budget; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> or <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Rt60Seconds, nameof(Rt60Seconds));
        if (Rt60Seconds.Count != RoomAnalyzer.OctaveBandCentersHz.Count)
            throw new ArgumentException($"Give one RT60 per octave band ({RoomAnalyzer.OctaveBandCentersHz.Count}: 125 Hz to 8 kHz); got {Rt60Seconds.Count}.", nameof(Rt60Seconds));
        for (var b = 0; b < Rt60Seconds.Count; b++)
            if (!(Rt60Seconds[b] >= 0.05 && Rt60Seconds[b] <= 30))
                throw new ArgumentOutOfRangeException(nameof(Rt60Seconds), Rt60Seconds[b], $"The RT60 of the {RoomAnalyzer.OctaveBandCentersHz[b]} Hz band must be 0.05 s to 30 s.");
        if (!(DrrDb >= -30 && DrrDb <= 40))
            throw new ArgumentOutOfRangeException(nameof(DrrDb), DrrDb, "The DRR must be −30 dB to +40 dB.");
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRate, 8000, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SampleRate, 384000, nameof(SampleRate));
        if (Channels is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "The response has 1 or 2 channels.");
        if (Length is { } length && (length < TimeSpan.FromMilliseconds(10) || length > TimeSpan.FromSeconds(60)))
            throw new ArgumentOutOfRangeException(nameof(Length), length, "The length must be 10 ms to 60 s.");
    }
}
