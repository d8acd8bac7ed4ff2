namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="LearnedNoiseReducer"/>: the STFT the model was trained on and how the signal is cut
/// into chunks. The defaults (16 kHz, 512-point FFT, hop 128, periodic Hann, centred frames) match the common
/// mask-estimation models; state the values your model was trained with.
/// </summary>
public sealed record LearnedNoiseReducerOptions
{
    /// <summary>The defaults.</summary>
    public static LearnedNoiseReducerOptions Default { get; } = new();

    /// <summary>Sample rate the model works at, in hertz; other inputs are resampled to it and back (buffers and files).</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>FFT frame length in samples; the model sees FftLength/2 + 1 bins per frame.</summary>
    public int FftLength { get; init; } = 512;

    /// <summary>Hop between frames in samples (periodic Hann window; at most FftLength/2).</summary>
    public int HopLength { get; init; } = 128;

    /// <summary>STFT frames per model run (the chunk whose output is kept), at least 1; bounds memory for long files.</summary>
    public int ChunkFrames { get; init; } = 256;

    /// <summary>
    /// Extra frames fed on each side of a chunk and discarded afterwards, so the chunk's output does not see the cut;
    /// at least FftLength/HopLength, plus the model's own temporal receptive field in frames.
    /// </summary>
    public int ContextFrames { get; init; } = 16;

    /// <summary>Memory budget for the chunk buffers and result buffers; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>
    /// For inputs at a higher rate than <see cref="SampleRate"/> (default true): keep the band above the model's
    /// Nyquist frequency (8 kHz for a 16 kHz model), the input's own content there scaled frame by frame with the gain
    /// the model applied to its top octave, so a 44.1/48 kHz file comes back full-band. False returns only the model's
    /// band (silence above SampleRate/2). A unit mask gives the input back exactly either way below that frequency.
    /// </summary>
    public bool KeepHighBand { get; init; } = true;

    /// <summary>Bins per frame: FftLength/2 + 1.</summary>
    public int BinCount => (FftLength / 2) + 1;

    internal void Validate()
    {
        if (SampleRate is < 1000 or > AudioFormat.MaxSampleRate)
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, $"SampleRate must be between 1000 and {AudioFormat.MaxSampleRate} Hz.");
        if (FftLength is < 16 or > 16384 || (FftLength & (FftLength - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(FftLength), FftLength, "FftLength must be a power of two between 16 and 16384.");
        if (HopLength < 1 || HopLength > FftLength / 2)
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "HopLength must be between 1 and FftLength/2.");
        if (ChunkFrames is < 1 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(ChunkFrames), ChunkFrames, "ChunkFrames must be between 1 and 1,000,000.");
        var least = (FftLength + HopLength - 1) / HopLength;
        if (ContextFrames < least || ContextFrames > 100_000)
            throw new ArgumentOutOfRangeException(nameof(ContextFrames), ContextFrames, $"ContextFrames must be at least FftLength/HopLength ({least}) so chunk edges do not show, and at most 100,000.");
    }
}
