namespace Augment.Splat.Training;

/// <summary>Adam's constants (Kingma and Ba 2015); the defaults are the 3DGS reference's (PyTorch's betas, ε = 1e-15).</summary>
public sealed record AdamOptions
{
    /// <summary>Decay of the first moment (mean of gradients).</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Decay of the second moment (mean of squared gradients).</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Added to √v̂ so that parameters with no gradient do not divide by zero (3DGS uses 1e-15).</summary>
    public float Epsilon { get; init; } = 1e-15f;

    internal void Validate()
    {
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(Beta1), $"Adam betas must lie in [0, 1); got {Beta1} and {Beta2}.");
        if (!(Epsilon > 0) || !float.IsFinite(Epsilon))
            throw new ArgumentOutOfRangeException(nameof(Epsilon), $"Adam epsilon must be positive and finite; got {Epsilon}.");
    }
}
