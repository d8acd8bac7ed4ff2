using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Audio;

/// <summary>
/// The streaming stage of <see cref="LearnedNoiseReducer"/>: keeps a window of context + chunk + context samples per
/// channel, runs the model on the window's magnitude spectrogram, and emits the chunk's samples. Window starts are
/// whole hops from the signal start, so a chunk's frames are the same frames a whole-signal transform would make.
/// </summary>
internal sealed class LearnedNoiseReducerSource : IAudioSource
{
    private const int ReadBlock = 4096;

    private readonly IAudioSource _inner;
    private readonly LearnedNoiseReducer _reducer;
    private readonly string? _name;
    private readonly CancellationToken _cancellationToken;
    private readonly Stft _stft;
    private readonly int _bins;
    private readonly int _chunkSamples;
    private readonly int _contextSamples;
    private readonly float[][] _window;
    private readonly float[][] _pending;
    private readonly float[] _read;
    private readonly float[] _real;
    private readonly float[] _imag;
    private readonly float[] _magnitude;
    private readonly float[] _signal;
    private long _windowStart;
    private int _windowFilled;
    private long _emitted;
    private bool _sourceEnded;
    private int _pendingOffset;
    private int _pendingCount;

    public LearnedNoiseReducerSource(IAudioSource inner, LearnedNoiseReducer reducer, string? name, CancellationToken cancellationToken)
    {
        _inner = inner;
        _reducer = reducer;
        _name = name;
        _cancellationToken = cancellationToken;
        var options = reducer.Options;
        _stft = new Stft(new StftOptions { FftLength = options.FftLength, HopLength = options.HopLength, Window = WindowKind.Hann, Center = true });
        _bins = options.BinCount;
        _chunkSamples = options.ChunkFrames * options.HopLength;
        _contextSamples = options.ContextFrames * options.HopLength;
        var capacity = _chunkSamples + (2 * _contextSamples);
        var frames = _stft.FrameCount(capacity);
        var channels = inner.Format.Channels;
        (options.Budget ?? ComputeBudget.Default).EnsureAllocation(
            4L * ((channels * ((long)capacity + _chunkSamples + ReadBlock)) + (3L * frames * _bins) + capacity),
            "The learned denoiser's chunk buffers");
        _window = new float[channels][];
        _pending = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            _window[c] = new float[capacity];
            _pending[c] = new float[_chunkSamples];
        }
        _read = new float[ReadBlock * channels];
        _real = new float[frames * _bins];
        _imag = new float[frames * _bins];
        _magnitude = new float[frames * _bins];
        _signal = new float[capacity];
    }

    public AudioFormat Format => _inner.Format;

    public long? LengthFrames => _inner.LengthFrames;

    public int Read(Span<float> destination, int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        var channels = _window.Length;
        if (destination.Length < frames * channels)
            throw new ArgumentException("The destination is shorter than frames × channels.", nameof(destination));
        var given = 0;
        while (given < frames)
        {
            if (_pendingCount == 0 && !ProduceChunk())
                break;
            var take = Math.Min(frames - given, _pendingCount);
            for (var c = 0; c < channels; c++)
                _pending[c].AsSpan(_pendingOffset, take).CopyTo(destination.Slice((c * frames) + given, take));
            _pendingOffset += take;
            _pendingCount -= take;
            given += take;
        }
        return given;
    }

    /// <summary>Fills the window up to the chunk's right context (or the end), runs the model, emits the chunk.</summary>
    private bool ProduceChunk()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var needEnd = _emitted + _chunkSamples + _contextSamples;
        var capacity = _window[0].Length;
        while (!_sourceEnded && _windowStart + _windowFilled < needEnd)
        {
            var want = (int)Math.Min(ReadBlock, Math.Min(capacity - _windowFilled, needEnd - (_windowStart + _windowFilled)));
            var got = _inner.Read(_read, want);
            if (got == 0)
            {
                _sourceEnded = true;
                break;
            }
            for (var c = 0; c < _window.Length; c++)
            {
                var block = _read.AsSpan(c * want, got);
                if (!TensorPrimitives.IsFiniteAll(block))
                    throw NonFinite(block, c);
                block.CopyTo(_window[c].AsSpan(_windowFilled));
            }
            _windowFilled += got;
        }
        var available = _windowStart + _windowFilled;
        if (_emitted >= available)
            return false;
        var emit = (int)Math.Min(_chunkSamples, available - _emitted);
        var offset = (int)(_emitted - _windowStart);
        for (var c = 0; c < _window.Length; c++)
            ProcessSegment(_window[c].AsSpan(0, _windowFilled), offset, emit, _pending[c]);
        _pendingOffset = 0;
        _pendingCount = emit;
        _emitted += emit;
        // Keep the left context of the next chunk; its start stays a whole number of hops from the signal start.
        var drop = (int)(Math.Max(0, _emitted - _contextSamples) - _windowStart);
        if (drop > 0)
        {
            for (var c = 0; c < _window.Length; c++)
                _window[c].AsSpan(drop, _windowFilled - drop).CopyTo(_window[c]);
            _windowStart += drop;
            _windowFilled -= drop;
        }
        return true;
    }

    /// <summary>STFT of the segment, mask from the model, inverse; copies samples [offset, offset + count) to the destination.</summary>
    private void ProcessSegment(ReadOnlySpan<float> segment, int offset, int count, Span<float> destination)
    {
        var frames = _stft.FrameCount(segment.Length);
        var elements = frames * _bins;
        var real = _real.AsSpan(0, elements);
        var imag = _imag.AsSpan(0, elements);
        var magnitude = _magnitude.AsSpan(0, elements);
        _stft.Forward(segment, real, imag);
        DenoiseKernels.Power(real, imag, magnitude);
        TensorPrimitives.Sqrt(magnitude, magnitude);

        var model = _reducer.Model;
        using (var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _magnitude.AsMemory(0, elements), [1, frames, _bins]))
        {
            var inputs = new Dictionary<string, OrtValue>(1, StringComparer.Ordinal) { [model.Inputs[0].Name] = input };
            using var outputs = model.Run(inputs, [model.Outputs[0].Name], _cancellationToken);
            var mask = outputs[0].GetTensorDataAsSpan<float>();
            if (mask.Length != elements)
            {
                var shape = outputs[0].GetTensorTypeAndShape().Shape;
                throw new ModelSignatureException($"Model '{model.Source}' returned a mask of shape [{string.Join(", ", shape)}] for a [1, {frames}, {_bins}] spectrogram; a mask has the input's shape.");
            }
            // Mask in [0, 1] (a model may overshoot slightly); the same gain on the real and imaginary parts keeps the phase.
            TensorPrimitives.Max(mask, 0f, magnitude);
            TensorPrimitives.Min(magnitude, 1f, magnitude);
        }
        TensorPrimitives.Multiply(real, magnitude, real);
        TensorPrimitives.Multiply(imag, magnitude, imag);
        var signal = _signal.AsSpan(0, segment.Length);
        _stft.Inverse(real, imag, signal);
        signal.Slice(offset, count).CopyTo(destination);
    }

    private InvalidMediaException NonFinite(ReadOnlySpan<float> block, int channel)
    {
        var at = 0;
        while (at < block.Length && float.IsFinite(block[at])) at++;
        return new InvalidMediaException(_name, -1, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"sample {_windowStart + _windowFilled + at} of channel {channel} is {block[at]}; noise reduction needs finite samples (replace or drop them first)."));
    }

    public void Dispose() => _inner.Dispose();
}
