namespace Augment.Audio;

/// <summary>
/// A pull source of audio in blocks of planar float32 samples (full scale ±1), the building block of
/// streaming chains: a reader, a processing stage that wraps another source, or a buffer. A long file
/// goes through a chain in constant memory, one block at a time.
/// </summary>
/// <remarks>
/// <para>The block layout is planar so that every stage can run SIMD kernels over contiguous runs of
/// one channel, and so that a block has the same layout as <see cref="AudioBuffer.Data"/>: a block of
/// <c>frames</c> frames holds <see cref="AudioFormat.Channels"/> planes of <c>frames</c> samples, channel
/// <c>c</c>'s sample <c>i</c> at <c>destination[c * frames + i]</c>. A call that returns
/// <c>n &lt; frames</c> fills the first <c>n</c> samples of each plane; the rest is unspecified.</para>
/// <para>Sources are not thread-safe: one consumer pulls from a source.</para>
/// </remarks>
public interface IAudioSource : IDisposable
{
    /// <summary>Sample rate, channels and speaker positions of the blocks.</summary>
    AudioFormat Format { get; }

    /// <summary>Total frames from the start, when known before reading (a WAV header); <c>null</c> when not (a pipe).</summary>
    long? LengthFrames { get; }

    /// <summary>Reads the next frames into a planar block.</summary>
    /// <param name="destination">At least <c>frames * Format.Channels</c> samples; plane <c>c</c> starts at <c>c * frames</c>.</param>
    /// <param name="frames">Capacity of each plane, in frames (the stride between planes).</param>
    /// <returns>Frames written, between 1 and <paramref name="frames"/>; 0 only at the end of the source (or when <paramref name="frames"/> is 0).</returns>
    int Read(Span<float> destination, int frames);
}
