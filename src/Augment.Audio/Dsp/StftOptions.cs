namespace Augment.Audio;

/// <summary>
/// Settings of a short-time Fourier transform. The defaults (2048-point periodic Hann, hop 512,
/// centred frames) suit music and speech at 44.1/48 kHz.
/// </summary>
public sealed record StftOptions
{
    /// <summary>Frame and FFT length in samples (any length; 2·3·5-smooth lengths are fastest).</summary>
    public int FftLength { get; init; } = 2048;

    /// <summary>Samples between the starts of consecutive frames (1..<see cref="FftLength"/>).</summary>
    public int HopLength { get; init; } = 512;

    /// <summary>Window applied on analysis and again on synthesis.</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>
    /// When true (the default), frame k is centred on sample k·hop and the signal is padded with
    /// FftLength/2 zeros at each end, so every sample lies under full window overlap. When false,
    /// frame k starts at sample k·hop and no padding is added.
    /// </summary>
    public bool Center { get; init; } = true;

    /// <summary>Number of frequency bins per frame: FftLength/2 + 1.</summary>
    public int BinCount => (FftLength / 2) + 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(FftLength, 2, nameof(FftLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(HopLength, 1, nameof(HopLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HopLength, FftLength, nameof(HopLength));
        if (!Enum.IsDefined(Window))
            throw new ArgumentOutOfRangeException(nameof(Window), Window, "Unknown window kind.");
    }
}
