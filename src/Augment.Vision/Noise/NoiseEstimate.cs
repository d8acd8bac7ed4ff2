namespace Augment.Vision;

/// <summary>
/// The noise measured in an image, in sample units (a frame's 0..1 values; multiply by 255 for 8-bit levels).
/// </summary>
/// <param name="ChannelSigmas">Standard deviation of the noise in each colour channel (alpha excluded), by
/// Immerkær's method over the whole frame.</param>
/// <param name="SignalGain">The <c>a</c> of the signal-dependent (Poisson–Gaussian, "ISO") model
/// <c>σ²(I) = a·I + b</c>, fitted over intensity bins of block estimates, all colour channels pooled; 0 when
/// the noise does not grow with intensity or too few bins were usable.</param>
/// <param name="SignalOffset">The <c>b</c> of that model: the variance at intensity 0 (may be slightly
/// negative for nearly pure shot noise).</param>
/// <param name="UsedBins">How many intensity bins had enough flat blocks to enter the fit.</param>
public sealed record NoiseEstimate(IReadOnlyList<float> ChannelSigmas, double SignalGain, double SignalOffset, int UsedBins)
{
    /// <summary>Root-mean-square of <see cref="ChannelSigmas"/>: one σ for the whole image.</summary>
    public float Sigma
    {
        get
        {
            if (ChannelSigmas.Count == 0)
                return 0;
            double sum = 0;
            foreach (var sigma in ChannelSigmas)
                sum += (double)sigma * sigma;
            return (float)Math.Sqrt(sum / ChannelSigmas.Count);
        }
    }

    /// <summary>σ predicted by the signal-dependent model at <paramref name="intensity"/> (0..1), never negative.</summary>
    /// <param name="intensity">Sample value, 0..1.</param>
    public float SigmaAt(float intensity) => (float)Math.Sqrt(Math.Max(0, SignalGain * intensity + SignalOffset));

    /// <inheritdoc />
    public override string ToString()
    {
        var channels = new string[ChannelSigmas.Count];
        for (var c = 0; c < channels.Length; c++)
            channels[c] = FormattableString.Invariant($"{ChannelSigmas[c] * 255:0.##}");
        return FormattableString.Invariant(
            $"noise sigma {Sigma * 255:0.##}/255 (channels {string.Join(", ", channels)}); sigma^2(I) = {SignalGain:0.######}*I + {SignalOffset:0.######} over {UsedBins} bins");
    }
}
