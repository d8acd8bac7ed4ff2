namespace Augment.Audio;

/// <summary>What <see cref="WavReader"/> does with NaN and ±infinity in a float WAV.</summary>
public enum NonFiniteSampleHandling
{
    /// <summary>
    /// Replace each non-finite sample with 0 and report it: <see cref="WavReader.NonFiniteSampleCount"/>
    /// counts them and <see cref="WavReader.FirstNonFiniteFrame"/> gives where the first one was.
    /// </summary>
    ReplaceWithZero = 0,
    /// <summary>Throw <see cref="InvalidMediaException"/> naming the byte offset of the first one.</summary>
    Throw,
    /// <summary>Pass them through unchanged (still counted).</summary>
    Keep,
}
