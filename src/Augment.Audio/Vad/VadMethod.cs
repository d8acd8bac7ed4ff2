namespace Augment.Audio;

/// <summary>How <see cref="VoiceActivity"/> tells speech from everything else.</summary>
public enum VadMethod
{
    /// <summary>
    /// The Silero VAD neural network (embedded v4 model, or your own v4/v5 model through
    /// <see cref="VadOptions.Model"/>): robust in noise and music, about 150x real time on one core.
    /// </summary>
    Silero = 0,

    /// <summary>
    /// No model: speech-band energy against an adaptive noise floor (minimum tracking) plus spectral
    /// flatness. Very fast and dependency-free; fine for speech in silence or steady noise, weaker in
    /// non-stationary noise (music, babble), and it needs a moment of non-speech to learn the floor.
    /// </summary>
    Energy = 1,
}
