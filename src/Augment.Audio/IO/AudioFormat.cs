namespace Augment.Audio;

/// <summary>
/// What a stream of audio is: its sample rate, channel count and (optionally) which speaker each
/// channel feeds. Samples themselves are always float32 at full scale ±1 once decoded.
/// </summary>
public readonly record struct AudioFormat
{
    /// <summary>Highest sample rate the SDK accepts (768 kHz, the top of current converters).</summary>
    public const int MaxSampleRate = 768_000;

    /// <summary>Describes a stream of audio.</summary>
    /// <param name="sampleRate">Frames per second, 1..768000.</param>
    /// <param name="channels">Channels per frame, 1..<see cref="AudioBuffer.MaxChannels"/>.</param>
    /// <param name="channelMask">Speaker positions, or <see cref="Speakers.None"/> when unknown.</param>
    public AudioFormat(int sampleRate, int channels, Speakers channelMask = Speakers.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, MaxSampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, AudioBuffer.MaxChannels);
        SampleRate = sampleRate;
        Channels = channels;
        ChannelMask = channelMask;
    }

    /// <summary>Frames per second, in hertz.</summary>
    public int SampleRate { get; }

    /// <summary>Channels per frame.</summary>
    public int Channels { get; }

    /// <summary>Speaker positions of the channels, in order of the set bits; <see cref="Speakers.None"/> when unknown.</summary>
    public Speakers ChannelMask { get; }

    /// <summary>Duration of a number of frames at this rate.</summary>
    /// <param name="frames">A frame count.</param>
    public TimeSpan DurationOf(long frames) => TimeSpan.FromSeconds((double)frames / SampleRate);

    /// <inheritdoc />
    public override string ToString() =>
        ChannelMask == Speakers.None ? $"{Channels} ch @ {SampleRate} Hz" : $"{Channels} ch ({ChannelMask}) @ {SampleRate} Hz";
}
