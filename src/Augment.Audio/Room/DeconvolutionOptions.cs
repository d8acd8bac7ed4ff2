namespace Augment.Audio;

/// <summary>Settings of <see cref="SweepDeconvolution.Deconvolve"/>.</summary>
public sealed record DeconvolutionOptions
{
    /// <summary>Peak-normalised, trimmed at the noise floor, 2 ms kept before the onset.</summary>
    public static DeconvolutionOptions Default { get; } = new();

    /// <summary>How the impulse response is scaled; <see cref="ImpulseResponseNormalization.Peak"/> by default.</summary>
    public ImpulseResponseNormalization Normalization { get; init; } = ImpulseResponseNormalization.Peak;

    /// <summary>Cut the tail where the decay meets the noise floor (Lundeby's crossing point); when false the IR runs to the end of the linear part.</summary>
    public bool TrimAtNoiseFloor { get; init; } = true;

    /// <summary>Cut the samples before the onset (first sample within 20 dB of the peak, ISO 3382-1 A.3.4) except this margin; null keeps t = 0 of the recording (the IR then carries the playback latency).</summary>
    public TimeSpan? PreOnset { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Tikhonov regularisation of the spectral division, in dB below the sweep's strongest bin (−200 to −20): bins weaker than this are attenuated instead of amplified.</summary>
    public double RegularizationDb { get; init; } = -60;

    /// <summary>Memory budget for the FFT buffers; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Normalization))
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, "Unknown normalisation.");
        if (PreOnset is { } pre && (pre < TimeSpan.Zero || pre > TimeSpan.FromSeconds(1)))
            throw new ArgumentOutOfRangeException(nameof(PreOnset), pre, "The pre-onset margin must be 0 to 1 s.");
        if (!(RegularizationDb >= -200 && RegularizationDb <= -20))
            throw new ArgumentOutOfRangeException(nameof(RegularizationDb), RegularizationDb, "The regularisation must be −200 to −20 dB.");
    }
}
