namespace Augment.Audio;

/// <summary>The local tempo at one instant.</summary>
/// <param name="TimeSeconds">The instant, in seconds from the start.</param>
/// <param name="Bpm">The tempo there, in beats per minute.</param>
public readonly record struct TempoPoint(double TimeSeconds, double Bpm);
