namespace Augment.Vision;

/// <summary>Skin-tone protection for fitted grades: the grade is attenuated where <see cref="SkinMask"/> finds skin.</summary>
public static class SkinProtection
{
    /// <summary>
    /// Applies <paramref name="transform"/> with its strength scaled per pixel by
    /// 1 − <paramref name="protection"/> · skin likelihood: skin keeps (most of) its original colour while
    /// the rest of the frame takes the full grade. With protection 0 this is exactly
    /// <see cref="ColorTransform.Apply"/> without a mask. With <see cref="SkinMaskOptions.KeepSkinHue"/> the
    /// hue of skin pixels is also turned back toward the original by their likelihood.
    /// </summary>
    /// <param name="transform">A fitted grade.</param>
    /// <param name="frame">Three colour channels and a defined colour space.</param>
    /// <param name="protection">0 (grade skin fully) to 1 (leave certain skin untouched).</param>
    /// <param name="options">Skin-mask settings; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public static ImageFrame ApplyProtectingSkin(this ColorTransform transform, ImageFrame frame, double protection,
        SkinMaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(frame);
        if (!(protection >= 0.0 && protection <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(protection), protection, "Skin protection must be between 0 and 1.");
        options ??= SkinMaskOptions.Default;
        if (protection == 0.0 && !options.KeepSkinHue)
            return transform.Apply(frame, null, cancellationToken);
        using var likelihood = SkinMask.Estimate(frame, options, cancellationToken);
        using var weight = ImageFrame.Create(frame.Width, frame.Height, 1, ColorSpace.Unspecified, budget: frame.Budget);
        var p = (float)protection;
        RowBands.Run(weight, (first, end) =>
        {
            for (var y = first; y < end; y++)
            {
                ReadOnlySpan<float> source = likelihood.Row(0, y);
                var row = weight.Row(0, y);
                for (var x = 0; x < row.Length; x++)
                    row[x] = 1f - (p * source[x]);
            }
        }, cancellationToken);
        var result = transform.Apply(frame, weight, cancellationToken);
        if (!options.KeepSkinHue)
            return result;
        try
        {
            KeepHue(frame, result, likelihood, cancellationToken);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>Turns the CIELAB hue of <paramref name="graded"/> toward <paramref name="original"/>'s by the likelihood, in place.</summary>
    private static void KeepHue(ImageFrame original, ImageFrame graded, ImageFrame likelihood, CancellationToken cancellationToken)
    {
        var space = graded.ColorSpace;
        ImageFrame? originalCopy = null;
        try
        {
            var before = original.ColorSpace == ColorSpace.LinearSrgb ? original : originalCopy = original.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
            graded.ConvertColorSpaceInPlace(ColorSpace.LinearSrgb, cancellationToken);
            RowBands.Run(graded, (first, end) =>
            {
                for (var y = first; y < end; y++)
                {
                    ReadOnlySpan<float> r0 = before.Row(0, y), g0 = before.Row(1, y), b0 = before.Row(2, y), pull = likelihood.Row(0, y);
                    Span<float> r1 = graded.Row(0, y), g1 = graded.Row(1, y), b1 = graded.Row(2, y);
                    for (var x = 0; x < r1.Length; x++)
                    {
                        var f = pull[x];
                        if (!(f > 1e-4f) || !float.IsFinite(r1[x] + g1[x] + b1[x]))
                            continue;
                        var from = LabKernels.LinearSrgbToLab(r0[x], g0[x], b0[x]);
                        var to = LabKernels.LinearSrgbToLab(r1[x], g1[x], b1[x]);
                        var hueFrom = Math.Atan2(from.B, from.A);
                        var hueTo = Math.Atan2(to.B, to.A);
                        // Shortest way round the hue circle.
                        var delta = Math.IEEERemainder(hueFrom - hueTo, 2 * Math.PI);
                        var hue = hueTo + (f * delta);
                        var chroma = Math.Sqrt((to.A * to.A) + (to.B * to.B));
                        var (red, green, blue) = LabKernels.LabToLinearSrgb(new CieLab(to.L, chroma * Math.Cos(hue), chroma * Math.Sin(hue)));
                        r1[x] = (float)red;
                        g1[x] = (float)green;
                        b1[x] = (float)blue;
                    }
                }
            }, cancellationToken);
            graded.ConvertColorSpaceInPlace(space, cancellationToken);
        }
        finally
        {
            originalCopy?.Dispose();
        }
    }
}
