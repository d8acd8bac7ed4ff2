namespace Augment.Audio;

/// <summary>
/// Harmonic/percussive separation by median filtering (Fitzgerald, "Harmonic/percussive separation using median
/// filtering", DAFx 2010): in the magnitude spectrogram, steady tones are horizontal lines and hits are vertical
/// ones, so a median across time keeps the harmonic part H and a median across frequency the percussive part P.
/// Soft masks H^p/(H^p+P^p) split the mix; with a margin m &gt; 1 (Driedger, Müller and Disch, "Extending
/// harmonic-percussive separation of audio signals", ISMIR 2014) a cell is harmonic only where H clearly exceeds m·P
/// and vice versa, and the rest goes to a <c>residual</c> stem. The masks sum to one, so the stems sum to the mix.
/// Memory: about 24-32 bytes per time-frequency cell of one channel (≈ 0.65-0.85 GB for 5 minutes at 44.1 kHz with the
/// defaults); channels run one after another, rows of the median filters in parallel.
/// </summary>
/// <example>
/// <code>
/// using var mix = AudioFile.Load("loop.wav");
/// using var stems = new HarmonicPercussiveSeparator().Separate(mix);
/// stems.SaveWav("stems");                       // stems/harmonic.wav, stems/percussive.wav
/// </code>
/// </example>
public sealed class HarmonicPercussiveSeparator : IStemSeparator
{
    private static readonly string[] TwoStems = ["harmonic", "percussive"];
    private static readonly string[] ThreeStems = ["harmonic", "percussive", "residual"];

    /// <summary>Creates a separator.</summary>
    /// <param name="options">Settings; <see cref="HpssOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public HarmonicPercussiveSeparator(HpssOptions? options = null)
    {
        options ??= HpssOptions.Default;
        options.Validate();
        Options = options;
    }

    /// <summary>The settings in use.</summary>
    public HpssOptions Options { get; }

    /// <summary><c>harmonic</c>, <c>percussive</c>, and <c>residual</c> when <see cref="HpssOptions.Margin"/> &gt; 1.</summary>
    public IReadOnlyList<string> StemNames => Options.Margin > 1f ? ThreeStems : TwoStems;

    /// <inheritdoc />
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The spectrograms would exceed the memory budget.</exception>
    public StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mix);
        var budget = Options.Budget ?? mix.Budget;
        float[]? transposed = null, harmonic = null, percussive = null;
        return SpectralMasking.Separate(mix, Options.Stft, StemNames, budget, 12, (magnitude, frames, bins, _) =>
        {
            var cells = frames * bins;
            transposed ??= GC.AllocateUninitializedArray<float>(cells);
            harmonic ??= GC.AllocateUninitializedArray<float>(cells);
            percussive ??= GC.AllocateUninitializedArray<float>(cells);
            Medians(magnitude, frames, bins, transposed, harmonic, percussive, budget, cancellationToken);
            Masks(harmonic, percussive, cells, Options.Power, Options.Margin, budget, cancellationToken);
            return Options.Margin > 1f ? [harmonic, percussive] : [harmonic];
        }, "Harmonic/percussive separation", progress, cancellationToken);
    }

    /// <summary>
    /// Harmonic (median across time) and percussive (median across frequency) enhanced magnitudes, both frame-major.
    /// Uses <paramref name="transposed"/> as scratch.
    /// </summary>
    internal void Medians(float[] magnitude, int frames, int bins, float[] transposed, float[] harmonic, float[] percussive, ComputeBudget budget, CancellationToken cancellationToken)
    {
        MedianFilterKernels.FilterRows(magnitude, frames, bins, Options.PercussiveKernelBins, percussive, budget, cancellationToken);
        // Across time: transpose so each bin's history is contiguous, filter, transpose back.
        SpectralMasking.Transpose(magnitude, frames, bins, transposed);
        MedianFilterKernels.FilterRows(transposed, bins, frames, Options.HarmonicKernelFrames, magnitude, budget, cancellationToken);
        SpectralMasking.Transpose(magnitude.AsSpan(0, frames * bins), bins, frames, harmonic);
    }

    /// <summary>Turns the enhanced magnitudes into masks in place: harmonic mask into <paramref name="harmonic"/>, percussive into <paramref name="percussive"/>.</summary>
    internal static void Masks(float[] harmonic, float[] percussive, int cells, float power, float margin, ComputeBudget budget, CancellationToken cancellationToken)
    {
        const int Chunk = 1 << 16;
        var chunks = (cells + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, budget.ToParallelOptions(cancellationToken), index =>
        {
            var end = Math.Min(cells, (index + 1) * Chunk);
            for (var i = index * Chunk; i < end; i++)
            {
                float h = harmonic[i], p = percussive[i];
                harmonic[i] = SpectralMasking.SoftMask(h, margin * p, power);
                percussive[i] = SpectralMasking.SoftMask(p, margin * h, power);
            }
        });
    }
}
