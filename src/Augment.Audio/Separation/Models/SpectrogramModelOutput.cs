namespace Augment.Audio;

/// <summary>What a spectrogram separation model's output holds per stem, channel, bin and frame.</summary>
public enum SpectrogramModelOutput
{
    /// <summary>A mask (0..1 typically) that multiplies the mix magnitude (MDX-style mask models).</summary>
    Mask,

    /// <summary>The stem's magnitude itself, on the same scale as the input (Open-Unmix).</summary>
    Magnitude,
}
