using System.Buffers;

namespace Augment;

/// <summary>
/// Bluestein's chirp-z DFT for lengths with a prime factor above 13 (Bluestein 1970; Rabiner, Schafer
/// and Rader 1969): with w[k] = e^(−πi·k²/n), jk = (k² + j² − (k − j)²)/2 turns the DFT into
/// X[k] = w[k]·Σ (x[j]·w[j])·conj(w[k − j]), a circular convolution of length m ≥ 2n − 1 done with
/// two smooth-length FFTs. The chirp is computed in double with k² reduced modulo 2n (exact in
/// 64-bit integers), and the transformed conjugate chirp is precomputed with the 1/m scale folded in.
/// </summary>
internal sealed class BluesteinTransform
{
    private readonly int _length;
    private readonly FftPlan _inner;
    private readonly float[] _chirpReal;
    private readonly float[] _chirpImag;
    private readonly float[] _kernelReal;
    private readonly float[] _kernelImag;

    public BluesteinTransform(int length)
    {
        _length = length;
        var m = NextSmooth((2 * length) - 1);
        _inner = FftPlan.Create(m);
        _chirpReal = new float[length];
        _chirpImag = new float[length];
        _kernelReal = new float[m];
        _kernelImag = new float[m];
        var twoN = 2L * length;
        for (var k = 0; k < length; k++)
        {
            var angle = -Math.PI * ((long)k * k % twoN) / length;
            double c = Math.Cos(angle), s = Math.Sin(angle);
            _chirpReal[k] = (float)c;
            _chirpImag[k] = (float)s;
            // b[k] = b[m − k] = conj(w[k]) / m
            _kernelReal[k] = (float)(c / m);
            _kernelImag[k] = (float)(-s / m);
            if (k > 0)
            {
                _kernelReal[m - k] = (float)(c / m);
                _kernelImag[m - k] = (float)(-s / m);
            }
        }
        _inner.Transform(_kernelReal, _kernelImag);
    }

    public void Forward(Span<float> real, Span<float> imag)
    {
        var n = _length;
        var m = _inner.Length;
        var rented = ArrayPool<float>.Shared.Rent(2 * m);
        try
        {
            Span<float> ar = rented.AsSpan(0, m), ai = rented.AsSpan(m, m);
            SplitComplexKernels.Multiply(real, imag, _chirpReal, _chirpImag, ar, ai, n);
            ar[n..].Clear();
            ai[n..].Clear();
            _inner.Transform(ar, ai);
            SplitComplexKernels.Multiply(ar, ai, _kernelReal, _kernelImag, ar, ai, m);
            _inner.InverseUnscaled(ar, ai);
            SplitComplexKernels.Multiply(ar, ai, _chirpReal, _chirpImag, real, imag, n);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The smallest length ≥ <paramref name="minimum"/> whose prime factors are 2, 3 and 5.</summary>
    internal static int NextSmooth(int minimum)
    {
        var n = Math.Max(1, minimum);
        while (!FftPlan.IsSmooth(n))
            n++;
        return n;
    }
}
