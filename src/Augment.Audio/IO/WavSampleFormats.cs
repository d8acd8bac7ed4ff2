namespace Augment.Audio;

/// <summary>Sizes and properties of <see cref="WavSampleFormat"/> values.</summary>
internal static class WavSampleFormats
{
    public static int BytesPerSample(this WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => 1,
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 or WavSampleFormat.IeeeFloat32 => 4,
        WavSampleFormat.IeeeFloat64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };

    public static bool IsFloat(this WavSampleFormat format) => format is WavSampleFormat.IeeeFloat32 or WavSampleFormat.IeeeFloat64;
}
