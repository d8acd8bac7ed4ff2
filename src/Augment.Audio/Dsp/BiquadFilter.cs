namespace Augment.Audio;

/// <summary>
/// A biquad section applied to one or more channels, each with its own state. Transposed direct
/// form II with the state and arithmetic in double: float state in TDF-II drifts audibly for low
/// cutoffs at high sample rates (poles near z = 1), double keeps the noise floor near −150 dB.
/// Changing <see cref="Coefficients"/> keeps the state (fine for slow sweeps). Not thread-safe per
/// channel; distinct channels may be processed concurrently.
/// </summary>
public sealed class BiquadFilter
{
    private readonly double[] _state;

    /// <summary>Creates a filter with silent state.</summary>
    /// <param name="coefficients">The section's coefficients.</param>
    /// <param name="channels">Number of independent channels (at least 1).</param>
    public BiquadFilter(BiquadCoefficients coefficients, int channels = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, AudioBuffer.MaxChannels);
        Coefficients = coefficients;
        Channels = channels;
        _state = new double[2 * channels];
    }

    /// <summary>The section's coefficients.</summary>
    public BiquadCoefficients Coefficients { get; set; }

    /// <summary>Number of channels with their own state.</summary>
    public int Channels { get; }

    /// <summary>Filters samples of one channel in place, continuing from that channel's state.</summary>
    /// <param name="samples">The next block of the channel.</param>
    /// <param name="channel">Channel index, 0..Channels−1.</param>
    public void Process(Span<float> samples, int channel = 0) => Process(samples, samples, channel);

    /// <summary>Filters samples of one channel into <paramref name="output"/> (may be the same memory as the input).</summary>
    /// <param name="input">The next block of the channel.</param>
    /// <param name="output">Receives input.Length filtered samples.</param>
    /// <param name="channel">Channel index, 0..Channels−1.</param>
    public void Process(ReadOnlySpan<float> input, Span<float> output, int channel = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        if (output.Length < input.Length)
            throw new ArgumentException($"The output holds {output.Length} samples, fewer than the input's {input.Length}.", nameof(output));
        var c = Coefficients;
        double b0 = c.B0, b1 = c.B1, b2 = c.B2, a1 = c.A1, a2 = c.A2;
        double z1 = _state[2 * channel], z2 = _state[(2 * channel) + 1];
        for (var i = 0; i < input.Length; i++)
        {
            double x = input[i];
            var y = (b0 * x) + z1;
            z1 = (b1 * x) - (a1 * y) + z2;
            z2 = (b2 * x) - (a2 * y);
            output[i] = (float)y;
        }
        // Flush denormals so that a filter fed silence does not slow to a crawl.
        _state[2 * channel] = Math.Abs(z1) < 1e-30 ? 0 : z1;
        _state[(2 * channel) + 1] = Math.Abs(z2) < 1e-30 ? 0 : z2;
    }

    /// <summary>Filters every channel of a buffer in place (the buffer's channel count must equal <see cref="Channels"/>).</summary>
    /// <param name="buffer">The audio; channel c uses state c.</param>
    public void Process(AudioBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Channels != Channels)
            throw new ArgumentException($"The buffer has {buffer.Channels} channels; this filter has state for {Channels}.", nameof(buffer));
        for (var c = 0; c < Channels; c++)
            Process(buffer.Channel(c), c);
    }

    /// <summary>Clears every channel's state (as if the filter had only seen silence).</summary>
    public void Reset() => Array.Clear(_state);
}
