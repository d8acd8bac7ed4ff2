namespace Augment.Audio;

/// <summary>A stretch of a <see cref="BeatGrid"/> at one tempo, from one anchor (or the start) to the next (or the end).</summary>
/// <param name="StartSeconds">Where the segment starts, in seconds.</param>
/// <param name="EndSeconds">Where it ends, in seconds.</param>
/// <param name="Bpm">Its tempo in beats per minute.</param>
/// <param name="BeatCount">Beats that start inside it.</param>
public readonly record struct TempoSegment(double StartSeconds, double EndSeconds, double Bpm, int BeatCount);
