using Augment.Vision;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// Bakes a warm "film" grade into a 33^3 3D LUT, saves it as <c>.cube</c>, applies it to the test
/// picture with tetrahedral interpolation, saves the result as PNG, checks that the PNG reloads to
/// exactly the 8-bit rounding of the graded frame, and reports how far the grade moved the colours
/// (mean CIEDE2000).
/// </summary>
internal sealed class LutGradeStep : IDemoStep
{
    public const string LutFileName = "grade.cube";
    public const string FileName = "graded.png";

    /// <summary>Points per axis: 33 is what Resolve and most grading tools export.</summary>
    public const int LutSize = 33;

    /// <summary>Black is lifted to this level (0..1): the milky shadows of a print stock.</summary>
    private const float ShadowLift = 0.04f;

    public string Name => "lut";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;

        var lut = new Lut3D(LutSize) { Title = "Augment demo warm film grade" };
        lut.Fill(FilmGrade);
        var lutPath = context.OutputPath(LutFileName);
        lut.SaveCube(lutPath);
        context.Progress.Report(new AugmentProgress(Name, 0.2));

        var original = context.TestImage;
        using var graded = original.ApplyLut(lut, LutInterpolation.Tetrahedral);
        ct.ThrowIfCancellationRequested();
        context.Progress.Report(new AugmentProgress(Name, 0.5));

        var path = context.OutputPath(FileName);
        graded.Save(path);
        using var reloaded = ImageFile.Load(path, new ImageDecodeOptions { Budget = context.Budget });
        var expected = graded.ToPixels8(PixelLayout.Rgb);
        var actual = reloaded.Channels == 3 && reloaded.Width == graded.Width && reloaded.Height == graded.Height
            ? reloaded.ToPixels8(PixelLayout.Rgb)
            : throw new AugmentException($"{FileName} reloaded as {reloaded.Width}x{reloaded.Height}x{reloaded.Channels}; expected {graded.Width}x{graded.Height}x3.");
        var differences = CountDifferences(expected, actual, out var first);
        if (differences > 0)
            throw new AugmentException($"{FileName} does not reload to the 8-bit graded picture: {differences} of {expected.Length} samples differ, the first at sample {first}.");
        context.Progress.Report(new AugmentProgress(Name, 0.7));

        var meanDeltaE = ColorMath.MeanDeltaE2000(original, graded, ct);
        context.Progress.Report(new AugmentProgress(Name, 1));

        return Task.FromResult(new DemoStepResult(
            Name,
            $"Warm film grade baked into a {LutSize}^3 .cube, applied tetrahedrally, saved as PNG",
            $"mean ΔE2000 {meanDeltaE:0.00} vs original; PNG reload exact (0 differences)",
            [path, lutPath]));
    }

    /// <summary>
    /// A smooth analytic grade: lift the blacks, then warm the highlights (more red, a little more
    /// green, less blue), weighted by a smoothstep of Rec. 709 luma so that shadows stay neutral.
    /// Every output stays within 0..1 for inputs in 0..1.
    /// </summary>
    internal static (float R, float G, float B) FilmGrade(float red, float green, float blue)
    {
        var luma = (0.2126f * red) + (0.7152f * green) + (0.0722f * blue);
        var highlight = luma * luma * (3 - (2 * luma)); // smoothstep(0, 1, luma)
        var r = Lift(red);
        var g = Lift(green);
        var b = Lift(blue);
        r += 0.08f * highlight * (1 - r);
        g += 0.02f * highlight * (1 - g);
        b *= 1 - (0.10f * highlight);
        return (r, g, b);
    }

    private static float Lift(float value) => ShadowLift + ((1 - ShadowLift) * value);

    private static int CountDifferences(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, out int first)
    {
        first = -1;
        var count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == actual[i])
                continue;
            if (count++ == 0)
                first = i;
        }
        return count;
    }
}
