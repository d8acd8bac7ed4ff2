namespace Augment.Audio;

/// <summary>An <see cref="IAudioSource"/> that plays an <see cref="AudioBuffer"/> from its start.</summary>
public sealed class AudioBufferSource : IAudioSource
{
    private readonly AudioBuffer _buffer;
    private readonly bool _ownsBuffer;
    private int _position;

    /// <summary>Wraps a buffer.</summary>
    /// <param name="buffer">The samples to play.</param>
    /// <param name="channelMask">Speaker positions of the buffer's channels, when known.</param>
    /// <param name="ownsBuffer">Whether disposing the source disposes the buffer.</param>
    public AudioBufferSource(AudioBuffer buffer, Speakers channelMask = Speakers.None, bool ownsBuffer = false)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        _buffer = buffer;
        _ownsBuffer = ownsBuffer;
        Format = new AudioFormat(buffer.SampleRate, buffer.Channels, channelMask);
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <inheritdoc />
    public long? LengthFrames => _buffer.Frames;

    /// <inheritdoc />
    public int Read(Span<float> destination, int frames)
    {
        AudioBlocks.CheckBlock(destination.Length, frames, Format.Channels);
        var count = Math.Min(frames, _buffer.Frames - _position);
        for (var c = 0; c < Format.Channels; c++)
            _buffer.Channel(c).Slice(_position, count).CopyTo(destination.Slice(c * frames, count));
        _position += count;
        return count;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsBuffer) _buffer.Dispose();
    }
}
