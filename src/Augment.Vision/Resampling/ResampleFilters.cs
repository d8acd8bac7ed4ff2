namespace Augment.Vision;

/// <summary>The kernel functions k(x) (x in source pixels at 1:1) and their radii.</summary>
internal static class ResampleFilters
{
    /// <summary>Half-width of the kernel's support at 1:1, in source pixels.</summary>
    public static double Radius(ResampleKernel kernel) => kernel switch
    {
        ResampleKernel.Lanczos3 => 3.0,
        ResampleKernel.CatmullRom or ResampleKernel.Mitchell => 2.0,
        ResampleKernel.Box => 0.5,
        ResampleKernel.Bilinear => 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown resample kernel."),
    };

    /// <summary>k(x).</summary>
    public static double Evaluate(ResampleKernel kernel, double x) => kernel switch
    {
        ResampleKernel.Lanczos3 => Lanczos(x, 3.0),
        ResampleKernel.CatmullRom => Cubic(x, 0.0, 0.5),
        ResampleKernel.Mitchell => Cubic(x, 1.0 / 3.0, 1.0 / 3.0),
        // Half-open (-1/2, 1/2] so that a tie picks exactly one source pixel (the same convention as
        // ImageSharp's BoxResampler, so the two agree on ties).
        ResampleKernel.Box => x > -0.5 && x <= 0.5 ? 1.0 : 0.0,
        ResampleKernel.Bilinear => Math.Max(0.0, 1.0 - Math.Abs(x)),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown resample kernel."),
    };

    /// <summary>sinc(x)·sinc(x/a) for |x| &lt; a; exactly 1 at 0 and 0 at the other integers, so 1:1 is exact.</summary>
    private static double Lanczos(double x, double a)
    {
        x = Math.Abs(x);
        if (x >= a)
            return 0.0;
        if (x == 0.0)
            return 1.0;
        if (x == Math.Floor(x))
            return 0.0; // sin(πn) is not exactly 0 in floating point
        var px = Math.PI * x;
        return a * Math.Sin(px) * Math.Sin(px / a) / (px * px);
    }

    /// <summary>
    /// The Mitchell-Netravali family of cubics (Mitchell and Netravali 1988, eq. 8), with B and C.
    /// </summary>
    private static double Cubic(double x, double b, double c)
    {
        x = Math.Abs(x);
        var x2 = x * x;
        var x3 = x2 * x;
        if (x < 1.0)
            return (((12.0 - (9.0 * b) - (6.0 * c)) * x3) + ((-18.0 + (12.0 * b) + (6.0 * c)) * x2) + (6.0 - (2.0 * b))) / 6.0;
        if (x < 2.0)
            return (((-b - (6.0 * c)) * x3) + (((6.0 * b) + (30.0 * c)) * x2) + ((-(12.0 * b) - (48.0 * c)) * x) + ((8.0 * b) + (24.0 * c))) / 6.0;
        return 0.0;
    }
}
