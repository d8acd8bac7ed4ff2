namespace Augment.Provenance.Watermarks;

/// <summary>Settings shared by <see cref="AudioWatermark.Embed"/> and <see cref="AudioWatermark.Detect"/>; embed and detect must use the same key.</summary>
public sealed record AudioWatermarkOptions
{
    /// <summary>The defaults: the public default key, strength -15 dB relative to the band, the buffer's budget.</summary>
    public static AudioWatermarkOptions Default { get; } = new();

    /// <summary>
    /// Secret key seeding the pilot cells, chip signs and bit interleaving. A detector without the key finds nothing.
    /// The default is public: use your own for anything that matters.
    /// </summary>
    public ulong Key { get; init; } = 0x4175_676D_656E_7431; // "Augment1"

    /// <summary>
    /// Nominal energy of the mark relative to the signal inside the marked band (1 to 6 kHz), in decibels, -40 to -6:
    /// each 80 ms x 250 Hz cell's magnitudes are scaled by about 1 ± 10^(StrengthDb/20) (up to twice that where the
    /// embedder cancels the host's own fluctuation). The default -15 dB changes a cell's level by about ±1.5 dB and
    /// gives a whole-signal SNR of 26 to 27 dB on speech and music (which keep most of their energy below 1 kHz);
    /// broadband noise gets less. Larger is more robust and more audible.
    /// </summary>
    public double StrengthDb
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -40.0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, -6.0);
            field = value;
        }
    } = -15.0;

    /// <summary>Threads and memory to use; null uses the buffer's own <see cref="AudioBuffer.Budget"/>.</summary>
    public ComputeBudget? Budget { get; init; }
}
