using System.Diagnostics;
using Augment.Vision;

namespace Augment.Cli.Demo.Steps;

/// <summary>
/// The restoration headline, on a real photograph (a coffee cup, CC0): a distracting dark blob is
/// painted on it, the result is halved and given sensor-like noise, then restored — denoise
/// (non-local means, strength from the estimated noise level), x2 upscale (Lanczos-3 with edge-aware
/// sharpening) and content-aware fill over the blob. Saves the degraded and restored pictures side by
/// side and checks the restoration against the untouched photograph: it must beat plain Lanczos
/// enlargement of the degraded picture by at least <see cref="RequiredGainDb"/> dB.
/// </summary>
internal sealed class RestorationStep : IDemoStep
{
    public const string BeforeFileName = "restore-before.png";
    public const string AfterFileName = "restore-after.png";
    public const string SideBySideFileName = "restore-before-after.png";

    /// <summary>Noise added to the halved picture, as a standard deviation on the 0..1 scale (12 of 255).</summary>
    internal const float NoiseSigma = 12f / 255f;

    /// <summary>How much closer (PSNR, dB) the restoration must come to the photograph than plain enlargement.</summary>
    internal const double RequiredGainDb = 2.0;

    public string Name => "restore";

    public Task<DemoStepResult> RunAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        using var photo = LoadPhoto(context.Budget);
        using var blob = BlobMask(photo.Width, photo.Height, marginPixels: 0, context.Budget);
        // Halving and enlarging spread the blob's edge by a few pixels: the fill covers them too.
        using var mask = BlobMask(photo.Width, photo.Height, marginPixels: 5, context.Budget);

        // The damaged input: blob painted on, halved (area average), noise added.
        using var blemished = photo.Clone();
        PaintBlob(blemished, blob);
        using var small = blemished.Resize(photo.Width / 2, photo.Height / 2, ResampleKernel.Box);
        AddNoise(small, NoiseSigma, seed: 2026);
        var beforePath = context.OutputPath(BeforeFileName);
        small.Save(beforePath);
        context.Progress.Report(new AugmentProgress(Name, 0.1));

        var clock = Stopwatch.StartNew();
        var estimate = small.EstimateNoise(ct);
        using var denoised = small.Denoise(d => d, new StageProgress(context.Progress, 0.1, 0.4), ct);
        using var upscaled = denoised.Upscale(u => u.Scale(2), new StageProgress(context.Progress, 0.4, 0.6), ct);
        using var restored = upscaled.Fill(mask, f => f.Seed(7), new StageProgress(context.Progress, 0.6, 0.9), ct);
        var time = clock.Elapsed;

        var afterPath = context.OutputPath(AfterFileName);
        restored.Save(afterPath);

        // The baseline a user would otherwise get: the damaged picture enlarged with Lanczos-3.
        using var enlarged = small.Resize(photo.Width, photo.Height, ResampleKernel.Lanczos3);
        var baselineDb = ImageQuality.Psnr(photo, enlarged);
        var restoredDb = ImageQuality.Psnr(photo, restored);
        var sideBySidePath = context.OutputPath(SideBySideFileName);
        using (var pair = SideBySide(enlarged, restored))
            pair.Save(sideBySidePath);
        context.Progress.Report(new AugmentProgress(Name, 1));

        if (!(restoredDb - baselineDb >= RequiredGainDb))
            throw new AugmentException($"Restoration reached {restoredDb:F2} dB PSNR against the photograph, plain Lanczos enlargement {baselineDb:F2} dB; expected a gain of at least {RequiredGainDb} dB.");

        return Task.FromResult(new DemoStepResult(
            Name,
            $"Noisy half-size photo with a blemish -> denoise (NLM) -> x2 upscale -> content-aware fill",
            $"{small.Width}x{small.Height}, noise sigma {estimate.Sigma * 255:F1}/255 estimated ({NoiseSigma * 255:F0} added) -> {restored.Width}x{restored.Height}; PSNR {baselineDb:F2} dB (Lanczos) -> {restoredDb:F2} dB in {time.TotalSeconds:F1} s",
            [beforePath, afterPath, sideBySidePath]));
    }

    private static ImageFrame LoadPhoto(ComputeBudget budget)
    {
        using var stream = typeof(RestorationStep).Assembly.GetManifestResourceStream("Augment.Cli.Demo.coffee.png")
            ?? throw new AugmentException("The demo photograph (coffee.png) is missing from the augment assembly.");
        using var decoded = ImageFile.Load(stream, "coffee.png");
        // Even sides, so that halving and doubling return to the same size.
        var width = decoded.Width & ~1;
        var height = decoded.Height & ~1;
        var photo = ImageFrame.Create(width, height, 3, decoded.ColorSpace, budget: budget);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                decoded.Row(c, y)[..width].CopyTo(photo.Row(c, y));
        return photo;
    }

    /// <summary>A disc on the wooden table at the upper right, where there is plenty of wood grain to fill from.</summary>
    private static ImageFrame BlobMask(int width, int height, int marginPixels, ComputeBudget budget)
    {
        var mask = ImageFrame.Create(width, height, 1, ColorSpace.LinearSrgb, budget: budget);
        var cx = width * 0.84f;
        var cy = height * 0.2f;
        var radius = height * 0.06f + marginPixels;
        for (var y = 0; y < height; y++)
        {
            var row = mask.Row(0, y);
            for (var x = 0; x < width; x++)
            {
                var d = MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                row[x] = d <= radius ? 1f : 0f;
            }
        }
        return mask;
    }

    private static void PaintBlob(ImageFrame frame, ImageFrame mask)
    {
        for (var c = 0; c < frame.Channels; c++)
        {
            var tint = c == 0 ? 0.25f : 0.05f; // a dark red blemish
            var plane = frame.Plane(c);
            var weights = mask.Plane(0);
            for (var i = 0; i < plane.Length; i++)
                plane[i] += weights[i] * (tint - plane[i]);
        }
    }

    private static void AddNoise(ImageFrame frame, float sigma, int seed)
    {
        var random = new Random(seed);
        foreach (ref var value in frame.Data)
        {
            // Box–Muller; clipped like a sensor's output.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var gaussian = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            value = Math.Clamp(value + sigma * (float)gaussian, 0f, 1f);
        }
    }

    private static ImageFrame SideBySide(ImageFrame left, ImageFrame right)
    {
        const int gap = 8;
        var pair = ImageFrame.Create(left.Width + gap + right.Width, Math.Max(left.Height, right.Height), 3, left.ColorSpace, budget: left.Budget);
        pair.Data.Fill(1f);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < left.Height; y++)
                left.Row(c, y).CopyTo(pair.Row(c, y));
            for (var y = 0; y < right.Height; y++)
                right.Row(c, y).CopyTo(pair.Row(c, y)[(left.Width + gap)..]);
        }
        return pair;
    }
}
