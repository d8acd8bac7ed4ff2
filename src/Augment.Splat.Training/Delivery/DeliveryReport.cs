using Augment.Splat.Cleaning;
using Augment.Splat.Compression;

namespace Augment.Splat.Training;

/// <summary>What <see cref="SceneDelivery.Deliver"/> wrote and how good the delivered file is.</summary>
public sealed record DeliveryReport
{
    /// <summary>The delivered scene file (or folder, for a SOG folder).</summary>
    public required string OutputPath { get; init; }

    /// <summary>Its format.</summary>
    public required SplatFormat Format { get; init; }

    /// <summary>Its size in bytes.</summary>
    public required long OutputBytes { get; init; }

    /// <summary>Splats in the trained scene.</summary>
    public required int TrainedSplats { get; init; }

    /// <summary>Splats in the delivered file.</summary>
    public required int Splats { get; init; }

    /// <summary>The cleaning steps and what each removed; null when cleaning was off.</summary>
    public CleaningReport? Cleaning { get; init; }

    /// <summary>The compression report (bytes, and PSNR/SSIM of the file against the cleaned scene and the held-out photos); null when not compressed.</summary>
    public CompressionReport? Compression { get; init; }

    /// <summary>The held-out views graded on the delivered file as decoded, with their preview paths.</summary>
    public required IReadOnlyList<HeldOutPreview> HeldOut { get; init; }

    /// <summary>The orbit contact sheet written when there were no held-out views and a preview folder was given; else null.</summary>
    public string? ContactSheet { get; init; }

    /// <summary>Where the scene as trained was also written (<see cref="SceneDeliveryOptions.TrainedPath"/>), or null.</summary>
    public string? TrainedPath { get; init; }

    /// <summary>Mean PSNR (dB) of the delivered file over the held-out views; NaN without held-out views.</summary>
    public double MeanPsnr => HeldOut.Count == 0 ? double.NaN : HeldOut.Average(v => v.Psnr);

    /// <summary>Mean SSIM of the delivered file over the held-out views; NaN without held-out views.</summary>
    public double MeanSsim => HeldOut.Count == 0 ? double.NaN : HeldOut.Average(v => v.Ssim);

    /// <summary>Wall time of cleaning, writing, decoding and previews.</summary>
    public TimeSpan Elapsed { get; init; }
}

/// <summary>One held-out view graded on the delivered file.</summary>
/// <param name="Name">The view's name (its image file, or index).</param>
/// <param name="Psnr">PSNR in dB of the render against the photo (data range 1).</param>
/// <param name="Ssim">SSIM of the render against the photo.</param>
/// <param name="RenderPath">The render as PNG, or null without a preview folder.</param>
/// <param name="ComparisonPath">Photo (left) and render (right) side by side as PNG, or null without a preview folder.</param>
public sealed record HeldOutPreview(string Name, double Psnr, double Ssim, string? RenderPath, string? ComparisonPath);
