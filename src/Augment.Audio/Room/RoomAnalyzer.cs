namespace Augment.Audio;

/// <summary>
/// ISO 3382-1 analysis of an impulse response: per octave band (125 Hz to 8 kHz) and broadband T20, T30, EDT,
/// C50, C80 and DRR.
/// <para>
/// Per band: time-reversed octave filtering (<c>OctaveBandFilter</c>), Lundeby's noise-floor crossing point,
/// Schroeder backward integration truncated there and compensated with the energy the fitted decay would carry
/// after it, and least-squares lines through the curve (T20: −5..−25 dB, T30: −5..−35 dB, EDT: 0..−10 dB,
/// each extrapolated to 60 dB; each needs the decay range to reach 10 dB below its bottom, else NaN). Times and energies count from the broadband onset (first sample within 20 dB
/// of the peak). C50/C80: energy before onset + 50/80 ms over the energy after (to the truncation, plus the
/// compensation). DRR: energy within ±2.5 ms of the broadband peak over the energy after that window. In bands
/// the early and direct windows also take the filtered direct sound's ringing ahead of the onset (time reversal
/// puts it there). The decay range must reach 10 dB below the bottom of each evaluation range (ISO 3382-1 5.3.3:
/// T20 needs 35 dB, T30 45 dB, EDT 20 dB), else the value is NaN with a note. Limitation: the band EDT starts
/// at the broadband onset, after the band's share of the direct sound (moved ahead by the time reversal), so with
/// a strong direct sound it reads like the reverberant decay's early slope, while the broadband EDT includes it.
/// </para>
/// </summary>
/// <example>
/// <code>
/// using var ir = AudioBuffer.Load("hall-ir.wav");
/// var room = RoomAnalyzer.Analyze(ir);
/// Console.WriteLine($"RT60 at 1 kHz: {room.Band(1000)!.Rt60Seconds:0.00} s, C80 {room.Broadband.C80Db:0.0} dB");
/// </code>
/// </example>
public static class RoomAnalyzer
{
    /// <summary>The ISO 3382-1 octave bands: 125, 250, 500, 1000, 2000, 4000 and 8000 Hz.</summary>
    public static IReadOnlyList<double> OctaveBandCentersHz { get; } = [125, 250, 500, 1000, 2000, 4000, 8000];

    /// <summary>Half-width of the direct-sound window for DRR, in seconds (±2.5 ms around the peak).</summary>
    public const double DirectWindowSeconds = 0.0025;

    /// <summary>Analyses one channel of an impulse response.</summary>
    /// <param name="impulseResponse">The IR (any rate at or above 8 kHz; bands above 0.45·rate are NaN).</param>
    /// <param name="channel">Which channel to analyse (0 by default).</param>
    /// <param name="cancellationToken">Checked between bands.</param>
    /// <exception cref="InvalidMediaException">The channel is silent or holds NaN or infinity.</exception>
    /// <exception cref="ResourceLimitException">The working buffers exceed the IR's budget.</exception>
    public static RoomAnalysis Analyze(AudioBuffer impulseResponse, int channel = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(impulseResponse);
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, impulseResponse.Channels);
        impulseResponse.Budget.EnsureAllocation(3L * impulseResponse.Frames * sizeof(float) * 2, "The room analysis");
        return Analyze(impulseResponse.Channel(channel), impulseResponse.SampleRate, OctaveBandCentersHz, cancellationToken);
    }

    internal static RoomAnalysis Analyze(ReadOnlySpan<float> h, int sampleRate, IReadOnlyList<double> centersHz, CancellationToken cancellationToken)
    {
        var bad = PartitionedConvolver.IndexOfNonFinite(h);
        if (bad >= 0)
            throw new InvalidMediaException("impulse response", bad, "the impulse response holds NaN or infinity");
        var (onset, peak) = DecayKernels.FindOnset(h);
        if (h.IsEmpty || h[peak] == 0)
            throw new InvalidMediaException("impulse response", 0, "the impulse response is silent");
        var broadband = AnalyzeBand(h, 0, sampleRate, onset, peak, onset);
        var rows = new RoomBandAnalysis[centersHz.Count];
        // Time-reversed filtering moves each band's ringing before the event that caused it, so the direct sound's
        // band energy spreads ahead of the onset: give it 100 ms of room, and count it as early/direct energy.
        var lead = (int)Math.Round(0.1 * sampleRate);
        var padded = new float[h.Length + lead];
        h.CopyTo(padded.AsSpan(lead));
        var filtered = new float[padded.Length];
        for (var b = 0; b < rows.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var center = centersHz[b];
            if (!OctaveBandFilter.Fits(center, sampleRate))
            {
                rows[b] = Empty(center, $"the band lies above 0.45 x the sample rate ({sampleRate} Hz)");
                continue;
            }
            OctaveBandFilter.Apply(padded, filtered, center, sampleRate);
            rows[b] = AnalyzeBand(filtered, center, sampleRate, onset + lead, peak + lead, 0);
        }
        return new RoomAnalysis(sampleRate, onset, peak, rows, broadband);
    }

    private static RoomBandAnalysis Empty(double center, string note) =>
        new(center, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, note);

    // earlyStart: where early and direct energy start counting: the onset broadband, the buffer's start in bands
    // (the time-reversed filter makes the direct sound ring ahead of the onset).
    private static RoomBandAnalysis AnalyzeBand(ReadOnlySpan<float> h, double center, int sampleRate, int onset, int peak, int earlyStart)
    {
        var decay = h[onset..];
        if (decay.Length < sampleRate / 50)
            return Empty(center, $"the response lasts only {decay.Length * 1000.0 / sampleRate:0.#} ms after its onset (20 ms needed)");
        var fit = DecayKernels.Lundeby(decay, sampleRate);
        var end = fit.Reliable ? fit.CrossingFrame : decay.Length;
        var compensation = DecayKernels.Compensation(fit, end);
        var curve = DecayKernels.SchroederDb(decay, end, compensation);
        if (curve.Length == 0 || double.IsNaN(curve[0]))
            return Empty(center, "the band holds no energy");
        // The curve's last point is the compensation alone: that is how far the usable decay reaches.
        var range = -curve[^1];
        // ISO 3382-1 5.3.3: the bottom of each evaluation range must lie at least 10 dB above the noise floor.
        var t20 = range >= 35 ? DecayKernels.DecayTime(curve, -5, -25, sampleRate) : double.NaN;
        var t30 = range >= 45 ? DecayKernels.DecayTime(curve, -5, -35, sampleRate) : double.NaN;
        // In bands the direct sound rings ahead of the onset (time reversal) and so stays out of the EDT's curve.
        var edt = range >= 20 ? DecayKernels.DecayTime(curve, 0, -10, sampleRate) : double.NaN;
        var lead = h[earlyStart..onset];
        var c50 = Clarity(lead, decay, end, compensation, (int)Math.Round(0.050 * sampleRate));
        var c80 = Clarity(lead, decay, end, compensation, (int)Math.Round(0.080 * sampleRate));
        var half = (int)Math.Round(DirectWindowSeconds * sampleRate);
        var directStart = Math.Min(Math.Max(0, peak - half), earlyStart);
        var directEnd = Math.Min(onset + end, peak + half + 1);
        var direct = DecayKernels.Energy(h[directStart..directEnd]);
        var reverberant = (directEnd < onset + end ? DecayKernels.Energy(h[directEnd..(onset + end)]) : 0) + compensation;
        var drr = 10 * Math.Log10(direct / reverberant);
        string? note = null;
        if (double.IsNaN(t30))
            note = double.IsNaN(t20)
                ? $"decay range {range:0.#} dB: T20 needs 35 dB, T30 45 dB"
                : $"decay range {range:0.#} dB: T30 needs 45 dB";
        return new RoomBandAnalysis(center, t20, t30, edt, c50, c80, drr, range, note);
    }

    private static double Clarity(ReadOnlySpan<float> lead, ReadOnlySpan<float> decay, int end, double compensation, int split)
    {
        if (split >= end) return double.PositiveInfinity;
        var early = DecayKernels.Energy(lead) + DecayKernels.Energy(decay[..split]);
        var late = DecayKernels.Energy(decay[split..end]) + compensation;
        return 10 * Math.Log10(early / late);
    }
}
