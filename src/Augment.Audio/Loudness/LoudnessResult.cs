namespace Augment.Audio;

/// <summary>
/// What a <see cref="LoudnessMeter"/> measured (ITU-R BS.1770-4 / EBU R128). Loudness values are LUFS
/// (LKFS); -∞ means "nothing above the gates" (silence, or audio shorter than the window).
/// </summary>
public sealed record LoudnessResult
{
    /// <summary>Integrated (programme) loudness with the -70 LUFS absolute and -10 LU relative gates, LUFS.</summary>
    public required double IntegratedLufs { get; init; }

    /// <summary>Loudness range (EBU Tech 3342), LU: 95th minus 10th percentile of the gated short-term loudness.</summary>
    public required double RangeLu { get; init; }

    /// <summary>10th percentile of the gated short-term loudness (bottom of the range), LUFS.</summary>
    public required double RangeLowLufs { get; init; }

    /// <summary>95th percentile of the gated short-term loudness (top of the range), LUFS.</summary>
    public required double RangeHighLufs { get; init; }

    /// <summary>Relative gate the integration used (ungated block mean - 10 LU), LUFS.</summary>
    public required double RelativeGateLufs { get; init; }

    /// <summary>Largest momentary (400 ms) loudness, LUFS.</summary>
    public required double MomentaryMaxLufs { get; init; }

    /// <summary>Largest short-term (3 s) loudness, LUFS.</summary>
    public required double ShortTermMaxLufs { get; init; }

    /// <summary>
    /// True peak over all channels, dBTP (4x oversampled; never below the sample peak); NaN when the meter
    /// ran with <see cref="LoudnessMeterOptions.TruePeak"/> off.
    /// </summary>
    public required double TruePeakDbtp { get; init; }

    /// <summary>Largest |sample| over all channels, dBFS.</summary>
    public required double SamplePeakDbfs { get; init; }

    /// <summary>True peak per channel, dBTP (NaN when not measured).</summary>
    public required IReadOnlyList<double> ChannelTruePeaksDbtp { get; init; }

    /// <summary>Audio measured.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Momentary and short-term loudness every 100 ms (empty when not kept).</summary>
    public required IReadOnlyList<LoudnessPoint> Series { get; init; }
}
