namespace Augment.Splat.Training;

/// <summary>What a training run did and how good the result is.</summary>
public sealed record TrainingReport
{
    /// <summary>Iterations run in this call (after a resume: from the checkpoint's iteration).</summary>
    public required int Iterations { get; init; }

    /// <summary>The iteration the run resumed from (0 for a fresh run).</summary>
    public int ResumedFrom { get; init; }

    /// <summary>Wall time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Quality on every held-out view.</summary>
    public required IReadOnlyList<ViewQuality> HeldOut { get; init; }

    /// <summary>Mean held-out PSNR in dB (NaN without held-out views).</summary>
    public double MeanPsnr { get; init; } = double.NaN;

    /// <summary>Mean held-out SSIM (NaN without held-out views).</summary>
    public double MeanSsim { get; init; } = double.NaN;

    /// <summary>Gaussian count over the run.</summary>
    public required IReadOnlyList<GaussianCountSample> GaussianCounts { get; init; }

    /// <summary>Per training view: how much the loss ignored.</summary>
    public required IReadOnlyList<ViewSuppression> Suppression { get; init; }

    /// <summary>Fraction of all training pixels that transient removal dropped, averaged over the steps where it ran.</summary>
    public double CleansedFraction { get; init; }

    /// <summary>Steps skipped because the loss or a gradient was not finite (the parameters were left as they were).</summary>
    public int SkippedSteps { get; init; }

    /// <summary>Clones, splits and prunes over the run.</summary>
    public int Cloned { get; init; }

    /// <summary>Gaussians split.</summary>
    public int Split { get; init; }

    /// <summary>Gaussians pruned.</summary>
    public int Pruned { get; init; }

    /// <summary>Final training loss (mean over the last 100 steps).</summary>
    public double FinalLoss { get; init; }

    /// <summary>Where the rasteriser ran, e.g. "CPU (2 threads)" or "CUDA (NVIDIA H200)".</summary>
    public string Device { get; init; } = "";
}
