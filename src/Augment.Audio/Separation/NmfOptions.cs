namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="NmfSeparator"/>. The defaults (2048-point frames, hop 512, 16 components, 100 iterations of
/// the Kullback–Leibler updates, seed 0, two stems, mask power 2) suit a few minutes of music at 44.1/48 kHz.
/// </summary>
public sealed record NmfOptions
{
    /// <summary>The defaults.</summary>
    public static NmfOptions Default { get; } = new();

    /// <summary>Frame and FFT length in samples.</summary>
    public int FftLength { get; init; } = 2048;

    /// <summary>Samples between frames: FftLength/4 or FftLength/2.</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Number of components K when unsupervised; components per stem when bases are learned from examples (1..256).</summary>
    public int Components { get; init; } = 16;

    /// <summary>Multiplicative-update iterations (1..10000).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>The cost the updates decrease.</summary>
    public NmfDivergence Divergence { get; init; } = NmfDivergence.KullbackLeibler;

    /// <summary>Seed of the random initialisation: the same seed and input give the same stems.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Unsupervised only: how many stems the components are grouped into, by spectral centroid (lowest-centroid group
    /// first: <c>part1</c> … <c>partN</c>), 2..16 and at most <see cref="Components"/>.
    /// </summary>
    public int Stems { get; init; } = 2;

    /// <summary>Exponent p of the soft masks V̂ₛ^p / Σ V̂ᵢ^p (2: Wiener-like on magnitudes; 1..16).</summary>
    public float MaskPower { get; init; } = 2f;

    /// <summary>Threads and memory; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal StftOptions Stft => new() { FftLength = FftLength, HopLength = HopLength, Window = WindowKind.Hann, Center = true };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FftLength, 16, nameof(FftLength));
        if (HopLength != FftLength / 4 && HopLength != FftLength / 2)
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, $"The hop must be FftLength/4 ({FftLength / 4}) or FftLength/2 ({FftLength / 2}) so the stems sum back to the mix.");
        if (Components is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(Components), Components, "Between 1 and 256 components.");
        if (Iterations is < 1 or > 10000) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Between 1 and 10000 iterations.");
        if (!Enum.IsDefined(Divergence)) throw new ArgumentOutOfRangeException(nameof(Divergence), Divergence, "Unknown divergence.");
        if (Stems < 2 || Stems > 16 || Stems > Components)
            throw new ArgumentOutOfRangeException(nameof(Stems), Stems, $"Between 2 and 16 stems, and no more than the {Components} components.");
        if (!(MaskPower >= 1f && MaskPower <= 16f)) throw new ArgumentOutOfRangeException(nameof(MaskPower), MaskPower, "The mask power must lie in 1..16.");
    }
}
