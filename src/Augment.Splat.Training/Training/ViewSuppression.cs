namespace Augment.Splat.Training;

/// <summary>How much of one training view the loss ignored (masks and transient removal).</summary>
/// <param name="Name">The view's name (or index).</param>
/// <param name="MaskedFraction">Fraction of its pixels excluded by the user mask.</param>
/// <param name="CleansedFraction">Mean fraction of its pixels that transient removal dropped, over the steps where it ran.</param>
public sealed record ViewSuppression(string Name, double MaskedFraction, double CleansedFraction);
