namespace Augment.Audio;

/// <summary>One beat of a <see cref="BeatGrid"/>.</summary>
/// <param name="TimeSeconds">When the beat falls, in seconds.</param>
/// <param name="IsDownbeat">True for the first beat of a bar.</param>
/// <param name="Bar">The bar number (0 is the bar that starts at the first anchor; bars before it are negative).</param>
/// <param name="BeatInBar">Position in the bar, 0 for the downbeat.</param>
/// <param name="Bpm">The tempo from this beat to the next, in beats per minute.</param>
public readonly record struct GridBeat(double TimeSeconds, bool IsDownbeat, int Bar, int BeatInBar, double Bpm);
