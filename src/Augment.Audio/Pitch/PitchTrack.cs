namespace Augment.Audio;

/// <summary>
/// What <see cref="PitchTracker"/> found: per analysis frame, its centre time, the fundamental frequency
/// (NaN when unvoiced) and the probability that the frame is voiced. Frame <c>i</c> is centred on
/// <c>i × <see cref="Hop"/></c>; there is one frame per hop of input (the last centred before the end).
/// </summary>
public sealed class PitchTrack
{
    private readonly float[] _frequencies;
    private readonly float[] _voicing;
    private readonly double[] _times;
    private readonly double _hopSeconds;

    internal PitchTrack(PitchMethod method, int sampleRate, int hopSamples, float[] frequencies, float[] voicing, long inputFrames)
    {
        Method = method;
        SampleRate = sampleRate;
        HopSamples = hopSamples;
        _hopSeconds = (double)hopSamples / sampleRate;
        _frequencies = frequencies;
        _voicing = voicing;
        _times = new double[frequencies.Length];
        for (var i = 0; i < _times.Length; i++) _times[i] = i * _hopSeconds;
        Duration = TimeSpan.FromSeconds((double)inputFrames / sampleRate);
        var voiced = 0;
        foreach (var f in frequencies) if (!float.IsNaN(f)) voiced++;
        VoicedCount = voiced;
        var values = new float[voiced];
        var n = 0;
        foreach (var f in frequencies) if (!float.IsNaN(f)) values[n++] = f;
        Array.Sort(values);
        MedianFrequencyHz = voiced == 0 ? double.NaN
            : voiced % 2 == 1 ? values[voiced / 2] : 0.5 * (values[(voiced / 2) - 1] + (double)values[voiced / 2]);
        MinimumFrequencyHz = voiced == 0 ? double.NaN : values[0];
        MaximumFrequencyHz = voiced == 0 ? double.NaN : values[^1];
    }

    /// <summary>The method that produced the track.</summary>
    public PitchMethod Method { get; }

    /// <summary>Sample rate of the analysed audio, in hertz.</summary>
    public int SampleRate { get; }

    /// <summary>Hop between frames in samples at <see cref="SampleRate"/>.</summary>
    public int HopSamples { get; }

    /// <summary>Hop between frames.</summary>
    public TimeSpan Hop => TimeSpan.FromSeconds(_hopSeconds);

    /// <summary>Length of the analysed audio.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Number of frames.</summary>
    public int Count => _frequencies.Length;

    /// <summary>Centre time of each frame, in seconds (<c>i × Hop</c>).</summary>
    public IReadOnlyList<double> TimesSeconds => _times;

    /// <summary>Fundamental frequency of each frame in hertz; NaN when the frame is unvoiced.</summary>
    public IReadOnlyList<float> FrequenciesHz => _frequencies;

    /// <summary>Probability (0..1) that each frame is voiced.</summary>
    public IReadOnlyList<float> VoicingProbabilities => _voicing;

    /// <summary>Number of voiced frames.</summary>
    public int VoicedCount { get; }

    /// <summary>Median f0 over the voiced frames, in hertz; NaN when none is voiced.</summary>
    public double MedianFrequencyHz { get; }

    /// <summary>Lowest f0 over the voiced frames, in hertz; NaN when none is voiced.</summary>
    public double MinimumFrequencyHz { get; }

    /// <summary>Highest f0 over the voiced frames, in hertz; NaN when none is voiced.</summary>
    public double MaximumFrequencyHz { get; }

    /// <summary>Whether frame <paramref name="frame"/> is voiced (its f0 is a number).</summary>
    public bool IsVoiced(int frame) => !float.IsNaN(_frequencies[frame]);

    /// <summary>Copies the f0 values (NaN when unvoiced) into a new array.</summary>
    public float[] ToFrequencyArray() => (float[])_frequencies.Clone();

    /// <summary>
    /// f0 at <paramref name="time"/>, in hertz: interpolated on a log-frequency scale between the two frames
    /// around it when both are voiced, the nearer frame's value when only that one is, else NaN.
    /// </summary>
    public double FrequencyAt(TimeSpan time)
    {
        if (Count == 0) return double.NaN;
        var position = time.TotalSeconds / _hopSeconds;
        if (position <= 0) return _frequencies[0];
        if (position >= Count - 1) return _frequencies[^1];
        var left = (int)Math.Floor(position);
        var t = position - left;
        double a = _frequencies[left], b = _frequencies[left + 1];
        if (!double.IsNaN(a) && !double.IsNaN(b)) return a * Math.Pow(b / a, t);
        return t < 0.5 ? a : b;
    }

    /// <summary>Frame nearest to <paramref name="time"/> (clamped to the track).</summary>
    public int FrameAt(TimeSpan time) =>
        Count == 0 ? 0 : Math.Clamp((int)Math.Round(time.TotalSeconds / _hopSeconds), 0, Count - 1);

    /// <summary>f0 of each frame in cents relative to <paramref name="referenceHz"/> (NaN when unvoiced).</summary>
    public double[] ToCents(double referenceHz = 440)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceHz);
        var cents = new double[Count];
        for (var i = 0; i < cents.Length; i++) cents[i] = PitchMath.CentsBetween(referenceHz, _frequencies[i]);
        return cents;
    }
}
