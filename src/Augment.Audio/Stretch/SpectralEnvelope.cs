namespace Augment.Audio;

/// <summary>
/// Spectral envelope of one frame: the cepstrally smoothed log magnitude, optionally raised onto the
/// harmonic peaks by the true-envelope iteration of Röbel and Rodet (2005): A₀ = log|X|, Vᵢ = lifter(Aᵢ),
/// Aᵢ₊₁ = max(Aᵢ, Vᵢ). One instance per thread (it owns scratch).
/// </summary>
internal sealed class SpectralEnvelope
{
    private const float LogFloor = -23f;   // ln(1e-10): keeps silent bins finite

    private readonly RealFftPlan _plan;
    private readonly int _order;
    private readonly int _iterations;
    private readonly float[] _target;
    private readonly float[] _cepstrum;
    private readonly float[] _zeros;
    private readonly float[] _imag;

    public SpectralEnvelope(int fftLength, int order, int iterations)
    {
        _plan = RealFftPlan.Create(fftLength);
        _order = Math.Clamp(order, 1, (fftLength / 2) - 1);
        _iterations = iterations;
        var bins = (fftLength / 2) + 1;
        _target = new float[bins];
        _cepstrum = new float[fftLength];
        _zeros = new float[bins];
        _imag = new float[bins];
    }

    /// <summary>Writes the natural-log envelope of <paramref name="magnitude"/> into <paramref name="logEnvelope"/>.</summary>
    public void Estimate(ReadOnlySpan<float> magnitude, Span<float> logEnvelope)
    {
        var bins = _target.Length;
        for (var b = 0; b < bins; b++)
            _target[b] = Math.Max(LogFloor, MathF.Log(magnitude[b]));
        Smooth(_target, logEnvelope);
        for (var i = 0; i < _iterations; i++)
        {
            for (var b = 0; b < bins; b++)
                _target[b] = Math.Max(_target[b], logEnvelope[b]);
            Smooth(_target, logEnvelope);
        }
    }

    // Low-quefrency lifter: the real cepstrum of an even log spectrum is even, so keeping quefrencies
    // |q| ≤ order (with a half weight at ±order to soften the cut) and transforming back smooths it.
    private void Smooth(ReadOnlySpan<float> logMagnitude, Span<float> smoothed)
    {
        var n = _cepstrum.Length;
        _plan.Inverse(logMagnitude, _zeros, _cepstrum);
        _cepstrum[_order] *= 0.5f;
        _cepstrum[n - _order] *= 0.5f;
        _cepstrum.AsSpan(_order + 1, n - (2 * _order) - 1).Clear();
        _plan.Forward(_cepstrum, smoothed, _imag);
    }
}
