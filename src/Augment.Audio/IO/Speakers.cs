namespace Augment.Audio;

/// <summary>
/// Speaker positions of a channel mask, as in WAVE_FORMAT_EXTENSIBLE's <c>dwChannelMask</c>
/// (Microsoft KSAUDIO_SPEAKER_* bits). Channels are stored in the order of the set bits, lowest first.
/// </summary>
[Flags]
public enum Speakers
{
    /// <summary>No positions assigned (the channels have no speaker meaning, or it is unknown).</summary>
    None = 0,
    /// <summary>Front left.</summary>
    FrontLeft = 0x1,
    /// <summary>Front right.</summary>
    FrontRight = 0x2,
    /// <summary>Front centre.</summary>
    FrontCenter = 0x4,
    /// <summary>Low-frequency effects (LFE).</summary>
    LowFrequency = 0x8,
    /// <summary>Back left.</summary>
    BackLeft = 0x10,
    /// <summary>Back right.</summary>
    BackRight = 0x20,
    /// <summary>Front left of centre.</summary>
    FrontLeftOfCenter = 0x40,
    /// <summary>Front right of centre.</summary>
    FrontRightOfCenter = 0x80,
    /// <summary>Back centre.</summary>
    BackCenter = 0x100,
    /// <summary>Side left.</summary>
    SideLeft = 0x200,
    /// <summary>Side right.</summary>
    SideRight = 0x400,
    /// <summary>Top centre.</summary>
    TopCenter = 0x800,
    /// <summary>Top front left.</summary>
    TopFrontLeft = 0x1000,
    /// <summary>Top front centre.</summary>
    TopFrontCenter = 0x2000,
    /// <summary>Top front right.</summary>
    TopFrontRight = 0x4000,
    /// <summary>Top back left.</summary>
    TopBackLeft = 0x8000,
    /// <summary>Top back centre.</summary>
    TopBackCenter = 0x10000,
    /// <summary>Top back right.</summary>
    TopBackRight = 0x20000,
    /// <summary>Mono: front centre.</summary>
    Mono = FrontCenter,
    /// <summary>Stereo: front left and right.</summary>
    Stereo = FrontLeft | FrontRight,
    /// <summary>Quad: front and back pairs.</summary>
    Quad = FrontLeft | FrontRight | BackLeft | BackRight,
    /// <summary>5.1 with back surrounds (KSAUDIO_SPEAKER_5POINT1).</summary>
    Surround51 = FrontLeft | FrontRight | FrontCenter | LowFrequency | BackLeft | BackRight,
    /// <summary>7.1 with side and back surrounds (KSAUDIO_SPEAKER_7POINT1_SURROUND).</summary>
    Surround71 = Surround51 | SideLeft | SideRight,
}
