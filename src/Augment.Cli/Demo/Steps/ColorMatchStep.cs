using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// The colour-matching headline: makes a "second camera" version of the test picture with a cool,
/// dim, green-tinted cast, matches it back to the original with MKL, saves both, and checks that
/// mean CIEDE2000 to the reference drops by at least 70 %.
/// </summary>
internal sealed class ColorMatchStep : IDemoStep
{
    public const string CastFileName = "camera-b.png";
    public const string FileName = "camera-b-matched.png";

    /// <summary>The smallest share of the colour difference the match must remove.</summary>
    internal const double RequiredReduction = 0.70;

    public string Name => "match";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var reference = context.TestImage;

        using var cast = reference.Clone();
        ApplyCast(cast);
        var castPath = context.OutputPath(CastFileName);
        cast.Save(castPath);
        context.Progress.Report(new AugmentProgress(Name, 0.2));

        var transform = ColorMatch.Fit(cast, reference, o => o.UseMethod(ColorMatchMethod.Mkl), ct);
        using var matched = transform.Apply(cast, cancellationToken: ct);
        var path = context.OutputPath(FileName);
        matched.Save(path);
        context.Progress.Report(new AugmentProgress(Name, 0.7));

        var before = ColorMath.MeanDeltaE2000(cast, reference, ct);
        var after = ColorMath.MeanDeltaE2000(matched, reference, ct);
        context.Progress.Report(new AugmentProgress(Name, 1));
        var reduction = before > 0 ? 1 - (after / before) : 1;
        if (reduction < RequiredReduction)
            throw new AugmentException(string.Create(CultureInfo.InvariantCulture,
                $"MKL matching removed only {reduction:P0} of the cast (mean ΔE2000 {before:0.00} -> {after:0.00}); at least {RequiredReduction:P0} was expected."));

        return Task.FromResult(new DemoStepResult(
            Name,
            "A cast \"camera B\" frame matched to the reference with MKL (Pitié's linear Monge–Kantorovich transform)",
            string.Create(CultureInfo.InvariantCulture, $"mean ΔE2000 to reference {before:0.00} -> {after:0.00} ({reduction:P0} removed)"),
            [castPath, path]));
    }

    /// <summary>
    /// A second camera's look, in the encoded values: a little under-exposed, cool and green-tinted,
    /// with lifted blacks. Results stay in 0..1.
    /// </summary>
    internal static void ApplyCast(ImageFrame frame)
    {
        var r = frame.Plane(0);
        var g = frame.Plane(1);
        var b = frame.Plane(2);
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = 0.03f + (0.78f * r[i]);
            g[i] = 0.05f + (0.88f * g[i]);
            b[i] = Math.Min(1f, 0.08f + (0.95f * b[i]));
        }
    }
}
