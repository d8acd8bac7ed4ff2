namespace Augment.Audio;

/// <summary>
/// A look-ahead limiter that keeps the 4x-oversampled (true) peak under a ceiling: one gain for all
/// channels (the stereo image stays put), instant attack that is complete before the peak arrives, an
/// exponential release, and a moving-average smoothing over the look-ahead so the gain never steps.
/// </summary>
/// <remarks>
/// <para>For input frame n the interpolator's output peak P[n] (the largest oversampled |value| over all
/// channels, built from frames n-H..n with H = <see cref="TruePeakKernel.History"/>) asks for gain
/// r[n] = min(1, ceiling / P[n]) on all those frames. With look-ahead L frames:
/// m[j] = min r[j .. j+L+H] (a sliding minimum), e[j] = min(m[j], release(e[j-1])), and the applied gain
/// g[j] = mean e[j-L .. j]. Every term of that mean covers r[j .. j+H], so g ≤ r on every frame that feeds
/// a peak: the limiting is done in time, whatever the signal.</para>
/// <para>Latency is L + H frames: output frame k is input frame k - <see cref="LatencyFrames"/>; the caller
/// drops the first <see cref="LatencyFrames"/> outputs and flushes with as many zero frames.</para>
/// </remarks>
internal sealed class TruePeakLimiter
{
    private readonly int _channels;
    private readonly float _ceiling;
    private readonly int _lookAhead;
    private readonly int _window;
    private readonly double _release;
    private readonly float[][] _history;
    private readonly float[][] _delay;
    private readonly double[] _box;
    private readonly long[] _dequeIndex;
    private readonly float[] _dequeValue;
    private float[] _scratch = [];
    private float[] _peaks = [];
    private float[] _channelPeaks = [];
    private int _dequeHead;
    private int _dequeCount;
    private long _n;
    private double _envelope = 1.0;
    private double _boxSum;
    private int _boxPosition;

    public TruePeakLimiter(int channels, int sampleRate, float ceiling, TimeSpan lookAhead, TimeSpan release)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ceiling);
        _channels = channels;
        _ceiling = ceiling;
        _lookAhead = Math.Max(1, (int)Math.Round(lookAhead.TotalSeconds * sampleRate));
        _window = _lookAhead + TruePeakKernel.History + 1;
        _release = 1.0 - Math.Exp(-1.0 / Math.Max(1.0, release.TotalSeconds * sampleRate));
        _history = new float[channels][];
        _delay = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            _history[c] = new float[TruePeakKernel.History];
            _delay[c] = new float[_window];
        }
        _box = new double[_lookAhead + 1];
        Array.Fill(_box, 1.0);
        _boxSum = _box.Length;
        _dequeIndex = new long[_window + 1];
        _dequeValue = new float[_window + 1];
    }

    /// <summary>Frames between an input frame and its output.</summary>
    public int LatencyFrames => _window - 1;

    /// <summary>Smallest gain applied so far (1 when the limiter never acted).</summary>
    public double MinimumGain { get; private set; } = 1.0;

    /// <summary>Limits a planar block into <paramref name="output"/> (same layout), delayed by <see cref="LatencyFrames"/>.</summary>
    public void Process(ReadOnlySpan<float> input, Span<float> output, int frames, int stride)
    {
        const int h = TruePeakKernel.History;
        if (_scratch.Length < h + frames)
        {
            _scratch = new float[h + frames];
            _peaks = new float[frames];
            _channelPeaks = new float[frames];
        }
        var peaks = _peaks.AsSpan(0, frames);
        peaks.Clear();
        for (var c = 0; c < _channels; c++)
        {
            var plane = input.Slice(c * stride, frames);
            _history[c].CopyTo(_scratch, 0);
            plane.CopyTo(_scratch.AsSpan(h));
            var scratch = _scratch.AsSpan(0, h + frames);
            var channelPeaks = _channelPeaks.AsSpan(0, frames);
            TruePeakKernel.PeaksPerOutput(scratch, channelPeaks);
            for (var i = 0; i < frames; i++)
                peaks[i] = MathF.Max(peaks[i], MathF.Max(channelPeaks[i], MathF.Abs(plane[i])));
            scratch[^h..].CopyTo(_history[c]);
        }

        for (var i = 0; i < frames; i++)
        {
            var required = peaks[i] > _ceiling ? _ceiling / peaks[i] : 1f;
            Push(required);
            var slot = (int)(_n % _window);
            var leaving = slot + 1 == _window ? 0 : slot + 1; // holds frame n - (window - 1), the one the gain is for
            // The window minimum is m[j] for j = n - (window - 1): the frame leaving the delay line now.
            var minimum = _dequeValue[_dequeHead];
            var released = _envelope + (1.0 - _envelope) * _release;
            _envelope = Math.Min(minimum, released);
            _boxSum += _envelope - _box[_boxPosition];
            _box[_boxPosition] = _envelope;
            _boxPosition = _boxPosition + 1 == _box.Length ? 0 : _boxPosition + 1;
            var gain = _boxSum / _box.Length;
            if (gain < MinimumGain) MinimumGain = gain;
            for (var c = 0; c < _channels; c++)
            {
                var delay = _delay[c];
                delay[slot] = input[c * stride + i];
                output[c * stride + i] = (float)(delay[leaving] * gain);
            }
            _n++;
        }
    }

    /// <summary>Adds r[n] to the sliding-minimum deque (values increasing from head to tail) and drops the expired head.</summary>
    private void Push(float value)
    {
        var capacity = _dequeIndex.Length;
        while (_dequeCount > 0)
        {
            var tail = (_dequeHead + _dequeCount - 1) % capacity;
            if (_dequeValue[tail] < value) break;
            _dequeCount--;
        }
        var slot = (_dequeHead + _dequeCount) % capacity;
        _dequeIndex[slot] = _n;
        _dequeValue[slot] = value;
        _dequeCount++;
        // Keep entries of the last `window` inputs: index > n - window.
        while (_dequeCount > 0 && _n - _dequeIndex[_dequeHead] >= _window)
        {
            _dequeHead = (_dequeHead + 1) % capacity;
            _dequeCount--;
        }
    }
}
