namespace Augment.Audio;

/// <summary>The cost that NMF's multiplicative updates decrease (Lee and Seung 2001).</summary>
public enum NmfDivergence
{
    /// <summary>Generalised Kullback–Leibler divergence Σ V·log(V/V̂) − V + V̂: the usual choice for magnitude spectrograms.</summary>
    KullbackLeibler,

    /// <summary>Squared Euclidean distance ½·Σ (V − V̂)²: weighs loud cells more.</summary>
    Euclidean,
}
