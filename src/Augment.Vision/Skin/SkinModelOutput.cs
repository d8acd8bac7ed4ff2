namespace Augment.Vision;

/// <summary>What the first output of a skin segmentation model (<see cref="SkinMaskOptions.Model"/>) holds.</summary>
public enum SkinModelOutput
{
    /// <summary>[1, 1, H, W] skin probability 0..1 (values outside are clamped).</summary>
    Probability,

    /// <summary>[1, 1, H, W] skin logit; the probability is its logistic sigmoid 1 / (1 + e^−z).</summary>
    Logit,

    /// <summary>
    /// [1, K, H, W] unnormalised class scores (K ≥ 2); the skin probability is the softmax over the K
    /// classes at <see cref="SkinMaskOptions.SkinClassIndex"/>.
    /// </summary>
    ClassScores,

    /// <summary>[1, K, H, W] class probabilities that already sum to 1 (K ≥ 2); channel <see cref="SkinMaskOptions.SkinClassIndex"/> is taken.</summary>
    ClassProbabilities,
}
