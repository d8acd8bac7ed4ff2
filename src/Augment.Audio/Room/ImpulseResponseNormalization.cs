namespace Augment.Audio;

/// <summary>How <see cref="SweepDeconvolution.Deconvolve"/> scales the measured impulse response.</summary>
public enum ImpulseResponseNormalization
{
    /// <summary>Keep the measured scale (system gain: recording / sweep, in band).</summary>
    None,

    /// <summary>Largest absolute sample (over all channels) becomes 1.</summary>
    Peak,

    /// <summary>Sum of squared samples (over all channels) becomes 1, so a convolution keeps a white signal's power.</summary>
    Energy,
}
