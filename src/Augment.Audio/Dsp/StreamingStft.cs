namespace Augment.Audio;

/// <summary>
/// STFT → spectral processing → ISTFT on a stream, frame by frame, in constant memory. Feed any
/// chunk sizes to <see cref="Process"/>; output is the input delayed by
/// <see cref="LatencySamples"/> (FftLength − HopLength), modified by the frame processor, and does
/// not depend on how the input was split. With no processor (or one that leaves the spectrum alone)
/// the output reproduces the input to float rounding. <see cref="StftOptions.Center"/> is ignored:
/// the stream starts with FftLength − HopLength zeros of history. Not thread-safe (it holds state).
/// </summary>
public sealed class StreamingStft
{
    private readonly Stft _stft;
    private readonly float[] _input;
    private readonly float[] _accumulator;
    private readonly float[] _frame;
    private readonly float[] _real;
    private readonly float[] _imag;
    private readonly float[] _inverseWeight;
    private int _filled;

    /// <summary>Creates a streaming transform.</summary>
    /// <param name="options">Frame length, hop and window; <see cref="StftOptions"/> defaults when null.</param>
    public StreamingStft(StftOptions? options = null)
    {
        _stft = new Stft(options);
        var n = _stft.Options.FftLength;
        var hop = _stft.Options.HopLength;
        _input = new float[n];
        _accumulator = new float[n];
        _frame = new float[n];
        _real = new float[_stft.BinCount];
        _imag = new float[_stft.BinCount];
        var sums = new float[hop];
        _stft.WindowSquareSum(sums);
        _inverseWeight = new float[hop];
        for (var i = 0; i < hop; i++)
        {
            if (sums[i] <= 1e-8f)
                throw new ArgumentException($"The {_stft.Options.Window} window at hop {hop} leaves sample phase {i} uncovered; choose a smaller hop.", nameof(options));
            _inverseWeight[i] = 1f / sums[i];
        }
        Reset();
    }

    /// <summary>The settings.</summary>
    public StftOptions Options => _stft.Options;

    /// <summary>Delay of the output behind the input, in samples: FftLength − HopLength.</summary>
    public int LatencySamples => Options.FftLength - Options.HopLength;

    /// <summary>
    /// Consumes <paramref name="input"/> and writes every output sample that is complete. Output
    /// comes in whole hops: after N input samples in total, ⌊N/hop⌋·hop output samples have been written.
    /// </summary>
    /// <param name="input">The next samples of the stream.</param>
    /// <param name="output">Receives output; must hold at least input.Length + HopLength samples.</param>
    /// <param name="processor">Modifies each frame's spectrum; null passes it through.</param>
    /// <returns>Number of samples written to <paramref name="output"/>.</returns>
    public int Process(ReadOnlySpan<float> input, Span<float> output, SpectrumFrameProcessor? processor = null)
    {
        var hop = Options.HopLength;
        if (output.Length < input.Length + hop)
            throw new ArgumentException($"The output must hold at least input length + hop ({input.Length + hop}) samples.", nameof(output));
        var n = Options.FftLength;
        var written = 0;
        while (!input.IsEmpty)
        {
            var take = Math.Min(input.Length, n - _filled);
            input[..take].CopyTo(_input.AsSpan(_filled));
            _filled += take;
            input = input[take..];
            if (_filled < n)
                break;

            _stft.AnalyzeFrame(_input, _real, _imag);
            processor?.Invoke(_real, _imag);
            _stft.SynthesizeFrame(_real, _imag, _frame);
            System.Numerics.Tensors.TensorPrimitives.Add(_accumulator, _frame, _accumulator);

            // The first hop samples of the accumulator receive no more frames: emit them.
            var done = output.Slice(written, hop);
            System.Numerics.Tensors.TensorPrimitives.Multiply(_accumulator.AsSpan(0, hop), _inverseWeight, done);
            written += hop;
            _accumulator.AsSpan(hop).CopyTo(_accumulator);
            _accumulator.AsSpan(n - hop).Clear();
            _input.AsSpan(hop).CopyTo(_input);
            _filled = n - hop;
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: feeds zeros until every input sample has come out (LatencySamples plus the
    /// partial hop), and resets the state. Allocates a little scratch; call it once per stream.
    /// </summary>
    /// <param name="output">Receives the tail; must hold at least FftLength samples.</param>
    /// <param name="processor">Modifies each frame's spectrum; null passes it through.</param>
    /// <returns>Number of samples written: the input samples not yet output.</returns>
    public int Flush(Span<float> output, SpectrumFrameProcessor? processor = null)
    {
        var n = Options.FftLength;
        var hop = Options.HopLength;
        if (output.Length < n)
            throw new ArgumentException($"The output must hold at least FftLength ({n}) samples.", nameof(output));
        // Samples still owed: the latency plus what sits in a partly filled hop (fewer than FftLength).
        var owed = LatencySamples + (_filled - (n - hop));
        var zeros = new float[hop];
        var tail = new float[owed + (2 * hop)];
        var written = 0;
        while (written < owed)
            written += Process(zeros.AsSpan(0, n - _filled), tail.AsSpan(written), processor);
        tail.AsSpan(0, owed).CopyTo(output);
        Reset();
        return owed;
    }

    /// <summary>Forgets the stream: the next sample starts a new one.</summary>
    public void Reset()
    {
        Array.Clear(_input);
        Array.Clear(_accumulator);
        _filled = Options.FftLength - Options.HopLength;
    }
}
