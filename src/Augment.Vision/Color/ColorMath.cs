namespace Augment.Vision;

/// <summary>
/// Perceptual colour coordinates and differences: CIELAB (D65, CIE 1976), OKLab and CIEDE2000,
/// per colour and over planes. Every RGB input is linear sRGB (Rec.709 primaries, 1.0 = diffuse white).
/// </summary>
public static class ColorMath
{
    /// <summary>CIELAB of a linear sRGB colour, relative to D65 white (RGB 1, 1, 1 is L* = 100).</summary>
    /// <param name="red">Linear red.</param>
    /// <param name="green">Linear green.</param>
    /// <param name="blue">Linear blue.</param>
    public static CieLab LinearSrgbToLab(double red, double green, double blue) => LabKernels.LinearSrgbToLab(red, green, blue);

    /// <summary>OKLab of a linear sRGB colour.</summary>
    /// <param name="red">Linear red.</param>
    /// <param name="green">Linear green.</param>
    /// <param name="blue">Linear blue.</param>
    public static Oklab LinearSrgbToOklab(double red, double green, double blue) => LabKernels.LinearSrgbToOklab(red, green, blue);

    /// <summary>Linear sRGB of a CIELAB colour; the inverse of <see cref="LinearSrgbToLab(double, double, double)"/>.</summary>
    /// <param name="lab">The CIELAB colour.</param>
    public static (double Red, double Green, double Blue) LabToLinearSrgb(CieLab lab) => LabKernels.LabToLinearSrgb(lab);

    /// <summary>Linear sRGB of an OKLab colour; the inverse of <see cref="LinearSrgbToOklab(double, double, double)"/>.</summary>
    /// <param name="lab">The OKLab colour.</param>
    public static (double Red, double Green, double Blue) OklabToLinearSrgb(Oklab lab) => LabKernels.OklabToLinearSrgb(lab);

    /// <summary>CIEDE2000 colour difference ΔE00 with kL = kC = kH = 1 (Sharma, Wu and Dalal, 2005).</summary>
    /// <param name="first">First colour.</param>
    /// <param name="second">Second colour.</param>
    /// <returns>ΔE00; about 1 is a just-noticeable difference.</returns>
    public static double DeltaE2000(CieLab first, CieLab second) => LabKernels.DeltaE2000(first, second);

    /// <summary>CIELAB of linear sRGB planes, pixel by pixel.</summary>
    /// <param name="red">Linear red plane.</param>
    /// <param name="green">Linear green plane.</param>
    /// <param name="blue">Linear blue plane.</param>
    /// <param name="lightness">Destination L*.</param>
    /// <param name="a">Destination a*.</param>
    /// <param name="b">Destination b*.</param>
    public static void LinearSrgbToLab(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<float> lightness, Span<float> a, Span<float> b)
    {
        CheckPlanes(red.Length, green.Length, blue.Length, lightness.Length, a.Length, b.Length);
        for (var i = 0; i < red.Length; i++)
        {
            var lab = LabKernels.LinearSrgbToLab(red[i], green[i], blue[i]);
            lightness[i] = (float)lab.L;
            a[i] = (float)lab.A;
            b[i] = (float)lab.B;
        }
    }

    /// <summary>Linear sRGB of CIELAB planes, pixel by pixel.</summary>
    /// <param name="lightness">L* plane.</param>
    /// <param name="a">a* plane.</param>
    /// <param name="b">b* plane.</param>
    /// <param name="red">Destination linear red.</param>
    /// <param name="green">Destination linear green.</param>
    /// <param name="blue">Destination linear blue.</param>
    public static void LabToLinearSrgb(ReadOnlySpan<float> lightness, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> red, Span<float> green, Span<float> blue)
    {
        CheckPlanes(lightness.Length, a.Length, b.Length, red.Length, green.Length, blue.Length);
        for (var i = 0; i < lightness.Length; i++)
        {
            var (r, g, bl) = LabKernels.LabToLinearSrgb(new CieLab(lightness[i], a[i], b[i]));
            red[i] = (float)r;
            green[i] = (float)g;
            blue[i] = (float)bl;
        }
    }

    /// <summary>OKLab of linear sRGB planes, pixel by pixel.</summary>
    /// <param name="red">Linear red plane.</param>
    /// <param name="green">Linear green plane.</param>
    /// <param name="blue">Linear blue plane.</param>
    /// <param name="lightness">Destination L.</param>
    /// <param name="a">Destination a.</param>
    /// <param name="b">Destination b.</param>
    public static void LinearSrgbToOklab(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<float> lightness, Span<float> a, Span<float> b)
    {
        CheckPlanes(red.Length, green.Length, blue.Length, lightness.Length, a.Length, b.Length);
        for (var i = 0; i < red.Length; i++)
        {
            var lab = LabKernels.LinearSrgbToOklab(red[i], green[i], blue[i]);
            lightness[i] = (float)lab.L;
            a[i] = (float)lab.A;
            b[i] = (float)lab.B;
        }
    }

    /// <summary>Linear sRGB of OKLab planes, pixel by pixel.</summary>
    /// <param name="lightness">L plane.</param>
    /// <param name="a">a plane.</param>
    /// <param name="b">b plane.</param>
    /// <param name="red">Destination linear red.</param>
    /// <param name="green">Destination linear green.</param>
    /// <param name="blue">Destination linear blue.</param>
    public static void OklabToLinearSrgb(ReadOnlySpan<float> lightness, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> red, Span<float> green, Span<float> blue)
    {
        CheckPlanes(lightness.Length, a.Length, b.Length, red.Length, green.Length, blue.Length);
        for (var i = 0; i < lightness.Length; i++)
        {
            var (r, g, bl) = LabKernels.OklabToLinearSrgb(new Oklab(lightness[i], a[i], b[i]));
            red[i] = (float)r;
            green[i] = (float)g;
            blue[i] = (float)bl;
        }
    }

    /// <summary>
    /// Mean CIEDE2000 difference between two frames of the same size, pixel by pixel. Each frame is
    /// taken to linear sRGB first (a frame in another space is converted on a copy); alpha is ignored.
    /// Runs parallel over rows within <paramref name="first"/>'s budget and sums in a fixed order, so
    /// the result does not depend on the thread count.
    /// </summary>
    /// <param name="first">First frame (three colour channels, defined colour space).</param>
    /// <param name="second">Second frame, same width and height.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The mean ΔE00 over all pixels.</returns>
    public static double MeanDeltaE2000(ImageFrame first, ImageFrame second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Width != second.Width || first.Height != second.Height)
            throw new ArgumentException($"Frames differ in size: {first.Width}x{first.Height} and {second.Width}x{second.Height}.", nameof(second));

        ImageFrame? firstCopy = null, secondCopy = null;
        try
        {
            var a = first.ColorSpace == ColorSpace.LinearSrgb && first.ColorChannels == 3 ? first : firstCopy = first.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            var b = second.ColorSpace == ColorSpace.LinearSrgb && second.ColorChannels == 3 ? second : secondCopy = second.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            var rowSums = new double[a.Height];
            Parallel.For(0, a.Height, a.Budget.ToParallelOptions(cancellationToken), y =>
            {
                ReadOnlySpan<float> r1 = a.Row(0, y), g1 = a.Row(1, y), b1 = a.Row(2, y);
                ReadOnlySpan<float> r2 = b.Row(0, y), g2 = b.Row(1, y), b2 = b.Row(2, y);
                var sum = 0.0;
                for (var x = 0; x < r1.Length; x++)
                    sum += LabKernels.DeltaE2000(LabKernels.LinearSrgbToLab(r1[x], g1[x], b1[x]), LabKernels.LinearSrgbToLab(r2[x], g2[x], b2[x]));
                rowSums[y] = sum;
            });
            var total = 0.0;
            foreach (var rowSum in rowSums)
                total += rowSum;
            return total / ((double)a.Width * a.Height);
        }
        finally
        {
            firstCopy?.Dispose();
            secondCopy?.Dispose();
        }
    }

    private static void CheckPlanes(int source0, int source1, int source2, int destination0, int destination1, int destination2)
    {
        if (source1 != source0 || source2 != source0)
            throw new ArgumentException($"Source planes differ in length ({source0}, {source1}, {source2}).");
        if (destination0 < source0 || destination1 < source0 || destination2 < source0)
            throw new ArgumentException($"Destination planes ({destination0}, {destination1}, {destination2}) are shorter than the source ({source0}).");
    }
}
