using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>Everything a training run is told: its length, rates, schedules, loss, cleansing, checkpoints and threads.</summary>
public sealed record SplatTrainerOptions
{
    /// <summary>Optimisation steps (one training view each).</summary>
    public int Iterations { get; init; } = 7000;

    /// <summary>Per-group learning rates.</summary>
    public LearningRates LearningRates { get; init; } = new();

    /// <summary>Adam's constants.</summary>
    public AdamOptions Adam { get; init; } = new();

    /// <summary>Density control; when null, <see cref="DensityControlOptions.ForIterations"/> of <see cref="Iterations"/>.</summary>
    public DensityControlOptions? Density { get; init; }

    /// <summary>λ of the loss (1-λ) L1 + λ (1 - SSIM); 3DGS uses 0.2.</summary>
    public float SsimWeight { get; init; } = 0.2f;

    /// <summary>Highest SH degree trained (0..3; the scene is widened or narrowed to it).</summary>
    public int ShDegree { get; init; } = 3;

    /// <summary>
    /// Iterations per SH degree added (3DGS: 1000 of 30 000); when null, 1000 × iterations / 30 000 (at least 1).
    /// </summary>
    public int? ShWarmupInterval { get; init; }

    /// <summary>Background colour behind the Gaussians (RGB, 0..1); must match the photos' (black for real captures).</summary>
    public Vector3 Background { get; init; }

    /// <summary>Seed of the view order and of split sampling: the same inputs and seed give the same run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Transient removal; null turns it off.</summary>
    public CleansingOptions? Cleansing { get; init; } = new();

    /// <summary>Iterations between checkpoints (0: none).</summary>
    public int CheckpointInterval { get; init; }

    /// <summary>Folder for checkpoints (<c>checkpoint.augckpt</c>, replaced atomically); required when <see cref="CheckpointInterval"/> is set.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>A checkpoint to resume from (its scene replaces the initial one; the run continues at its iteration).</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Threads and memory.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;

    /// <summary>
    /// Where rasterisation and its backward pass run. Default <see cref="TrainingDevice.Cpu"/>: bit-for-bit
    /// deterministic, and the only path verified end to end so far (the ILGPU kernels are tested on ILGPU's CPU
    /// accelerator, not yet on a GPU); <see cref="TrainingDevice.Auto"/> uses CUDA when ILGPU finds a device.
    /// </summary>
    public TrainingDevice Device { get; init; } = TrainingDevice.Cpu;

    /// <summary>Iterations between Gaussian-count samples in the report.</summary>
    public int ReportInterval { get; init; } = 100;

    /// <summary>Gaussian cap of <see cref="PhoneCapture"/>: about 100 MB as a PLY at SH degree 2, fine for a phone viewer after compression.</summary>
    public const int PhoneMaxGaussians = 400_000;

    /// <summary>Fewest iterations of <see cref="PhoneCapture"/> (7000: 3DGS's own early evaluation point).</summary>
    public const int PhoneMinIterations = 7000;

    /// <summary>Most iterations of <see cref="PhoneCapture"/> (3DGS's full run).</summary>
    public const int PhoneMaxIterations = DensityControlOptions.ReferenceIterations;

    /// <summary>
    /// A preset for a phone video capture (tens to a few hundred frames, trained at about 1000 pixels; pair it with
    /// <c>maxImageSide</c> of <see cref="TrainingCapture.Load"/>): 7000 iterations, or 40 per frame when there are more than
    /// 175 frames (at most 30 000), so every frame is visited about 40 times; SH degree 2 (degree 3 adds 21 coefficients
    /// per Gaussian for little gain on handheld orbits); the density schedule of <see cref="DensityControlOptions.ForIterations"/>
    /// capped at <see cref="PhoneMaxGaussians"/> Gaussians; transient removal on (people walk through phone captures).
    /// </summary>
    /// <param name="frames">Frames in the capture (training and held out).</param>
    /// <returns>Options to adjust further with <c>with</c> (budget, checkpoints, background).</returns>
    public static SplatTrainerOptions PhoneCapture(int frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var iterations = (int)Math.Clamp(40L * frames, PhoneMinIterations, PhoneMaxIterations);
        return new SplatTrainerOptions
        {
            Iterations = iterations,
            ShDegree = 2,
            Density = DensityControlOptions.ForIterations(iterations) with { MaxGaussians = PhoneMaxGaussians },
            Cleansing = new CleansingOptions(),
        };
    }

    internal int WarmupInterval => ShWarmupInterval ?? Math.Max(1, (int)Math.Round(1000.0 * Iterations / DensityControlOptions.ReferenceIterations));

    internal DensityControlOptions DensityOrDefault => Density ?? DensityControlOptions.ForIterations(Iterations);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Iterations);
        ArgumentNullException.ThrowIfNull(LearningRates);
        ArgumentNullException.ThrowIfNull(Adam);
        ArgumentNullException.ThrowIfNull(Budget);
        LearningRates.Validate();
        Adam.Validate();
        DensityOrDefault.Validate();
        Cleansing?.Validate();
        if (!(SsimWeight >= 0 && SsimWeight <= 1))
            throw new ArgumentOutOfRangeException(nameof(SsimWeight), $"The SSIM weight λ must lie in [0, 1]; got {SsimWeight}.");
        ArgumentOutOfRangeException.ThrowIfNegative(ShDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ShDegree, 3);
        if (ShWarmupInterval is { } warmup)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmup, nameof(ShWarmupInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(CheckpointInterval);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReportInterval);
        if (!Enum.IsDefined(Device))
            throw new ArgumentOutOfRangeException(nameof(Device), Device, "Not a training device.");
        if (CheckpointInterval > 0 && string.IsNullOrWhiteSpace(CheckpointFolder))
            throw new ArgumentException($"A checkpoint interval of {CheckpointInterval} needs a CheckpointFolder.", nameof(CheckpointFolder));
    }
}
