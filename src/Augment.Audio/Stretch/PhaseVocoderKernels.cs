using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// The per-frame arithmetic of <see cref="PhaseVocoder"/>: polar conversion and phase rotation
/// (vectorised through <see cref="TensorPrimitives"/>, each with a scalar reference beside it that the
/// tests compare), peak picking and the phase propagation itself (sequential across frames by nature).
/// </summary>
internal static class PhaseVocoderKernels
{
    private const double TwoPi = 2 * Math.PI;

    /// <summary>Magnitudes and phases of a half spectrum (vectorised).</summary>
    public static void ToPolar(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> magnitude, Span<float> phase)
    {
        TensorPrimitives.Hypot(re, im, magnitude);
        TensorPrimitives.Atan2(im, re, phase);
    }

    /// <summary>Scalar reference of <see cref="ToPolar"/>.</summary>
    public static void ToPolarScalar(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> magnitude, Span<float> phase)
    {
        for (var b = 0; b < re.Length; b++)
        {
            magnitude[b] = MathF.Sqrt((re[b] * re[b]) + (im[b] * im[b]));
            phase[b] = MathF.Atan2(im[b], re[b]);
        }
    }

    /// <summary>
    /// Rotates each bin by <paramref name="rotation"/> radians and scales it by <paramref name="gain"/>
    /// (vectorised): out = gain·(re + i·im)·e^(i·rotation). <paramref name="sin"/> and <paramref name="cos"/>
    /// are scratch of the same length.
    /// </summary>
    public static void Rotate(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> rotation, ReadOnlySpan<float> gain,
        Span<float> sin, Span<float> cos, Span<float> outRe, Span<float> outIm)
    {
        TensorPrimitives.SinCos(rotation, sin, cos);
        TensorPrimitives.Multiply(cos, gain, cos);
        TensorPrimitives.Multiply(sin, gain, sin);
        // outRe = re·cos − im·sin; outIm = re·sin + im·cos (outputs may not alias the inputs).
        TensorPrimitives.Multiply(im, sin, outRe);
        TensorPrimitives.MultiplyAdd(re, cos, TensorPrimitivesNegate(outRe), outRe);
        TensorPrimitives.Multiply(im, cos, outIm);
        TensorPrimitives.MultiplyAdd(re, sin, outIm, outIm);
    }

    private static Span<float> TensorPrimitivesNegate(Span<float> values)
    {
        TensorPrimitives.Negate(values, values);
        return values;
    }

    /// <summary>Scalar reference of <see cref="Rotate"/>.</summary>
    public static void RotateScalar(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> rotation, ReadOnlySpan<float> gain,
        Span<float> outRe, Span<float> outIm)
    {
        for (var b = 0; b < re.Length; b++)
        {
            var (s, c) = MathF.SinCos(rotation[b]);
            var g = gain[b];
            outRe[b] = g * ((re[b] * c) - (im[b] * s));
            outIm[b] = g * ((re[b] * s) + (im[b] * c));
        }
    }

    /// <summary>
    /// Spectral peaks: bins larger than their two neighbours on each side (Laroche and Dolson 1999) and
    /// above <paramref name="floor"/>. Writes the peak bins in ascending order and returns how many.
    /// </summary>
    public static int FindPeaks(ReadOnlySpan<float> magnitude, float floor, Span<int> peaks)
    {
        var count = 0;
        var n = magnitude.Length;
        for (var b = 0; b < n; b++)
        {
            var m = magnitude[b];
            if (m <= floor)
                continue;
            if ((b >= 1 && magnitude[b - 1] >= m) || (b >= 2 && magnitude[b - 2] >= m)
                || (b + 1 < n && magnitude[b + 1] > m) || (b + 2 < n && magnitude[b + 2] > m))
                continue;
            peaks[count++] = b;
        }
        return count;
    }

    /// <summary>The principal value of an angle, in (−π, π].</summary>
    public static double PrincipalArgument(double angle) => angle - (TwoPi * Math.Round(angle / TwoPi));

    /// <summary>
    /// Advances the synthesis phases by one frame. For every bin b the heterodyned phase increment
    /// gives the instantaneous frequency ω = 2πb/N + princarg(φ − φ_prev − 2πb·Ha/N)/Ha (the phase
    /// vocoder's frequency estimate), and the synthesis phase advances by ω·Hs. With identity locking
    /// only peak bins are advanced; each other bin takes θ_peak + (φ_b − φ_peak) from the peak whose
    /// region holds it (regions end at the lowest bin between two peaks).
    /// </summary>
    /// <param name="phase">Analysis phases φ of this frame.</param>
    /// <param name="previousPhase">Analysis phases of the previous frame.</param>
    /// <param name="synthesisPhase">In: the previous frame's synthesis phases θ; out: this frame's.</param>
    /// <param name="magnitude">Analysis magnitudes of this frame (peak picking).</param>
    /// <param name="analysisHop">Samples between the two analysis frames (≥ 1).</param>
    /// <param name="synthesisHop">Samples between the two synthesis frames.</param>
    /// <param name="fftLength">N.</param>
    /// <param name="locking">Phase locking.</param>
    /// <param name="peaks">Scratch, one int per bin.</param>
    public static void Propagate(ReadOnlySpan<float> phase, ReadOnlySpan<float> previousPhase, Span<float> synthesisPhase,
        ReadOnlySpan<float> magnitude, int analysisHop, int synthesisHop, int fftLength, PhaseLocking locking, Span<int> peaks)
    {
        var bins = phase.Length;
        var binStep = TwoPi / fftLength;
        var scale = (double)synthesisHop / analysisHop;
        if (locking == PhaseLocking.None)
        {
            for (var b = 0; b < bins; b++)
                synthesisPhase[b] = Wrap(synthesisPhase[b] + Advance(phase[b], previousPhase[b], b * binStep, analysisHop, synthesisHop, scale));
            return;
        }

        // Peaks 60 dB under the frame's largest bin carry nothing audible; their regions merge into louder ones.
        var max = TensorPrimitives.Max(magnitude);
        var count = FindPeaks(magnitude, max * 1e-3f, peaks);
        if (count == 0)
        {
            // Silence or noise floor only: plain per-bin propagation keeps it smooth.
            for (var b = 0; b < bins; b++)
                synthesisPhase[b] = Wrap(synthesisPhase[b] + Advance(phase[b], previousPhase[b], b * binStep, analysisHop, synthesisHop, scale));
            return;
        }

        var start = 0;
        for (var i = 0; i < count; i++)
        {
            var p = peaks[i];
            // The region of peak i ends at the lowest bin between it and the next peak.
            var end = bins;
            if (i + 1 < count)
            {
                var next = peaks[i + 1];
                end = p + 1;
                for (var b = p + 1; b < next; b++)
                {
                    if (magnitude[b] < magnitude[end])
                        end = b;
                }
                if (end == p)
                    end = p + 1;
            }
            var theta = Wrap(synthesisPhase[p] + Advance(phase[p], previousPhase[p], p * binStep, analysisHop, synthesisHop, scale));
            var anchor = phase[p];
            for (var b = start; b < end; b++)
                synthesisPhase[b] = Wrap(theta + (phase[b] - anchor));
            start = end;
        }
    }

    private static double Advance(float phase, float previous, double omega, int analysisHop, int synthesisHop, double scale)
    {
        var deviation = PrincipalArgument(phase - previous - (omega * analysisHop));
        return (omega * synthesisHop) + (deviation * scale);
    }

    private static float Wrap(double angle) => (float)PrincipalArgument(angle);
}
