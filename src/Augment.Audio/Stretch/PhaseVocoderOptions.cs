namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="PhaseVocoder"/>. The defaults (about 46 ms frames, 75% overlap, identity
/// phase locking) suit speech and music at any sample rate.
/// </summary>
public sealed record PhaseVocoderOptions
{
    /// <summary>The defaults.</summary>
    public static PhaseVocoderOptions Default { get; } = new();

    /// <summary>
    /// Analysis frame duration; the FFT length is the power of two nearest this duration at the
    /// signal's sample rate (2048 at 44.1/48 kHz, 1024 at 22.05/16 kHz...). 5..200 ms.
    /// </summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(46);

    /// <summary>Frames per FFT length: the synthesis hop is FftLength / Overlap. 4 or 8 (Hann windows sum to a constant at both).</summary>
    public int Overlap { get; init; } = 4;

    /// <summary>Phase locking around spectral peaks.</summary>
    public PhaseLocking PhaseLocking { get; init; } = PhaseLocking.Identity;

    /// <summary>
    /// Pitch shifting only: keep the spectral envelope (formants) where it was while the harmonics
    /// move. Each frame's envelope E is estimated, and the magnitudes are multiplied by
    /// E(ratio·f)/E(f) before resampling, so after resampling the original envelope sits under the
    /// shifted harmonics.
    /// </summary>
    public bool PreserveFormants { get; init; }

    /// <summary>
    /// The voice's typical fundamental in hertz (50..1000), which sets the envelope's resolution: the
    /// cepstral order is sampleRate / (2·EnvelopeF0Hz), the choice of Röbel and Rodet (2005) for the
    /// true envelope. Too high blurs the formants (order too low); far too low lets the envelope follow
    /// single harmonics. The default suits most speech; set ~100 for low male voices, ~220 for high voices.
    /// </summary>
    public double EnvelopeF0Hz { get; init; } = 150;

    /// <summary>
    /// True-envelope iterations (Röbel and Rodet 2005, "Efficient spectral envelope estimation and its
    /// application to pitch shifting and envelope preservation", DAFx): each one raises the log spectrum
    /// to the cepstrally smoothed one where that is higher, so the envelope rides on the harmonic peaks
    /// instead of averaging peaks and troughs. 0 gives the plain cepstral envelope. 0..64.
    /// </summary>
    public int EnvelopeIterations { get; init; } = 12;

    /// <summary>Frames analysed (and synthesised) in parallel per block, bounded by the input buffer's budget. 1..4096.</summary>
    public int BlockFrames { get; init; } = 64;

    /// <summary>The FFT length for a sample rate.</summary>
    /// <param name="sampleRate">Sample rate in hertz.</param>
    public int FftLengthFor(int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var target = FrameDuration.TotalSeconds * sampleRate;
        var n = 64;
        while (n * 2 <= 8192 * 4 && Math.Abs(Math.Log2(n * 2 / target)) < Math.Abs(Math.Log2(n / target)))
            n *= 2;
        return n;
    }

    internal void Validate()
    {
        if (!(FrameDuration.TotalMilliseconds >= 5 && FrameDuration.TotalMilliseconds <= 200))
            throw new ArgumentOutOfRangeException(nameof(FrameDuration), FrameDuration, "The frame duration must lie between 5 and 200 ms.");
        if (Overlap is not (4 or 8))
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, "The overlap must be 4 or 8.");
        if (!Enum.IsDefined(PhaseLocking))
            throw new ArgumentOutOfRangeException(nameof(PhaseLocking), PhaseLocking, "Unknown phase locking.");
        if (!(EnvelopeF0Hz >= 50 && EnvelopeF0Hz <= 1000))
            throw new ArgumentOutOfRangeException(nameof(EnvelopeF0Hz), EnvelopeF0Hz, "The envelope's fundamental must lie between 50 and 1000 Hz.");
        if (EnvelopeIterations is < 0 or > 64)
            throw new ArgumentOutOfRangeException(nameof(EnvelopeIterations), EnvelopeIterations, "The true-envelope iterations must lie between 0 and 64.");
        if (BlockFrames is < 1 or > 4096)
            throw new ArgumentOutOfRangeException(nameof(BlockFrames), BlockFrames, "The block must hold 1 to 4096 frames.");
    }
}
