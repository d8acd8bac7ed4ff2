using System.Buffers;
using System.Collections.Concurrent;

namespace Augment;

/// <summary>
/// A complex fast Fourier transform of one length, on split real/imaginary float arrays
/// (<c>real[k]</c>, <c>imag[k]</c>), transformed in place.
/// <para>
/// Any length from 1: lengths whose prime factors are 2, 3, 5, 7, 11 and 13 run as mixed-radix
/// Stockham passes (radix 4, 2, 3, 5 and a generic odd-prime butterfly) with SIMD butterflies; other
/// lengths run Bluestein's chirp-z algorithm over a 2·3·5-smooth transform of at least 2n − 1 points.
/// Plans are immutable, cached per length (<see cref="Create"/>) and safe to share between threads;
/// scratch memory is rented from the shared array pool per call, so a transform allocates nothing
/// on the managed heap.
/// </para>
/// <para>
/// Conventions: <see cref="Forward"/> computes X[k] = Σ x[j]·e^(−2πi·jk/n) without scaling;
/// <see cref="Inverse"/> computes x[j] = (1/n)·Σ X[k]·e^(+2πi·jk/n), so Inverse(Forward(x)) = x.
/// </para>
/// </summary>
public sealed class FftPlan
{
    private static readonly ConcurrentDictionary<int, FftPlan> Cache = new();

    /// <summary>Odd primes above 5 that run the generic butterfly; larger primes go to Bluestein.</summary>
    private static readonly int[] OddRadices = [7, 11, 13];

    private readonly FftStage[] _stages;
    private readonly BluesteinTransform? _bluestein;

    private FftPlan(int length)
    {
        Length = length;
        if (TryFactor(length, out var radices))
        {
            _stages = new FftStage[radices.Count];
            var stride = 1;
            var remaining = length;
            for (var i = 0; i < radices.Count; i++)
            {
                var radix = radices[i];
                remaining /= radix;
                _stages[i] = new FftStage(radix, stride, remaining);
                stride *= radix;
            }
        }
        else
        {
            _stages = [];
            _bluestein = new BluesteinTransform(length);
        }
    }

    /// <summary>Number of complex points the plan transforms.</summary>
    public int Length { get; }

    /// <summary>Whether the plan runs Bluestein's algorithm (the length has a prime factor above 13).</summary>
    public bool UsesBluestein => _bluestein is not null;

    /// <summary>The plan for <paramref name="length"/> points, built once and shared.</summary>
    /// <param name="length">Number of complex points, at least 1.</param>
    public static FftPlan Create(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        // Bluestein needs a transform of 2n − 1 points; keep that within an array's reach.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 1 << 28);
        return Cache.GetOrAdd(length, static n => new FftPlan(n));
    }

    /// <summary>Forward transform in place (no scaling).</summary>
    /// <param name="real">Real parts, exactly <see cref="Length"/> values.</param>
    /// <param name="imag">Imaginary parts, exactly <see cref="Length"/> values.</param>
    public void Forward(Span<float> real, Span<float> imag)
    {
        CheckLengths(real, imag);
        Transform(real, imag);
    }

    /// <summary>Inverse transform in place, scaled by 1/<see cref="Length"/>.</summary>
    /// <param name="real">Real parts, exactly <see cref="Length"/> values.</param>
    /// <param name="imag">Imaginary parts, exactly <see cref="Length"/> values.</param>
    public void Inverse(Span<float> real, Span<float> imag)
    {
        CheckLengths(real, imag);
        InverseUnscaled(real, imag);
        var scale = 1f / Length;
        System.Numerics.Tensors.TensorPrimitives.Multiply(real, scale, real);
        System.Numerics.Tensors.TensorPrimitives.Multiply(imag, scale, imag);
    }

    /// <summary>
    /// The inverse without the 1/n scale: the conjugate transform equals the forward transform with
    /// the real and imaginary arrays swapped, so no second set of twiddles is needed.
    /// </summary>
    internal void InverseUnscaled(Span<float> real, Span<float> imag) => Transform(imag, real);

    /// <summary>The forward transform without argument checks.</summary>
    internal void Transform(Span<float> real, Span<float> imag)
    {
        if (_bluestein is not null)
        {
            _bluestein.Forward(real, imag);
            return;
        }
        if (_stages.Length == 0)
            return;
        var n = Length;
        var rented = ArrayPool<float>.Shared.Rent(2 * n);
        try
        {
            Span<float> sr = rented.AsSpan(0, n), si = rented.AsSpan(n, n);
            Span<float> xr = real, xi = imag, yr = sr, yi = si;
            foreach (var stage in _stages)
            {
                FftKernels.Pass(stage, xr, xi, yr, yi);
                var tr = xr;
                var ti = xi;
                xr = yr;
                xi = yi;
                yr = tr;
                yi = ti;
            }
            if (_stages.Length % 2 == 1)
            {
                sr.CopyTo(real);
                si.CopyTo(imag);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Whether a length's prime factors are all 2, 3 or 5 (the lengths Bluestein pads to: the fastest passes).</summary>
    internal static bool IsSmooth(int length) => IsSmooth(length, [2, 3, 5]);

    private static bool IsSmooth(int length, ReadOnlySpan<int> primes)
    {
        foreach (var p in primes)
        {
            while (length % p == 0)
                length /= p;
        }
        return length == 1;
    }

    /// <summary>
    /// Orders the passes: up to two radix-4 passes first (strides 1 and 4 have their own vector
    /// kernels), then radix 13, 11, 7, 5 and 3, the remaining radix-4 passes, and a final radix 2, so that
    /// every later pass has a stride of at least 8 and runs eight butterflies per vector whenever
    /// the length has 16 as a factor.
    /// </summary>
    private static bool TryFactor(int length, out List<int> radices)
    {
        radices = [];
        if (!IsSmooth(length, [2, 3, 5, .. OddRadices]))
            return false;
        var n = length;
        var fours = 0;
        while (n % 4 == 0)
        {
            fours++;
            n /= 4;
        }
        var leading = Math.Min(2, fours);
        for (var i = 0; i < leading; i++)
            radices.Add(4);
        foreach (var p in (ReadOnlySpan<int>)[13, 11, 7, 5, 3])
        {
            while (n % p == 0)
            {
                radices.Add(p);
                n /= p;
            }
        }
        for (var i = leading; i < fours; i++)
            radices.Add(4);
        if (n == 2)
            radices.Add(2);
        return true;
    }

    private void CheckLengths(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        if (real.Length != Length)
            throw new ArgumentException($"The real array holds {real.Length} values; this plan transforms {Length}.", nameof(real));
        if (imag.Length != Length)
            throw new ArgumentException($"The imaginary array holds {imag.Length} values; this plan transforms {Length}.", nameof(imag));
    }
}
