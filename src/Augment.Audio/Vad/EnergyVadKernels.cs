namespace Augment.Audio;

/// <summary>
/// Per-frame features of the energy detector, on the power spectrum of one window. Scalar loops over
/// ~120 bins: the FFT dominates the frame's cost, so there is no SIMD twin to keep in step.
/// </summary>
internal static class EnergyVadKernels
{
    /// <summary>Smallest power a bin is given, so that the logarithms of digital silence stay finite.</summary>
    public const float PowerFloor = 1e-20f;

    /// <summary>Writes |X_k|² for every bin.</summary>
    public static void Power(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> power)
    {
        for (var k = 0; k < power.Length; k++)
            power[k] = (real[k] * real[k]) + (imag[k] * imag[k]) + PowerFloor;
    }

    /// <summary>Mean power of bins [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static double MeanPower(ReadOnlySpan<float> power, int low, int high)
    {
        double sum = 0;
        for (var k = low; k < high; k++) sum += power[k];
        return sum / (high - low);
    }

    /// <summary>
    /// Spectral flatness (geometric over arithmetic mean, 0..1) of the a-posteriori SNR spectrum
    /// power/noise over bins [<paramref name="low"/>, <paramref name="high"/>). Dividing by the noise
    /// estimate first makes any stationary noise, white or coloured, look flat (≈ 0.56 for a
    /// periodogram, whose bins are exponentially distributed), while harmonics and formants of voiced
    /// speech make it peaky (low flatness).
    /// </summary>
    public static double WhitenedFlatness(ReadOnlySpan<float> power, ReadOnlySpan<float> noise, int low, int high)
    {
        double logSum = 0, sum = 0;
        for (var k = low; k < high; k++)
        {
            var ratio = (double)power[k] / noise[k];
            logSum += Math.Log(ratio);
            sum += ratio;
        }
        var n = high - low;
        var arithmetic = sum / n;
        return arithmetic > 0 ? Math.Clamp(Math.Exp(logSum / n) / arithmetic, 0, 1) : 1;
    }

    /// <summary>Recursive average of the noise spectrum: noise ← noise + rate · (power − noise).</summary>
    public static void TrackNoise(ReadOnlySpan<float> power, Span<float> noise, float rate)
    {
        for (var k = 0; k < noise.Length; k++)
            noise[k] += rate * (power[k] - noise[k]);
    }
}
