namespace Augment.Audio;

/// <summary>
/// An <see cref="IVoiceF0Source"/> that reads a contour computed beforehand (by any pitch tracker, a MIDI line,
/// a test): values in hertz at <see cref="FramesPerSecond"/>, first value at time 0, looked up at each 10 ms frame
/// by linear interpolation between voiced neighbours (nearest value where one side is unvoiced, 0 past the end).
/// </summary>
public sealed class ContourF0Source : IVoiceF0Source
{
    private readonly float[] _hz;

    /// <summary>Wraps a contour (copied).</summary>
    /// <param name="f0Hz">Frequencies in hertz, 0 for unvoiced; no negative or non-finite values.</param>
    /// <param name="framesPerSecond">Values per second (100 for RVC's own 10 ms hop).</param>
    /// <exception cref="ArgumentException">A value is negative or not finite.</exception>
    public ContourF0Source(ReadOnlySpan<float> f0Hz, double framesPerSecond = 100)
    {
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond)))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "framesPerSecond must be a positive number.");
        for (var i = 0; i < f0Hz.Length; i++)
        {
            if (!(f0Hz[i] >= 0 && float.IsFinite(f0Hz[i])))
                throw new ArgumentException($"f0 value {i} is {f0Hz[i]}; frequencies are 0 (unvoiced) or positive hertz.", nameof(f0Hz));
        }
        _hz = f0Hz.ToArray();
        FramesPerSecond = framesPerSecond;
    }

    /// <summary>A constant frequency for the whole signal (tests, monotone targets).</summary>
    /// <param name="hz">Frequency in hertz, 0 for unvoiced throughout.</param>
    public static ContourF0Source Constant(float hz)
    {
        var source = new ContourF0Source([hz], 1);
        source.IsConstant = true;
        return source;
    }

    /// <summary>Values per second of the contour.</summary>
    public double FramesPerSecond { get; }

    private bool IsConstant { get; set; }

    /// <inheritdoc />
    public void Estimate(ReadOnlySpan<float> samples16k, long firstFrame, Span<float> f0Hz, CancellationToken cancellationToken)
    {
        if (IsConstant)
        {
            f0Hz.Fill(_hz[0]);
            return;
        }
        for (var i = 0; i < f0Hz.Length; i++)
        {
            var position = (firstFrame + i) * 0.01 * FramesPerSecond;
            var left = (long)Math.Floor(position);
            if (left >= _hz.Length - 1)
            {
                f0Hz[i] = left == _hz.Length - 1 ? _hz[^1] : 0;
                continue;
            }
            var a = _hz[left];
            var b = _hz[left + 1];
            var t = (float)(position - left);
            f0Hz[i] = a > 0 && b > 0 ? a + ((b - a) * t) : t < 0.5f ? a : b;
        }
    }
}
