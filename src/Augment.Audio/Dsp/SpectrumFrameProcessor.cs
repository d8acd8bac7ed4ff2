namespace Augment.Audio;

/// <summary>
/// Modifies one STFT frame in place: the half spectrum of a windowed frame as split real and
/// imaginary parts (<see cref="StftOptions.BinCount"/> values each).
/// </summary>
/// <param name="real">Real parts of bins 0..FftLength/2.</param>
/// <param name="imag">Imaginary parts of bins 0..FftLength/2.</param>
public delegate void SpectrumFrameProcessor(Span<float> real, Span<float> imag);
