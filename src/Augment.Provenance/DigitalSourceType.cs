namespace Augment.Provenance;

/// <summary>IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/), for
/// <see cref="C2paAction.DigitalSourceType"/>.</summary>
public static class DigitalSourceType
{
    private const string Prefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    /// <summary>Captured by a camera or microphone: <c>digitalCapture</c>.</summary>
    public const string DigitalCapture = Prefix + "digitalCapture";
    /// <summary>Made by a trained model (generative AI): <c>trainedAlgorithmicMedia</c>.</summary>
    public const string TrainedAlgorithmicMedia = Prefix + "trainedAlgorithmicMedia";
    /// <summary>A composite that includes generated parts: <c>compositeWithTrainedAlgorithmicMedia</c>.</summary>
    public const string CompositeWithTrainedAlgorithmicMedia = Prefix + "compositeWithTrainedAlgorithmicMedia";
    /// <summary>Made by software without a trained model: <c>algorithmicMedia</c>.</summary>
    public const string AlgorithmicMedia = Prefix + "algorithmicMedia";
    /// <summary>A composite of captured parts: <c>composite</c>.</summary>
    public const string Composite = Prefix + "composite";
    /// <summary>Made by a person with software tools: <c>digitalCreation</c>.</summary>
    public const string DigitalCreation = Prefix + "digitalCreation";
    /// <summary>Edited with a trained model (e.g. AI fill): <c>compositeSynthetic</c>.</summary>
    public const string CompositeSynthetic = Prefix + "compositeSynthetic";
}
