namespace Augment.Audio;

/// <summary>FFT-size helpers and a whole-signal FFT convolution for the room tools (offline, so one big transform beats partitions).</summary>
internal static class SpectralMath
{
    /// <summary>Smallest even length ≥ <paramref name="minimum"/> whose half is 2·3·5-smooth, so the real FFT avoids Bluestein.</summary>
    internal static int FastLength(long minimum)
    {
        if (minimum > (1 << 28))
            throw new ResourceLimitException($"An FFT of {minimum} samples is more than the room tools allow (2^28).");
        var n = (int)Math.Max(minimum, 2);
        if (n % 2 != 0) n++;
        while (!IsSmooth(n / 2)) n += 2;
        return n;
    }

    private static bool IsSmooth(int n)
    {
        foreach (var p in (ReadOnlySpan<int>)[2, 3, 5])
            while (n % p == 0) n /= p;
        return n == 1;
    }

    /// <summary>Linear convolution x * h (length x + h − 1) by one real FFT, in double-checked float arithmetic.</summary>
    internal static float[] Convolve(ReadOnlySpan<float> x, ReadOnlySpan<float> h, ComputeBudget budget)
    {
        if (x.IsEmpty || h.IsEmpty) return [];
        var length = (long)x.Length + h.Length - 1;
        var n = FastLength(length);
        budget.EnsureAllocation(6L * n * sizeof(float), "The FFT convolution");
        var plan = RealFftPlan.Create(n);
        var padded = new float[n];
        x.CopyTo(padded);
        var xr = new float[plan.BinCount];
        var xi = new float[plan.BinCount];
        plan.Forward(padded, xr, xi);
        Array.Clear(padded);
        h.CopyTo(padded);
        var hr = new float[plan.BinCount];
        var hi = new float[plan.BinCount];
        plan.Forward(padded, hr, hi);
        for (var k = 0; k < xr.Length; k++)
        {
            float re = (xr[k] * hr[k]) - (xi[k] * hi[k]), im = (xr[k] * hi[k]) + (xi[k] * hr[k]);
            xr[k] = re;
            xi[k] = im;
        }
        plan.Inverse(xr, xi, padded);
        return padded.AsSpan(0, (int)length).ToArray();
    }
}
