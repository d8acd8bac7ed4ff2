namespace Augment.Library;

/// <summary>What an image classifier's output holds.</summary>
public enum ClassifierOutput
{
    /// <summary>Unnormalised scores; the classifier applies a softmax (most exported ImageNet models).</summary>
    Logits = 0,

    /// <summary>Probabilities that already sum to 1 (the model ends in a softmax); used as they are.</summary>
    Probabilities,
}
