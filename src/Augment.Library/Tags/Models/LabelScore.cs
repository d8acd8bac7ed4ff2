namespace Augment.Library;

/// <summary>One label and its probability, as an image classifier or a zero-shot CLIP tagger gives it.</summary>
/// <param name="Label">The class label or vocabulary term.</param>
/// <param name="Probability">Probability from 0 to 1 (the scores of one image sum to 1 over all labels).</param>
public readonly record struct LabelScore(string Label, float Probability);
