namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="RepetSimSeparator"/>. The defaults (2048-point frames, hop 512, up to 10 repeating frames
/// at least 1 s apart, looked for within ±12 s) suit songs and loops at 44.1/48 kHz.
/// </summary>
public sealed record RepetSimOptions
{
    /// <summary>The defaults.</summary>
    public static RepetSimOptions Default { get; } = new();

    /// <summary>Frame and FFT length in samples.</summary>
    public int FftLength { get; init; } = 2048;

    /// <summary>Samples between frames: FftLength/4 or FftLength/2.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Most frames (the frame itself included) whose median models the repeating background of a frame (k, 2..64).</summary>
    public int MaxRepeatingFrames { get; init; } = 10;

    /// <summary>Least time between two chosen repeating frames (d), so a chosen frame is another repetition rather than the same note's neighbour.</summary>
    public TimeSpan MinRepeatDistance { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Least cosine similarity (t, 0..1) for a frame to count as a repetition.</summary>
    public double MinSimilarity { get; init; }

    /// <summary>
    /// How far before and after a frame repetitions are looked for. This bounds the similarity matrix: only a band of
    /// ±MaxLag around the diagonal is ever computed, one row at a time, so memory does not grow with the square of the length.
    /// </summary>
    public TimeSpan MaxLag { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Threads and memory; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal StftOptions Stft => new() { FftLength = FftLength, HopLength = HopLength, Window = WindowKind.Hann, Center = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FftLength, 16, nameof(FftLength));
        if (HopLength != FftLength / 4 && HopLength != FftLength / 2)
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, $"The hop must be FftLength/4 ({FftLength / 4}) or FftLength/2 ({FftLength / 2}) so the stems sum back to the mix.");
        if (MaxRepeatingFrames is < 2 or > 64)
            throw new ArgumentOutOfRangeException(nameof(MaxRepeatingFrames), MaxRepeatingFrames, "Between 2 and 64 repeating frames.");
        if (MinRepeatDistance < TimeSpan.Zero || MinRepeatDistance > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(MinRepeatDistance), MinRepeatDistance, "The minimum distance must lie in 0..60 s.");
        if (!(MinSimilarity >= 0 && MinSimilarity <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinSimilarity), MinSimilarity, "The similarity threshold must lie in 0..1.");
        if (MaxLag <= TimeSpan.Zero || MaxLag > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(MaxLag), MaxLag, "The maximum lag must lie in (0, 10 min].");
    }
}
