using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// A streaming stage: pulls blocks from another source and returns them noise-reduced, time-aligned
/// (the STFT latency is removed) and of the same length. Constant memory; not thread-safe.
/// </summary>
internal sealed class NoiseReducerSource : IAudioSource
{
    private const int BlockFrames = 4096;

    private readonly IAudioSource _inner;
    private readonly DenoiseChannel[] _channels;
    private readonly string? _name;
    private readonly float[] _input;
    private readonly float[][] _outputs;
    private readonly int[] _written;
    private readonly ParallelOptions? _parallel;
    private float[][] _pending;
    private int _pendingCount;
    private int _skip;
    private long _framesIn;
    private bool _ended;
    private float[]? _primer;
    private int _primerFrames;
    private int _primerOffset;

    public NoiseReducerSource(IAudioSource inner, NoiseReducerOptions options, float[][]? fixedNoise, string? name)
    {
        _inner = inner;
        _name = name;
        var format = inner.Format;
        _channels = new DenoiseChannel[format.Channels];
        for (var c = 0; c < _channels.Length; c++)
            _channels[c] = new DenoiseChannel(options, format.SampleRate, fixedNoise is null ? default : fixedNoise[c]);
        var stft = _channels[0].Stft;
        _skip = stft.LatencySamples;
        _input = new float[BlockFrames * format.Channels];
        _outputs = new float[format.Channels][];
        for (var c = 0; c < _outputs.Length; c++)
            _outputs[c] = new float[Math.Max(BlockFrames + stft.Options.HopLength, stft.Options.FftLength)];
        _written = new int[format.Channels];
        // Channels are independent: with several channels and threads, each block's channels run in parallel.
        var budget = options.Budget ?? ComputeBudget.Default;
        if (format.Channels > 1 && budget.MaxThreads > 1)
            _parallel = budget.ToParallelOptions();
        if (fixedNoise is null)
            _primer = new float[(int)Math.Ceiling(options.MinimumStatisticsWindow.TotalSeconds * format.SampleRate) * format.Channels];
        _pending = new float[format.Channels][];
        for (var c = 0; c < _pending.Length; c++) _pending[c] = new float[BlockFrames * 2];
    }

    public AudioFormat Format => _inner.Format;

    public long? LengthFrames => _inner.LengthFrames;

    public int Read(Span<float> destination, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        if (destination.Length < frames * _channels.Length)
            throw new ArgumentException("The destination is shorter than frames × channels.", nameof(destination));
        while (_pendingCount < frames && !_ended)
            Pull();
        var give = Math.Min(frames, _pendingCount);
        for (var c = 0; c < _channels.Length; c++)
        {
            _pending[c].AsSpan(0, give).CopyTo(destination.Slice(c * frames, give));
            _pending[c].AsSpan(give, _pendingCount - give).CopyTo(_pending[c]);
        }
        _pendingCount -= give;
        return give;
    }

    /// <summary>Reads the first noise-window of the stream, primes every channel's tracker with it, and keeps it to replay.</summary>
    private void Prime()
    {
        var capacity = _primer!.Length / _channels.Length;
        while (_primerFrames < capacity)
        {
            var stride = Math.Min(BlockFrames, capacity - _primerFrames);
            var got = _inner.Read(_input, stride);
            if (got == 0) break;
            for (var c = 0; c < _channels.Length; c++)
                _input.AsSpan(c * stride, got).CopyTo(_primer.AsSpan((c * capacity) + _primerFrames));
            _primerFrames += got;
        }
        for (var c = 0; c < _channels.Length; c++)
        {
            var samples = _primer.AsSpan(c * capacity, _primerFrames);
            if (!TensorPrimitives.IsFiniteAll(samples))
                throw NonFinite(samples, c);
            _channels[c].Prime(samples);
        }
    }

    /// <summary>Next input block: from the primer while it lasts, then from the source.</summary>
    private int ReadInput()
    {
        if (_primer is null)
            return _inner.Read(_input, BlockFrames);
        if (_primerOffset == 0 && _primerFrames == 0)
            Prime();
        var capacity = _primer.Length / _channels.Length;
        var got = Math.Min(BlockFrames, _primerFrames - _primerOffset);
        for (var c = 0; c < _channels.Length; c++)
            _primer.AsSpan((c * capacity) + _primerOffset, got).CopyTo(_input.AsSpan(c * BlockFrames));
        _primerOffset += got;
        if (_primerOffset == _primerFrames)
            _primer = null;
        return got > 0 ? got : _inner.Read(_input, BlockFrames);
    }

    private void Pull()
    {
        var got = ReadInput();
        // Check every channel before any work, so a bad sample is one InvalidMediaException, not an AggregateException.
        for (var c = 0; c < _channels.Length && got > 0; c++)
        {
            var block = _input.AsSpan(c * BlockFrames, got);
            if (!TensorPrimitives.IsFiniteAll(block))
                throw NonFinite(block, c);
        }
        if (_parallel is null)
        {
            for (var c = 0; c < _channels.Length; c++)
                RunChannel(c, got);
        }
        else
        {
            Parallel.For(0, _channels.Length, _parallel, c => RunChannel(c, got));
        }
        // Every channel's transform emits the same number of samples for the same input.
        var written = _written[0];
        var drop = Math.Min(_skip, written);
        _skip -= drop;
        _pendingCount += written - drop;
        _framesIn += got;
        _ended = got == 0;
    }

    /// <summary>One channel's share of a block: transform (or flush at the end) and append behind its pending samples.</summary>
    private void RunChannel(int c, int got)
    {
        var written = got == 0
            ? _channels[c].Stft.Flush(_outputs[c], _channels[c].Processor)
            : _channels[c].Stft.Process(_input.AsSpan(c * BlockFrames, got), _outputs[c], _channels[c].Processor);
        _written[c] = written;
        Append(c, written);
    }

    /// <summary>Copies channel c's new output behind the pending samples, dropping what is left of the latency.</summary>
    private void Append(int c, int written)
    {
        var drop = Math.Min(_skip, written);
        var keep = written - drop;
        if (_pending[c].Length < _pendingCount + keep)
            Array.Resize(ref _pending[c], Math.Max(_pending[c].Length * 2, _pendingCount + keep));
        _outputs[c].AsSpan(drop, keep).CopyTo(_pending[c].AsSpan(_pendingCount));
    }

    private InvalidMediaException NonFinite(ReadOnlySpan<float> block, int channel)
    {
        var at = 0;
        while (at < block.Length && float.IsFinite(block[at])) at++;
        return new InvalidMediaException(_name, -1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sample {_framesIn + at} of channel {channel} is {block[at]}; noise reduction needs finite samples (replace or drop them first)."));
    }

    public void Dispose() => _inner.Dispose();
}
