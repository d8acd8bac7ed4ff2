namespace Augment.Audio;

/// <summary>Decay time of one octave band (or broadband) estimated from a recording without a sweep.</summary>
/// <param name="CenterHz">Octave-band centre in hertz; 0 for the broadband row.</param>
/// <param name="Rt60Seconds">Estimated reverberation time, in seconds; NaN when no usable free decay was found.</param>
/// <param name="DecaysUsed">How many free-decay segments passed the checks and were combined.</param>
/// <param name="Note">Why <see cref="Rt60Seconds"/> is NaN; null otherwise.</param>
public sealed record BlindBandEstimate(double CenterHz, double Rt60Seconds, int DecaysUsed, string? Note);
