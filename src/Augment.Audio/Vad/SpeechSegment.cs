namespace Augment.Audio;

/// <summary>One stretch of speech found by <see cref="VoiceActivity"/>, from the start of the audio.</summary>
/// <param name="Start">Where speech starts (after <see cref="VadOptions.SpeechPad"/> was added before it).</param>
/// <param name="End">Where speech ends (after the pad was added after it).</param>
/// <param name="MeanProbability">Mean speech probability (0..1) of the analysis frames inside the segment before padding.</param>
public readonly record struct SpeechSegment(TimeSpan Start, TimeSpan End, float MeanProbability)
{
    /// <summary>End minus start.</summary>
    public TimeSpan Duration => End - Start;
}
