namespace Augment.Audio;

/// <summary>How a phase vocoder keeps the bins around a spectral peak coherent with the peak.</summary>
public enum PhaseLocking
{
    /// <summary>
    /// Every bin's phase is advanced by its own instantaneous frequency (the classic phase vocoder of
    /// Flanagan and Golden 1966, Portnoff 1976): bins of one partial drift apart, which sounds "phasy".
    /// </summary>
    None,

    /// <summary>
    /// Identity phase locking (Laroche and Dolson 1999, "Improved phase vocoder time-scale
    /// modification of audio", IEEE TSAP 7(3), eq. 9): only spectral peaks are advanced by their
    /// instantaneous frequency; every other bin in a peak's region of influence keeps the phase
    /// difference to the peak it had in the analysis frame.
    /// </summary>
    Identity,
}
