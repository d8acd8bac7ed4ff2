namespace Augment.Audio;

/// <summary>Fills window shapes (<see cref="WindowKind"/>), computed in double and rounded once.</summary>
public static class WindowFunctions
{
    /// <summary>A new window of <paramref name="length"/> samples.</summary>
    /// <param name="kind">The shape.</param>
    /// <param name="length">Number of samples, at least 1.</param>
    /// <param name="periodic">
    /// True (the default, right for STFTs and FFT analysis): the period is <paramref name="length"/>,
    /// so overlapped copies sum to a constant. False: the symmetric window whose last sample equals the first (filter design).
    /// </param>
    public static float[] Create(WindowKind kind, int length, bool periodic = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var window = new float[length];
        Fill(kind, window, periodic);
        return window;
    }

    /// <summary>Writes a window into <paramref name="destination"/> (its length is the window length).</summary>
    /// <param name="kind">The shape.</param>
    /// <param name="destination">Receives the window.</param>
    /// <param name="periodic">Periodic (true) or symmetric (false); see <see cref="Create"/>.</param>
    public static void Fill(WindowKind kind, Span<float> destination, bool periodic = true)
    {
        var n = destination.Length;
        if (n == 0)
            return;
        if (n == 1)
        {
            destination[0] = 1f;
            return;
        }
        var period = periodic ? n : n - 1;
        for (var i = 0; i < n; i++)
        {
            var x = 2.0 * Math.PI * i / period;
            destination[i] = (float)(kind switch
            {
                WindowKind.Hann => 0.5 - (0.5 * Math.Cos(x)),
                WindowKind.SqrtHann => Math.Sqrt(Math.Max(0, 0.5 - (0.5 * Math.Cos(x)))),
                WindowKind.Hamming => 0.54 - (0.46 * Math.Cos(x)),
                WindowKind.Blackman => 0.42 - (0.5 * Math.Cos(x)) + (0.08 * Math.Cos(2 * x)),
                WindowKind.BlackmanHarris => 0.35875 - (0.48829 * Math.Cos(x)) + (0.14128 * Math.Cos(2 * x)) - (0.01168 * Math.Cos(3 * x)),
                WindowKind.Rectangular => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
            });
        }
    }
}
