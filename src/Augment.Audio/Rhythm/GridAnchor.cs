namespace Augment.Audio;

/// <summary>How well a <see cref="BeatGrid"/> meets one picture moment.</summary>
/// <param name="TimeSeconds">The cut or motion peak, in seconds.</param>
/// <param name="Kind">Cut or motion peak.</param>
/// <param name="BeatSeconds">The grid beat nearest to it, in seconds.</param>
/// <param name="ResidualSeconds">BeatSeconds − TimeSeconds: 0 (to rounding) where the grid lands on the moment.</param>
/// <param name="OnDownbeat">True when that nearest beat is a downbeat.</param>
public readonly record struct GridAnchor(double TimeSeconds, GridAnchorKind Kind, double BeatSeconds, double ResidualSeconds, bool OnDownbeat);
