namespace Augment.Audio;

/// <summary>How samples are stored in a WAV file's data chunk.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned integer PCM (128 is silence).</summary>
    Pcm8 = 1,
    /// <summary>16-bit signed little-endian integer PCM.</summary>
    Pcm16,
    /// <summary>24-bit signed little-endian integer PCM, packed in 3 bytes.</summary>
    Pcm24,
    /// <summary>32-bit signed little-endian integer PCM.</summary>
    Pcm32,
    /// <summary>32-bit IEEE 754 float, full scale ±1.</summary>
    IeeeFloat32,
    /// <summary>64-bit IEEE 754 float, full scale ±1 (decoded to float32).</summary>
    IeeeFloat64,
}
