namespace Augment.Vision;

/// <summary>
/// A classical "film look" that needs no model: the colour statistics of a reference still
/// (Reinhard et al. 2001, "Color Transfer between Images": per-channel mean and standard deviation
/// moved in a decorrelated perceptual space, here OKLab, through <see cref="ColorMatch"/>) plus
/// synthetic film grain. Grain is monochrome, added to the sRGB-encoded values, sized by a Gaussian
/// blur of white noise and shaped by a luminance response that peaks in the mid-tones and falls to
/// zero at black and white, as grain shows on film (dense highlights and clear shadows carry little
/// visible grain). Seeded: the same options give the same grain.
/// </summary>
/// <example>
/// <code>
/// using var still = ImageFile.Load("reference.jpg");
/// using var look = FilmLook.Apply(frame, FilmLookOptions.Default.WithReference(still).WithGrain(0.3f, 1.5f).WithSeed(7));
/// </code>
/// </example>
public static class FilmLook
{
    /// <summary>Standard deviation of grain at mid-grey for intensity 1, in sRGB-encoded units.</summary>
    public const float GrainScale = 0.1f;

    /// <summary>
    /// The grain's luminance response: <c>4·Y·(1 − Y)</c> for Rec. 709 luma Y of the sRGB-encoded
    /// colour, clamped to 0..1 — 1 at mid-grey, 0.36 at Y = 0.1 or 0.9, 0 at black and white.
    /// </summary>
    /// <param name="luma">Luma, 0..1.</param>
    public static float Response(float luma)
    {
        var y = Math.Clamp(luma, 0f, 1f);
        return 4f * y * (1f - y);
    }

    /// <summary>Applies the look with options built fluently from <see cref="FilmLookOptions.Default"/>.</summary>
    /// <param name="frame">RGB or RGBA, any defined colour space; not modified.</param>
    /// <param name="configure">E.g. <c>o => o.WithReference(still).WithGrain(0.3f)</c>.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new frame in the frame's colour space (values are not clipped).</returns>
    public static ImageFrame Apply(ImageFrame frame, Func<FilmLookOptions, FilmLookOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Apply(frame, configure(FilmLookOptions.Default), cancellationToken);
    }

    /// <summary>Applies the colour statistics of the reference (if any), then grain (if any).</summary>
    /// <param name="frame">RGB or RGBA, any defined colour space; not modified.</param>
    /// <param name="options">Reference, strength, grain and seed.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A new frame in the frame's colour space (values are not clipped).</returns>
    /// <exception cref="ArgumentException">A frame lacks three colour channels.</exception>
    public static ImageFrame Apply(ImageFrame frame, FilmLookOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(options);
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"The film look needs three colour channels (RGB or RGBA); the frame has {frame.ColorChannels}.", nameof(frame));

        var result = options.Reference is { } reference && options.ColorStrength > 0
            ? ColorMatch.Fit(frame, reference, new ColorMatchOptions { Method = ColorMatchMethod.Reinhard, Strength = options.ColorStrength }, cancellationToken).Apply(frame, cancellationToken: cancellationToken)
            : frame.Clone();
        try
        {
            if (options.GrainIntensity > 0f) AddGrain(result, options, cancellationToken);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void AddGrain(ImageFrame frame, FilmLookOptions options, CancellationToken cancellationToken)
    {
        var space = frame.ColorSpace;
        var encoded = space is not (ColorSpace.Srgb or ColorSpace.Unspecified);
        if (encoded) frame.ConvertColorSpaceInPlace(ColorSpace.Srgb, cancellationToken);
        using var grain = FilmGrain.Generate(frame.Width, frame.Height, options.GrainSizePixels, options.Seed, frame.Budget, cancellationToken);
        var amplitude = GrainScale * options.GrainIntensity;
        RowBands.Run(frame, (y0, y1) =>
        {
            for (var y = y0; y < y1; y++)
            {
                var r = frame.Row(0, y);
                var g = frame.Row(1, y);
                var b = frame.Row(2, y);
                var n = grain.Row(0, y);
                for (var x = 0; x < r.Length; x++)
                {
                    var add = amplitude * Response(0.2126f * r[x] + 0.7152f * g[x] + 0.0722f * b[x]) * n[x];
                    r[x] += add;
                    g[x] += add;
                    b[x] += add;
                }
            }
        }, cancellationToken);
        if (encoded) frame.ConvertColorSpaceInPlace(space, cancellationToken);
    }
}
