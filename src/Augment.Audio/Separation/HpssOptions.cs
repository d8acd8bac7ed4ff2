namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="HarmonicPercussiveSeparator"/>. The defaults (2048-point Hann frames, hop 512, 31-frame and
/// 31-bin median kernels, power 2, no margin) follow the usual harmonic/percussive setup at 44.1/48 kHz.
/// </summary>
public sealed record HpssOptions
{
    /// <summary>The defaults.</summary>
    public static HpssOptions Default { get; } = new();

    /// <summary>Frame and FFT length in samples.</summary>
    public int FftLength { get; init; } = 2048;

    /// <summary>Samples between frames; FftLength/4 (the default ratio) or FftLength/2 keep perfect reconstruction with the Hann window.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Length of the median filter across time (frames, odd): longer keeps only steadier tones in the harmonic stem.</summary>
    public int HarmonicKernelFrames { get; init; } = 31;

    /// <summary>Length of the median filter across frequency (bins, odd): longer keeps only broader-band events in the percussive stem.</summary>
    public int PercussiveKernelBins { get; init; } = 31;

    /// <summary>Exponent p of the soft masks H^p/(H^p+P^p) (Fitzgerald 2010 used 2; larger is harder, 1..16).</summary>
    public float Power { get; init; } = 2f;

    /// <summary>
    /// Separation margin (Driedger, Müller and Disch 2014), ≥ 1: a cell is harmonic only where H ≥ margin·P (softly), percussive
    /// only where P ≥ margin·H; what neither claims goes to a third stem, <c>residual</c>. 1 (the default) gives two stems.
    /// </summary>
    public float Margin { get; init; } = 1f;

    /// <summary>Threads and memory; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal StftOptions Stft => new() { FftLength = FftLength, HopLength = HopLength, Window = WindowKind.Hann, Center = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FftLength, 16, nameof(FftLength));
        if (HopLength != FftLength / 4 && HopLength != FftLength / 2)
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, $"The hop must be FftLength/4 ({FftLength / 4}) or FftLength/2 ({FftLength / 2}) so the stems sum back to the mix.");
        CheckKernel(HarmonicKernelFrames, nameof(HarmonicKernelFrames));
        CheckKernel(PercussiveKernelBins, nameof(PercussiveKernelBins));
        if (!(Power >= 1f && Power <= 16f))
            throw new ArgumentOutOfRangeException(nameof(Power), Power, "The mask power must lie in 1..16.");
        if (!(Margin >= 1f && Margin <= 100f))
            throw new ArgumentOutOfRangeException(nameof(Margin), Margin, "The margin must lie in 1..100 (1: two stems).");
    }

    private static void CheckKernel(int size, string name)
    {
        if (size < 1 || size > 1001 || size % 2 == 0)
            throw new ArgumentOutOfRangeException(name, size, "A median kernel must be an odd length in 1..1001.");
    }
}
