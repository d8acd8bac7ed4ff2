using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// The streaming engine behind <see cref="PitchTracker"/>: mono samples are pushed in blocks of any size;
/// frames are analysed <see cref="BlockFrames"/> at a time in parallel (plus a few frames of context each side
/// for YIN's best-local-estimate step, so results do not depend on how the input is cut), and the pYIN HMM
/// decodes with a fixed lag. Memory is constant apart from the per-frame results.
/// </summary>
internal sealed class PitchAnalyzer
{
    internal const int BlockFrames = 256;

    private readonly PitchTrackerOptions _options;
    private readonly int _sampleRate;
    private readonly int _hop;
    private readonly int _window;
    private readonly int _minLag;
    private readonly int _maxLag;
    private readonly int _lags;
    private readonly int _frameLength;
    private readonly int _context;
    private readonly double _silence;
    private readonly PyinDecoder? _decoder;
    private readonly ParallelOptions _parallel;
    private float[] _buffer = new float[1 << 15];
    private long _bufferStart;
    private int _bufferCount;
    private long _nextFrame;
    private float[] _frequencies = new float[1024];
    private float[] _voicing = new float[1024];
    private int _emitted;

    // Per-block results.
    private readonly float[] _normalized;
    private readonly int[] _lag;
    private readonly float[] _value;
    private readonly bool[] _below;
    private readonly bool[] _loud;
    private readonly double[] _candidateLags;
    private readonly double[] _candidateProbabilities;
    private readonly int[] _candidateCounts;

    internal PitchAnalyzer(PitchTrackerOptions options, int sampleRate, CancellationToken cancellationToken)
    {
        options.ValidateFor(sampleRate);
        _options = options;
        _sampleRate = sampleRate;
        _hop = options.HopSamples(sampleRate);
        _window = options.WindowSamples(sampleRate);
        _minLag = options.MinLag(sampleRate);
        _maxLag = options.MaxLag(sampleRate);
        _lags = _maxLag + 2;
        _frameLength = _window + _lags - 1;
        _silence = options.SilenceThresholdDb <= -200 ? -1 : Math.Pow(10, options.SilenceThresholdDb / 10);
        // YIN step 6 looks for a better estimate within half a window either side (the paper's ±Tmax/2).
        _context = options.Method == PitchMethod.Yin ? Math.Clamp((int)Math.Round(0.5 * _window / _hop), 1, 4) : 0;
        var rows = BlockFrames + (2 * _context);
        (options.Budget ?? ComputeBudget.Default).EnsureAllocation((long)rows * _lags * sizeof(float), "The pitch tracker's block of difference functions");
        _normalized = options.Method == PitchMethod.Yin ? new float[rows * _lags] : [];
        _lag = new int[rows];
        _value = new float[rows];
        _below = new bool[rows];
        _loud = new bool[rows];
        _candidateLags = options.Method == PitchMethod.PYin ? new double[BlockFrames * PyinDecoder.MaxCandidates] : [];
        _candidateProbabilities = options.Method == PitchMethod.PYin ? new double[BlockFrames * PyinDecoder.MaxCandidates] : [];
        _candidateCounts = new int[BlockFrames];
        _parallel = (options.Budget ?? ComputeBudget.Default).ToParallelOptions(cancellationToken);
        if (options.Method == PitchMethod.PYin) _decoder = new PyinDecoder(options, sampleRate, _hop, Emit);
    }

    internal int HopSamples => _hop;

    internal long SamplesPushed => _bufferStart + _bufferCount;

    private long FrameStart(long frame) => (frame * _hop) - (_frameLength / 2);

    internal void Push(ReadOnlySpan<float> samples)
    {
        while (samples.Length > 0)
        {
            if (_bufferCount == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var n = Math.Min(samples.Length, _buffer.Length - _bufferCount);
            samples[..n].CopyTo(_buffer.AsSpan(_bufferCount));
            _bufferCount += n;
            samples = samples[n..];
            // A full block (with its right context) is ready once its last frame's samples are in.
            while (FrameStart(_nextFrame + BlockFrames + _context - 1) + _frameLength <= SamplesPushed)
                ProcessBlock(_nextFrame + BlockFrames, totalSamples: -1);
        }
    }

    internal PitchTrack Complete()
    {
        var total = SamplesPushed;
        var frames = (total + _hop - 1) / _hop;
        while (_nextFrame < frames) ProcessBlock(Math.Min(frames, _nextFrame + BlockFrames), total);
        _decoder?.Complete();
        return new PitchTrack(_options.Method, _sampleRate, _hop, _frequencies[.._emitted], _voicing[.._emitted], total);
    }

    private void Emit(float hz, float voicing)
    {
        if (_emitted == _frequencies.Length)
        {
            Array.Resize(ref _frequencies, _emitted * 2);
            Array.Resize(ref _voicing, _emitted * 2);
        }
        _frequencies[_emitted] = hz;
        _voicing[_emitted] = voicing;
        _emitted++;
    }

    private void ProcessBlock(long end, long totalSamples)
    {
        var start = _nextFrame;
        var lastFrame = totalSamples >= 0 ? ((totalSamples + _hop - 1) / _hop) - 1 : long.MaxValue;
        var first = Math.Max(0, start - _context);
        var last = Math.Min(lastFrame, end - 1 + _context);
        var rows = (int)(last - first + 1);
        var yin = _options.Method == PitchMethod.Yin;
        var scratchLength = _frameLength + (2 * _lags) + (5 * YinKernels.FftLength(_frameLength)) + 8;

        Parallel.For(0, rows, _parallel,
            () => ArrayPool<float>.Shared.Rent(scratchLength),
            (row, _, scratch) =>
            {
                var frame = first + row;
                var samples = scratch.AsSpan(0, _frameLength);
                CopyFrame(frame, samples, totalSamples);
                var difference = scratch.AsSpan(_frameLength, _lags);
                var normalized = yin ? _normalized.AsSpan(row * _lags, _lags) : scratch.AsSpan(_frameLength + _lags, _lags);
                var fft = scratch.AsSpan(_frameLength + (2 * _lags));
                _loud[row] = _silence < 0 || YinKernels.MeanSquare(samples[.._window]) >= _silence;
                YinKernels.Difference(samples, _window, difference, fft);
                YinKernels.CumulativeMeanNormalize(difference, normalized);
                if (yin)
                {
                    var (lag, below) = YinKernels.AbsoluteThreshold(normalized, _minLag, _maxLag, _options.Threshold);
                    _lag[row] = lag;
                    _value[row] = normalized[lag];
                    _below[row] = below;
                }
                else if (frame >= start && frame < end)
                {
                    var slot = (int)(frame - start);
                    Span<int> troughs = stackalloc int[64];
                    var lags = _candidateLags.AsSpan(slot * PyinDecoder.MaxCandidates, PyinDecoder.MaxCandidates);
                    var probabilities = _candidateProbabilities.AsSpan(slot * PyinDecoder.MaxCandidates, PyinDecoder.MaxCandidates);
                    _candidateCounts[slot] = _loud[row] ? YinKernels.PyinCandidates(normalized, _minLag, _maxLag, lags, probabilities, troughs) : 0;
                }
                return scratch;
            },
            scratch => ArrayPool<float>.Shared.Return(scratch));

        for (var frame = start; frame < end; frame++)
        {
            var row = (int)(frame - first);
            if (yin)
            {
                EmitYin(row, rows);
            }
            else
            {
                var slot = (int)(frame - start);
                var count = _candidateCounts[slot];
                _decoder!.Push(_candidateLags.AsSpan(slot * PyinDecoder.MaxCandidates, count),
                    _candidateProbabilities.AsSpan(slot * PyinDecoder.MaxCandidates, count));
            }
        }
        _nextFrame = end;
        // Keep the samples the next block's first (context) frame needs.
        var keepFrom = Math.Max(0, FrameStart(Math.Max(0, end - _context)));
        var drop = (int)Math.Clamp(keepFrom - _bufferStart, 0, _bufferCount);
        if (drop > 0)
        {
            _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
            _bufferCount -= drop;
            _bufferStart += drop;
        }
    }

    /// <summary>YIN step 6 (best local estimate) and the output of one frame.</summary>
    private void EmitYin(int row, int rows)
    {
        var normalized = _normalized.AsSpan(row * _lags, _lags);
        var lag = _lag[row];
        var value = _value[row];
        var below = _below[row];
        var best = row;
        for (var r = Math.Max(0, row - _context); r <= Math.Min(rows - 1, row + _context); r++)
            if (_loud[r] && _value[r] < _value[best]) best = r;
        if (best != row && Math.Abs(_lag[best] - lag) > 0.2 * _lag[best])
        {
            // Search again near the neighbour's period (±20 %, as in the paper).
            var lo = Math.Max(_minLag, (int)Math.Floor(0.8 * _lag[best]));
            var hi = Math.Min(_maxLag, (int)Math.Ceiling(1.2 * _lag[best]));
            var local = YinKernels.MinimumIn(normalized, lo, hi);
            if (normalized[local] < _options.Threshold || normalized[local] < value)
            {
                lag = local;
                value = normalized[local];
                below = value < _options.Threshold;
            }
        }
        var (refined, refinedValue) = YinKernels.Parabolic(normalized, lag);
        var voicing = (float)Math.Clamp(1 - refinedValue, 0, 1);
        if (!_loud[row]) voicing = 0;
        Emit(below && _loud[row] ? (float)(_sampleRate / refined) : float.NaN, voicing);
    }

    private void CopyFrame(long frame, Span<float> destination, long totalSamples)
    {
        var from = FrameStart(frame);
        destination.Clear();
        var available = totalSamples >= 0 ? Math.Min(totalSamples, SamplesPushed) : SamplesPushed;
        var lo = Math.Max(from, _bufferStart);
        var hi = Math.Min(from + destination.Length, available);
        if (hi <= lo) return;
        _buffer.AsSpan((int)(lo - _bufferStart), (int)(hi - lo)).CopyTo(destination[(int)(lo - from)..]);
    }
}
