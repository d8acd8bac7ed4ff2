using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Augment;

/// <summary>
/// The Fourier transform of real signals of one length: <see cref="Forward"/> takes n real samples
/// and returns the half spectrum X[0..n/2] (n/2 + 1 bins, integer division) in split real/imaginary
/// arrays; the other half is its mirror image, X[n − k] = conj(X[k]). <see cref="Inverse"/> takes the
/// half spectrum back to n samples (scaled by 1/n, so Inverse(Forward(x)) = x); the imaginary parts
/// of X[0] and, for even n, X[n/2] are ignored because a real signal's are zero.
/// <para>
/// Even lengths pack the samples as n/2 complex values (even samples real, odd imaginary), run one
/// complex FFT of half the length and untangle the two spectra with one twiddle pass, so a real
/// transform costs about half a complex one. Odd lengths run a complex transform of the full length.
/// Plans are cached per length and thread-safe; transforms rent scratch from the shared pool.
/// </para>
/// </summary>
public sealed class RealFftPlan
{
    private static readonly ConcurrentDictionary<int, RealFftPlan> Cache = new();

    private readonly FftPlan _complex;
    private readonly float[] _twiddleReal;
    private readonly float[] _twiddleImag;

    private RealFftPlan(int length)
    {
        Length = length;
        var even = length % 2 == 0 && length >= 2;
        _complex = FftPlan.Create(even ? length / 2 : length);
        var half = length / 2;
        _twiddleReal = new float[even ? half : 0];
        _twiddleImag = new float[even ? half : 0];
        for (var k = 0; k < _twiddleReal.Length; k++)
        {
            var angle = -2.0 * Math.PI * k / length;
            _twiddleReal[k] = (float)Math.Cos(angle);
            _twiddleImag[k] = (float)Math.Sin(angle);
        }
    }

    /// <summary>Number of real samples the plan transforms.</summary>
    public int Length { get; }

    /// <summary>Number of spectrum bins: <see cref="Length"/>/2 + 1.</summary>
    public int BinCount => (Length / 2) + 1;

    /// <summary>The plan for <paramref name="length"/> real samples, built once and shared.</summary>
    /// <param name="length">Number of real samples, at least 1.</param>
    public static RealFftPlan Create(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 1 << 28);
        return Cache.GetOrAdd(length, static n => new RealFftPlan(n));
    }

    /// <summary>Half spectrum of a real signal (no scaling).</summary>
    /// <param name="signal">Exactly <see cref="Length"/> samples.</param>
    /// <param name="real">Receives the real parts of bins 0..n/2: exactly <see cref="BinCount"/> values.</param>
    /// <param name="imag">Receives the imaginary parts: exactly <see cref="BinCount"/> values.</param>
    public void Forward(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag)
    {
        if (signal.Length != Length)
            throw new ArgumentException($"The signal holds {signal.Length} samples; this plan transforms {Length}.", nameof(signal));
        CheckBins(real, imag);
        var n = Length;
        if (_twiddleReal.Length == 0)
        {
            ForwardOdd(signal, real, imag);
            return;
        }
        var h = n / 2;
        var rented = ArrayPool<float>.Shared.Rent(2 * h);
        try
        {
            Span<float> zr = rented.AsSpan(0, h), zi = rented.AsSpan(h, h);
            SplitComplexKernels.Deinterleave(signal, zr, zi);
            _complex.Transform(zr, zi);
            // X[k] = E[k] + W^k·O[k], E = (Z[k] + conj(Z[h−k]))/2, O = (Z[k] − conj(Z[h−k]))/(2i).
            real[0] = zr[0] + zi[0];
            imag[0] = 0;
            real[h] = zr[0] - zi[0];
            imag[h] = 0;
            var k = 1;
            if (Vector256.IsHardwareAccelerated)
                k = UntangleVector(zr, zi, real, imag);
            for (; k < h; k++)
            {
                float ar = zr[k], ai = zi[k], br = zr[h - k], bi = -zi[h - k];
                float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
                // (a − b)/(2i) = (ai − bi)/2 − i(ar − br)/2
                float or = 0.5f * (ai - bi), oi = -0.5f * (ar - br);
                float wr = _twiddleReal[k], wi = _twiddleImag[k];
                real[k] = er + ((or * wr) - (oi * wi));
                imag[k] = ei + ((or * wi) + (oi * wr));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Real signal from its half spectrum, scaled by 1/n.</summary>
    /// <param name="real">Real parts of bins 0..n/2: exactly <see cref="BinCount"/> values.</param>
    /// <param name="imag">Imaginary parts: exactly <see cref="BinCount"/> values.</param>
    /// <param name="signal">Receives exactly <see cref="Length"/> samples.</param>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> signal)
    {
        if (signal.Length != Length)
            throw new ArgumentException($"The signal holds {signal.Length} samples; this plan transforms {Length}.", nameof(signal));
        CheckBins(real, imag);
        var n = Length;
        if (_twiddleReal.Length == 0)
        {
            InverseOdd(real, imag, signal);
            return;
        }
        var h = n / 2;
        var rented = ArrayPool<float>.Shared.Rent(2 * h);
        try
        {
            Span<float> zr = rented.AsSpan(0, h), zi = rented.AsSpan(h, h);
            // E = (X[k] + conj(X[h−k]))/2, O = (X[k] − conj(X[h−k]))·W^(−k)/2, Z = E + i·O.
            // k = 0 runs in the scalar loop (its imaginary parts are ignored), then vectors, then the tail.
            for (var k = 0; k < h; k++)
            {
                if (k == 1 && Vector256.IsHardwareAccelerated)
                    k = TangleVector(real, imag, zr, zi);
                if (k >= h)
                    break;
                float ar = real[k], ai = k == 0 ? 0 : imag[k];
                float br = real[h - k], bi = k == 0 ? 0 : -imag[h - k];
                float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
                float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
                float wr = _twiddleReal[k], wi = -_twiddleImag[k];
                float or = (dr * wr) - (di * wi), oi = (dr * wi) + (di * wr);
                zr[k] = er - oi;
                zi[k] = ei + or;
            }
            _complex.InverseUnscaled(zr, zi);
            SplitComplexKernels.Interleave(zr, zi, signal, 1f / h);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Vector form of the forward untangling loop for k = 1.. in steps of 8; returns the first k left for the scalar tail.</summary>
    private int UntangleVector(Span<float> zRe, Span<float> zIm, Span<float> real, Span<float> imag)
    {
        var h = Length / 2;
        ref var zr = ref MemoryMarshal.GetReference(zRe);
        ref var zi = ref MemoryMarshal.GetReference(zIm);
        ref var xr = ref MemoryMarshal.GetReference(real);
        ref var xi = ref MemoryMarshal.GetReference(imag);
        ref var tr = ref MemoryMarshal.GetArrayDataReference(_twiddleReal);
        ref var ti = ref MemoryMarshal.GetArrayDataReference(_twiddleImag);
        var half = Vector256.Create(0.5f);
        var k = 1;
        for (; k <= h - 8; k += 8)
        {
            var nk = (nuint)k;
            var ar = Vector256.LoadUnsafe(ref zr, nk);
            var ai = Vector256.LoadUnsafe(ref zi, nk);
            var br = SplitComplexKernels.LoadReversed(ref zr, h - k);
            var bi = -SplitComplexKernels.LoadReversed(ref zi, h - k);
            var er = half * (ar + br);
            var ei = half * (ai + bi);
            var or = half * (ai - bi);
            var oi = half * (br - ar);
            var wr = Vector256.LoadUnsafe(ref tr, nk);
            var wi = Vector256.LoadUnsafe(ref ti, nk);
            (er + ((or * wr) - (oi * wi))).StoreUnsafe(ref xr, nk);
            (ei + ((or * wi) + (oi * wr))).StoreUnsafe(ref xi, nk);
        }
        return k;
    }

    /// <summary>Vector form of the inverse tangling loop for k = 1.. in steps of 8; returns the first k left for the scalar tail.</summary>
    private int TangleVector(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> zRe, Span<float> zIm)
    {
        var h = Length / 2;
        ref var xr = ref MemoryMarshal.GetReference(real);
        ref var xi = ref MemoryMarshal.GetReference(imag);
        ref var zr = ref MemoryMarshal.GetReference(zRe);
        ref var zi = ref MemoryMarshal.GetReference(zIm);
        ref var tr = ref MemoryMarshal.GetArrayDataReference(_twiddleReal);
        ref var ti = ref MemoryMarshal.GetArrayDataReference(_twiddleImag);
        var half = Vector256.Create(0.5f);
        var k = 1;
        for (; k <= h - 8; k += 8)
        {
            var nk = (nuint)k;
            var ar = Vector256.LoadUnsafe(ref xr, nk);
            var ai = Vector256.LoadUnsafe(ref xi, nk);
            var br = SplitComplexKernels.LoadReversed(ref xr, h - k);
            var bi = -SplitComplexKernels.LoadReversed(ref xi, h - k);
            var er = half * (ar + br);
            var ei = half * (ai + bi);
            var dr = half * (ar - br);
            var di = half * (ai - bi);
            var wr = Vector256.LoadUnsafe(ref tr, nk);
            var wi = -Vector256.LoadUnsafe(ref ti, nk);
            var or = (dr * wr) - (di * wi);
            var oi = (dr * wi) + (di * wr);
            (er - oi).StoreUnsafe(ref zr, nk);
            (ei + or).StoreUnsafe(ref zi, nk);
        }
        return k;
    }

    private void ForwardOdd(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag)
    {
        var n = Length;
        var rented = ArrayPool<float>.Shared.Rent(2 * n);
        try
        {
            Span<float> zr = rented.AsSpan(0, n), zi = rented.AsSpan(n, n);
            signal.CopyTo(zr);
            zi.Clear();
            _complex.Transform(zr, zi);
            zr[..BinCount].CopyTo(real);
            zi[..BinCount].CopyTo(imag);
            imag[0] = 0;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void InverseOdd(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> signal)
    {
        var n = Length;
        var rented = ArrayPool<float>.Shared.Rent(2 * n);
        try
        {
            Span<float> zr = rented.AsSpan(0, n), zi = rented.AsSpan(n, n);
            zr[0] = real[0];
            zi[0] = 0;
            for (var k = 1; k < BinCount; k++)
            {
                zr[k] = real[k];
                zi[k] = imag[k];
                zr[n - k] = real[k];
                zi[n - k] = -imag[k];
            }
            _complex.InverseUnscaled(zr, zi);
            var scale = 1f / n;
            for (var k = 0; k < n; k++)
                signal[k] = zr[k] * scale;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private void CheckBins(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        if (real.Length != BinCount)
            throw new ArgumentException($"The real array holds {real.Length} values; this plan has {BinCount} bins.", nameof(real));
        if (imag.Length != BinCount)
            throw new ArgumentException($"The imaginary array holds {imag.Length} values; this plan has {BinCount} bins.", nameof(imag));
    }
}
