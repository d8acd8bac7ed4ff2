namespace Augment.Audio;

/// <summary>Argument checks shared by every <see cref="IAudioSource"/> and sink on planar blocks.</summary>
internal static class AudioBlocks
{
    public static void CheckBlock(int length, int frames, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if ((long)frames * channels > length)
            throw new ArgumentException($"A block of {frames} frames x {channels} channels needs {(long)frames * channels} samples; the span has {length}.", nameof(length));
    }
}
