using System.Buffers;
using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// A streaming loudness meter after ITU-R BS.1770-4 and EBU R128 (Tech 3341/3342): momentary (400 ms),
/// short-term (3 s), integrated (gated), loudness range, sample peak and true peak. Feed it planar blocks
/// of any size with <see cref="Process(ReadOnlySpan{float}, int)"/> and read <see cref="GetResult"/> at any
/// time, or measure a whole source with <see cref="Measure(IAudioSource, LoudnessMeterOptions?, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// <para>Audio is cut into 100 ms hops (round(rate / 10) frames). Each hop's K-weighted, channel-weighted
/// mean square is kept in a 30-hop ring: four hops make a 400 ms gating block (75 % overlap), thirty a
/// 3 s short-term window (a new value every 100 ms, as Tech 3342 asks). Only block powers and short-term
/// powers are kept (16 bytes per 100 ms), so a 3-hour file is metered in under 2 MB. Frames after the
/// last whole hop are filtered and peak-metered but belong to no block.</para>
/// <para>Not thread-safe: one producer feeds a meter.</para>
/// </remarks>
public sealed class LoudnessMeter
{
    private const int ShortTermHops = 30;
    private const int BlockHops = 4;

    private readonly KWeighting _filter;
    private readonly KWeightingState[] _states;
    private readonly double[] _weights;
    private readonly double[] _hopSums;
    private readonly double[] _hopRing = new double[ShortTermHops];
    private readonly List<double> _blockPowers = [];
    private readonly List<double> _shortTermPowers = [];
    private readonly List<LoudnessPoint> _series = [];
    private readonly float[] _channelSamplePeaks;
    private readonly float[] _channelTruePeaks;
    private readonly float[][] _peakHistory;
    private readonly float[] _peakScratch = new float[2 * TruePeakKernel.History];
    private readonly bool _truePeak;
    private readonly bool _keepSeries;
    private readonly int _hopFrames;
    private int _hopPosition;
    private long _hops;
    private long _frames;
    private double _momentaryMax = double.NegativeInfinity;
    private double _shortTermMax = double.NegativeInfinity;

    /// <summary>Creates a meter for audio of a format.</summary>
    /// <param name="format">Sample rate, channels and (for the channel weights) speaker positions.</param>
    /// <param name="options">What to measure; <see cref="LoudnessMeterOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The channel weights do not match the channel count, or one is negative.</exception>
    public LoudnessMeter(AudioFormat format, LoudnessMeterOptions? options = null)
    {
        options ??= LoudnessMeterOptions.Default;
        if (format.SampleRate < 10) throw new ArgumentOutOfRangeException(nameof(format), "The sample rate must be at least 10 Hz (one frame per 100 ms hop).");
        Format = format;
        _filter = KWeighting.ForSampleRate(format.SampleRate);
        _hopFrames = (int)Math.Round(format.SampleRate / 10.0, MidpointRounding.AwayFromZero);
        var channels = format.Channels;
        _states = new KWeightingState[channels];
        _hopSums = new double[channels];
        if (options.ChannelWeights is { } weights)
        {
            if (weights.Count != channels) throw new ArgumentException($"{weights.Count} channel weights for {channels} channels.", nameof(options));
            _weights = new double[channels];
            for (var c = 0; c < channels; c++)
            {
                if (!(weights[c] >= 0) || !double.IsFinite(weights[c])) throw new ArgumentException($"Channel weight {c} is {weights[c]}; weights are finite and not negative.", nameof(options));
                _weights[c] = weights[c];
            }
        }
        else
        {
            _weights = LoudnessChannelWeights.For(format);
        }
        _truePeak = options.TruePeak;
        _keepSeries = options.KeepSeries;
        _channelSamplePeaks = new float[channels];
        _channelTruePeaks = new float[channels];
        _peakHistory = new float[channels][];
        for (var c = 0; c < channels; c++) _peakHistory[c] = new float[TruePeakKernel.History];
    }

    /// <summary>The format being metered.</summary>
    public AudioFormat Format { get; }

    /// <summary>Frames fed so far.</summary>
    public long FramesProcessed => _frames;

    /// <summary>Channel weights in use (BS.1770-4 G_i).</summary>
    public IReadOnlyList<double> ChannelWeights => _weights;

    /// <summary>Loudness of the last 400 ms, LUFS; NaN before the first 400 ms.</summary>
    public double MomentaryLufs => _hops < BlockHops ? double.NaN : LoudnessGating.ToLufs(RingMean(BlockHops));

    /// <summary>Loudness of the last 3 s, LUFS; NaN before the first 3 s.</summary>
    public double ShortTermLufs => _hops < ShortTermHops ? double.NaN : LoudnessGating.ToLufs(RingMean(ShortTermHops));

    /// <summary>Measures a whole source (read to its end, not disposed).</summary>
    /// <param name="source">The audio.</param>
    /// <param name="options">What to measure.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    public static LoudnessResult Measure(IAudioSource source, LoudnessMeterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var meter = new LoudnessMeter(source.Format, options);
        const int blockFrames = 1 << 14;
        var block = ArrayPool<float>.Shared.Rent(blockFrames * source.Format.Channels);
        try
        {
            int got;
            while ((got = source.Read(block, blockFrames)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                meter.Process(block, got, blockFrames);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(block);
        }
        return meter.GetResult();
    }

    /// <summary>Measures a buffer.</summary>
    /// <param name="buffer">The audio.</param>
    /// <param name="channelMask">Speaker positions for the channel weights; <see cref="Speakers.None"/> takes them from the channel count.</param>
    /// <param name="options">What to measure.</param>
    public static LoudnessResult Measure(AudioBuffer buffer, Speakers channelMask = Speakers.None, LoudnessMeterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var meter = new LoudnessMeter(new AudioFormat(buffer.SampleRate, buffer.Channels, channelMask), options);
        // Blocks that stay in cache: each block is read three times (peak, true peak, K-weighting), and whole
        // planes of a long buffer would come from memory each time (measured 2x slower).
        const int blockFrames = 1 << 14;
        var data = buffer.Data;
        for (var start = 0; start < buffer.Frames; start += blockFrames)
        {
            var frames = Math.Min(blockFrames, buffer.Frames - start);
            meter.Process(data[start..], frames, buffer.Frames);
        }
        return meter.GetResult();
    }

    /// <summary>Feeds a planar block (plane <c>c</c> at <c>c * frames</c>, as <see cref="IAudioSource.Read"/> fills it).</summary>
    /// <param name="planar">At least <c>frames * Channels</c> samples.</param>
    /// <param name="frames">Frames per plane.</param>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite (the message names channel and frame).</exception>
    public void Process(ReadOnlySpan<float> planar, int frames) => Process(planar, frames, frames);

    /// <summary>Feeds the first <paramref name="frames"/> frames of planes <paramref name="stride"/> apart.</summary>
    /// <param name="planar">Plane <c>c</c> starts at <c>c * stride</c>.</param>
    /// <param name="frames">Frames to take from each plane.</param>
    /// <param name="stride">Distance between planes, at least <paramref name="frames"/>.</param>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite (the message names channel and frame).</exception>
    public void Process(ReadOnlySpan<float> planar, int frames, int stride)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, frames);
        var channels = Format.Channels;
        if (frames == 0) return;
        if ((long)stride * (channels - 1) + frames > planar.Length)
            throw new ArgumentException($"A block of {channels} planes of {frames} frames (stride {stride}) needs more than {planar.Length} samples.", nameof(planar));

        for (var c = 0; c < channels; c++)
        {
            var plane = planar.Slice(c * stride, frames);
            var magnitude = MathF.Abs(TensorPrimitives.MaxMagnitude(plane));
            // One NaN or infinity would poison the filter state and every later reading: refuse it, with its position.
            if (!float.IsFinite(magnitude)) ThrowNonFinite(plane, c);
            _channelSamplePeaks[c] = MathF.Max(_channelSamplePeaks[c], magnitude);
            if (_truePeak) _channelTruePeaks[c] = MathF.Max(_channelTruePeaks[c], TruePeakOf(plane, _peakHistory[c], MathF.Max(_channelTruePeaks[c], _channelSamplePeaks[c])));
        }

        var offset = 0;
        while (offset < frames)
        {
            var piece = Math.Min(frames - offset, _hopFrames - _hopPosition);
            var c = 0;
            for (; c + 1 < channels; c += 2)
            {
                var (first, second) = KWeightingKernel.FilterSumSquares(
                    planar.Slice(c * stride + offset, piece), planar.Slice((c + 1) * stride + offset, piece),
                    ref _states[c], ref _states[c + 1], _filter);
                _hopSums[c] += first;
                _hopSums[c + 1] += second;
            }
            if (c < channels)
                _hopSums[c] += KWeightingKernel.FilterSumSquares(planar.Slice(c * stride + offset, piece), ref _states[c], _filter);
            offset += piece;
            _hopPosition += piece;
            if (_hopPosition == _hopFrames) CloseHop();
        }
        _frames += frames;
    }

    /// <summary>The measurements so far (the meter can keep going afterwards).</summary>
    public LoudnessResult GetResult()
    {
        var blocks = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_blockPowers);
        var (integrated, relativeGate) = LoudnessGating.Integrate(blocks);
        var (range, low, high) = LoudnessGating.Range(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_shortTermPowers));
        var samplePeak = 0f;
        var truePeak = 0f;
        var channelTruePeaks = new double[Format.Channels];
        for (var c = 0; c < Format.Channels; c++)
        {
            samplePeak = MathF.Max(samplePeak, _channelSamplePeaks[c]);
            // The Annex 2 phases are not exact at the original sample instants (phase 0 peaks at 0.972),
            // so the interpolated peak can read under the sample peak; a true peak never does.
            var channelTrue = MathF.Max(_channelTruePeaks[c], _channelSamplePeaks[c]);
            truePeak = MathF.Max(truePeak, channelTrue);
            channelTruePeaks[c] = _truePeak ? ToDb(channelTrue) : double.NaN;
        }
        return new LoudnessResult
        {
            IntegratedLufs = integrated,
            RelativeGateLufs = relativeGate,
            RangeLu = range,
            RangeLowLufs = low,
            RangeHighLufs = high,
            MomentaryMaxLufs = _momentaryMax,
            ShortTermMaxLufs = _shortTermMax,
            SamplePeakDbfs = ToDb(samplePeak),
            TruePeakDbtp = _truePeak ? ToDb(truePeak) : double.NaN,
            ChannelTruePeaksDbtp = channelTruePeaks,
            Duration = Format.DurationOf(_frames),
            Series = _series.ToArray(),
        };
    }

    private void ThrowNonFinite(ReadOnlySpan<float> plane, int channel)
    {
        var i = 0;
        while (i < plane.Length && float.IsFinite(plane[i])) i++;
        throw new InvalidMediaException(null, -1,
            $"sample {plane[i]} in channel {channel} at frame {_frames + i} ({Format.DurationOf(_frames + i).TotalSeconds:0.000} s): loudness needs finite samples (WavReader replaces them with zero unless told otherwise).");
    }

    private static double ToDb(float amplitude) => amplitude > 0 ? 20.0 * Math.Log10(amplitude) : double.NegativeInfinity;

    private void CloseHop()
    {
        var power = 0.0;
        for (var c = 0; c < _hopSums.Length; c++)
        {
            power += _weights[c] * _hopSums[c];
            _hopSums[c] = 0;
        }
        _hopRing[(int)(_hops % ShortTermHops)] = power / _hopFrames;
        _hops++;
        _hopPosition = 0;
        if (_hops < BlockHops) return;

        var block = RingMean(BlockHops);
        _blockPowers.Add(block);
        var momentary = LoudnessGating.ToLufs(block);
        if (momentary > _momentaryMax) _momentaryMax = momentary;
        var shortTerm = double.NaN;
        if (_hops >= ShortTermHops)
        {
            var window = RingMean(ShortTermHops);
            _shortTermPowers.Add(window);
            shortTerm = LoudnessGating.ToLufs(window);
            if (shortTerm > _shortTermMax) _shortTermMax = shortTerm;
        }
        if (_keepSeries) _series.Add(new LoudnessPoint(Format.DurationOf(_hops * (long)_hopFrames), momentary, shortTerm));
    }

    /// <summary>Mean of the last <paramref name="hops"/> hop powers.</summary>
    private double RingMean(int hops)
    {
        var sum = 0.0;
        for (var i = 1; i <= hops; i++)
            sum += _hopRing[(int)((_hops - i) % ShortTermHops)];
        return sum / hops;
    }

    /// <summary>Interpolated peak of a plane, continuing from the History samples before it.</summary>
    /// <remarks>
    /// The reported true peak is max(interpolated, sample peak), so a stretch whose samples cannot interpolate
    /// above <paramref name="floor"/> (the channel's peak so far, sample peak of this block included) is
    /// skipped: the result is exactly the same, and quiet passages cost one SIMD max instead of the
    /// 192-tap filter.
    /// </remarks>
    private float TruePeakOf(ReadOnlySpan<float> plane, float[] history, float floor)
    {
        const int h = TruePeakKernel.History;
        const int chunk = 1024;
        // The first History outputs need the previous block's tail: run them over history + head in a scratch.
        var head = Math.Min(h, plane.Length);
        history.CopyTo(_peakScratch, 0);
        plane[..head].CopyTo(_peakScratch.AsSpan(h));
        var peak = TruePeakKernel.MaxPeak(_peakScratch.AsSpan(0, h + head));
        // Outputs h..plane.Length-1 in chunks, each reading the h samples before it.
        for (var start = h; start < plane.Length; start += chunk)
        {
            var end = Math.Min(plane.Length, start + chunk);
            var window = plane[(start - h)..end];
            var threshold = MathF.Max(floor, peak);
            if (MathF.Abs(TensorPrimitives.MaxMagnitude(window)) * TruePeakKernel.PeakGainBound <= threshold) continue;
            peak = MathF.Max(peak, TruePeakKernel.MaxPeak(window));
        }
        // Keep the last History samples of history + plane.
        if (plane.Length >= h) plane[^h..].CopyTo(history);
        else _peakScratch.AsSpan(head, h).CopyTo(history);
        return peak;
    }
}
