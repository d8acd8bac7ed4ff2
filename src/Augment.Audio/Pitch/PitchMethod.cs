namespace Augment.Audio;

/// <summary>How <see cref="PitchTracker"/> picks the fundamental frequency of each frame.</summary>
public enum PitchMethod
{
    /// <summary>
    /// YIN (de Cheveigné &amp; Kawahara 2002): the first dip of the cumulative mean normalised difference
    /// below <see cref="PitchTrackerOptions.Threshold"/>, refined by parabolic interpolation and by the best
    /// estimate among neighbouring frames. Frame by frame, fast; a frame is voiced when such a dip exists.
    /// </summary>
    Yin,

    /// <summary>
    /// Probabilistic YIN (Mauch &amp; Dixon 2014): every dip under a Beta(2, 18) distribution of thresholds
    /// becomes a candidate with a probability, and a hidden Markov model over pitch bins × voiced/unvoiced,
    /// decoded with Viterbi, chooses a smooth track and the voicing. Fewer octave jumps than YIN; slower.
    /// </summary>
    PYin,
}
