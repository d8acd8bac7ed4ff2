namespace Augment.Audio;

/// <summary>Analysis/synthesis windows for short-time transforms and spectrum measurement.</summary>
public enum WindowKind
{
    /// <summary>Raised cosine 0.5 − 0.5·cos(2πn/N): the usual STFT window; periodic Hann at hop N/2 or N/4 sums to a constant.</summary>
    Hann,

    /// <summary>Square root of Hann: used as both analysis and synthesis window, its square sums to a constant at hop N/2.</summary>
    SqrtHann,

    /// <summary>0.54 − 0.46·cos(2πn/N): lower first side lobe (−43 dB) than Hann, slow side-lobe decay.</summary>
    Hamming,

    /// <summary>Classic Blackman 0.42 − 0.5·cos(2πn/N) + 0.08·cos(4πn/N): side lobes at −58 dB.</summary>
    Blackman,

    /// <summary>4-term Blackman-Harris (Harris 1978): side lobes at −92 dB, for measuring spectra with a wide dynamic range.</summary>
    BlackmanHarris,

    /// <summary>All ones.</summary>
    Rectangular,
}
