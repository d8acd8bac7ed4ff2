namespace Augment.Audio;

/// <summary>
/// Turns a stream of per-frame speech probabilities into segments, shared by every method. It follows
/// Silero's reference <c>get_speech_timestamps</c> (utils_vad.py): speech starts at the first frame at or
/// above the threshold; once below the off threshold, the segment ends where the low run began if the
/// run lasts the minimum silence; segments shorter than the minimum speech are dropped; then each
/// segment is padded, and two segments closer than two pads split the gap between them. Streaming: a
/// finished segment is held only until the next one starts or the gap exceeds two pads.
/// All positions are in samples at the analysis rate.
/// </summary>
internal sealed class SpeechSegmenter
{
    private readonly float _threshold;
    private readonly float _offThreshold;
    private readonly long _minSpeech;
    private readonly long _minSilence;
    private readonly long _pad;
    private readonly int _frameSamples;
    private readonly int _sampleRate;

    private long _frame;            // index of the next frame
    private bool _triggered;
    private long _start;            // raw start of the open segment
    private long _silenceStart = -1; // where the current low run began, or -1
    private double _sum;            // probabilities of the open segment up to the low run
    private long _count;
    private double _lowSum;         // probabilities inside the current low run
    private long _lowCount;

    private bool _hasPending;       // a finished segment whose end pad waits on the next start
    private long _pendingStart;     // already padded
    private long _pendingEnd;       // raw (unpadded) end
    private float _pendingMean;

    public SpeechSegmenter(VadOptions options, int frameSamples, int sampleRate, TimeSpan minSilence)
    {
        _threshold = options.Threshold;
        _offThreshold = options.EffectiveOffThreshold;
        _minSpeech = Samples(options.MinSpeechDuration, sampleRate);
        _minSilence = Samples(minSilence, sampleRate);
        _pad = Samples(options.SpeechPad, sampleRate);
        _frameSamples = frameSamples;
        _sampleRate = sampleRate;
    }

    /// <summary>Frames pushed so far.</summary>
    public long Frames => _frame;

    public void Push(float probability, ICollection<SpeechSegment> output)
    {
        var position = _frame * _frameSamples;
        _frame++;
        if (_hasPending && !_triggered && position - _pendingEnd >= 2 * _pad)
        {
            // The next segment cannot start closer than two pads any more: the full pad applies.
            Emit(_pendingEnd + _pad, output);
        }

        if (probability >= _threshold && _silenceStart >= 0)
        {
            // Speech came back before the minimum silence: the dip belongs to the segment.
            _sum += _lowSum;
            _count += _lowCount;
            _silenceStart = -1;
            _lowSum = 0;
            _lowCount = 0;
        }
        if (probability >= _threshold && !_triggered)
        {
            _triggered = true;
            _start = position;
            _sum = probability;
            _count = 1;
            return;
        }
        if (!_triggered) return;
        if (probability < _offThreshold)
        {
            if (_silenceStart < 0) _silenceStart = position;
            _lowSum += probability;
            _lowCount++;
            if (position - _silenceStart < _minSilence) return;
            Close(_silenceStart, output);
            return;
        }
        if (_silenceStart >= 0)
        {
            // Between the thresholds inside a low run: still part of the run.
            _lowSum += probability;
            _lowCount++;
            return;
        }
        _sum += probability;
        _count++;
    }

    /// <summary>Ends the stream at <paramref name="totalSamples"/> and emits what is left.</summary>
    public void Complete(long totalSamples, ICollection<SpeechSegment> output)
    {
        if (_triggered)
        {
            // Reference: an open segment runs to the end of the audio (including a trailing low run shorter than the minimum silence).
            _sum += _lowSum;
            _count += _lowCount;
            if (totalSamples - _start > _minSpeech)
                Accept(_start, totalSamples, output);
            _triggered = false;
        }
        if (_hasPending) Emit(Math.Min(totalSamples, _pendingEnd + _pad), output);
        Reset();
    }

    public void Reset()
    {
        _frame = 0;
        _triggered = false;
        _silenceStart = -1;
        _sum = _lowSum = 0;
        _count = _lowCount = 0;
        _hasPending = false;
    }

    private void Close(long end, ICollection<SpeechSegment> output)
    {
        if (end - _start > _minSpeech) Accept(_start, end, output);
        _triggered = false;
        _silenceStart = -1;
        _sum = _lowSum = 0;
        _count = _lowCount = 0;
    }

    private void Accept(long start, long end, ICollection<SpeechSegment> output)
    {
        var mean = _count > 0 ? (float)(_sum / _count) : 0f;
        long paddedStart;
        if (_hasPending)
        {
            var gap = start - _pendingEnd;
            if (gap < 2 * _pad)
            {
                Emit(_pendingEnd + (gap / 2), output);
                paddedStart = Math.Max(0, start - (gap / 2));
            }
            else
            {
                Emit(_pendingEnd + _pad, output);
                paddedStart = Math.Max(0, start - _pad);
            }
        }
        else
        {
            paddedStart = Math.Max(0, start - _pad);
        }
        _hasPending = true;
        _pendingStart = paddedStart;
        _pendingEnd = end;
        _pendingMean = mean;
    }

    private void Emit(long paddedEnd, ICollection<SpeechSegment> output)
    {
        output.Add(new SpeechSegment(Time(_pendingStart), Time(paddedEnd), _pendingMean));
        _hasPending = false;
    }

    private TimeSpan Time(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / _sampleRate);

    private static long Samples(TimeSpan duration, int sampleRate) => duration.Ticks * sampleRate / TimeSpan.TicksPerSecond;
}
