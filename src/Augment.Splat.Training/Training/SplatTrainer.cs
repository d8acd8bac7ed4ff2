using System.Diagnostics;
using System.Numerics;
using Augment.Splat;

namespace Augment.Splat.Training;

/// <summary>
/// Optimises a Gaussian scene against photos from known cameras, as 3D Gaussian Splatting does (Kerbl et al. 2023):
/// one random training view per iteration, differentiable rasterisation, loss (1-λ) L1 + λ (1 - SSIM), Adam with
/// per-group rates, SH degree warm-up, adaptive density control, optional transient removal and masks, checkpoints.
/// Steps whose loss or gradients are not finite are skipped and counted (the parameters stay as they were).
/// </summary>
public sealed class SplatTrainer
{
    private readonly SplatTrainerOptions _options;
    private readonly ITrainingRenderer? _renderer; // a test double; null: one per run from Options.Device

    /// <summary>
    /// Creates a trainer that renders with the <see cref="DifferentiableRasterizer"/> or, per
    /// <see cref="SplatTrainerOptions.Device"/>, with the <see cref="GpuRasterizer"/>.
    /// </summary>
    /// <param name="options">Run settings; defaults when null.</param>
    public SplatTrainer(SplatTrainerOptions? options = null)
        : this(options ?? new SplatTrainerOptions(), null)
    {
    }

    internal SplatTrainer(SplatTrainerOptions options, ITrainingRenderer? renderer)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _renderer = renderer;
    }

    /// <summary>The run settings.</summary>
    public SplatTrainerOptions Options => _options;

    /// <summary>Trains and returns the scene with its report.</summary>
    /// <param name="views">Training and held-out views (at least one training view; all photos sized as their cameras).</param>
    /// <param name="initial">The starting scene (e.g. from sparse points); not modified.</param>
    /// <param name="progress">Reports "train" with iterations done.</param>
    /// <param name="cancellationToken">Checked every iteration.</param>
    /// <exception cref="ArgumentException">No training view, or a photo or mask does not match its camera.</exception>
    /// <exception cref="InvalidMediaException">The checkpoint to resume from is damaged.</exception>
    /// <exception cref="AugmentException"><see cref="TrainingDevice.Cuda"/> was asked for and ILGPU finds no CUDA device.</exception>
    public TrainingResult Train(IReadOnlyList<TrainingView> views, SplatParameters initial, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(initial);
        if (_renderer is not null)
            return Run(_renderer, "test renderer", views, initial, progress, cancellationToken);
        var clock = Stopwatch.StartNew();
        var (renderer, device) = CreateRenderer(_options);
        try
        {
            var result = Run(renderer, device, views, initial, progress, cancellationToken);
            // The GPU kernels' compilation belongs to the run's time.
            return result with { Report = result.Report with { Elapsed = clock.Elapsed } };
        }
        finally
        {
            (renderer as IDisposable)?.Dispose();
        }
    }

    /// <summary>The renderer <paramref name="options"/>' device names, and a description of where it runs.</summary>
    internal static (ITrainingRenderer Renderer, string Device) CreateRenderer(SplatTrainerOptions options)
    {
        var device = options.Device == TrainingDevice.Auto
            ? GpuRasterizer.IsCudaAvailable ? TrainingDevice.Cuda : TrainingDevice.Cpu
            : options.Device;
        if (device == TrainingDevice.Cpu)
            return (new RasterizerTrainingRenderer(options.Background, options.Budget), $"CPU ({options.Budget.MaxThreads} threads)");
        var gpu = new GpuTrainingRenderer(new GpuRasterizer(new GpuRasterizerOptions
        {
            Background = options.Background,
            Budget = options.Budget,
            Accelerator = device == TrainingDevice.Cuda ? GpuAccelerator.Cuda : GpuAccelerator.CpuEmulation,
        }));
        return (gpu, device == TrainingDevice.Cuda ? $"CUDA ({gpu.DeviceName})" : $"ILGPU CPU emulation ({gpu.DeviceName})");
    }

    private TrainingResult Run(ITrainingRenderer renderer, string device, IReadOnlyList<TrainingView> views, SplatParameters initial, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var training = new List<int>();
        var heldOut = new List<int>();
        for (var v = 0; v < views.Count; v++)
        {
            var view = views[v] ?? throw new ArgumentException($"View {v} is null.", nameof(views));
            CheckView(view, v);
            (view.HeldOut ? heldOut : training).Add(v);
        }
        if (training.Count == 0)
            throw new ArgumentException($"Training needs at least one view that is not held out; all {views.Count} are.", nameof(views));

        var density = _options.DensityOrDefault;
        var extent = SceneExtent(views, training);
        var startIteration = 0;
        SplatParameters scene;
        AdamOptimizer optimizer;
        if (_options.ResumeFrom is { } resume)
        {
            var checkpoint = TrainingCheckpoint.Read(resume);
            scene = checkpoint.Scene;
            optimizer = new AdamOptimizer(checkpoint.FirstMoment, checkpoint.SecondMoment, checkpoint.AdamStep, _options.Adam);
            startIteration = Math.Min(checkpoint.Iteration, _options.Iterations);
        }
        else
        {
            scene = initial.ShDegree == _options.ShDegree ? initial.Clone() : SplatParameters.FromCloud(initial.ToCloud(), _options.ShDegree);
            optimizer = new AdamOptimizer(scene, _options.Adam);
        }

        // Targets and mask weights, planar, once.
        var targets = new float[views.Count][];
        var masks = new float[views.Count][];
        var maskedFraction = new double[views.Count];
        foreach (var v in training)
        {
            targets[v] = Planar(views[v].Target);
            if (views[v].Mask is { } mask)
            {
                var plane = mask.Plane(0);
                var weights = new float[plane.Length];
                var excluded = 0;
                for (var p = 0; p < plane.Length; p++)
                {
                    weights[p] = plane[p] >= 0.5f ? 1 : 0;
                    excluded += plane[p] >= 0.5f ? 0 : 1;
                }
                masks[v] = weights;
                maskedFraction[v] = (double)excluded / plane.Length;
            }
        }

        var controller = new DensityController(density, scene.Count);
        var gradients = scene.CreateZeroed();
        var cleansedSum = new double[views.Count];
        var cleansedSteps = new int[views.Count];
        var counts = new List<GaussianCountSample> { new(startIteration, scene.Count) };
        var recentLoss = new Queue<double>();
        int skipped = 0, cloned = 0, split = 0, pruned = 0;
        var cleansingStart = _options.Cleansing is { } cl ? (int)(cl.WarmupFraction * _options.Iterations) : int.MaxValue;
        var meanL1 = -1.0;
        var order = Array.Empty<int>();
        var orderEpoch = -1;
        float[] rendered = [], imageGradient = [], weightScratch = [];
        float[] mean2D = [];
        int[] visible = [];
        for (var iteration = startIteration; iteration < _options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var epoch = iteration / training.Count;
            if (epoch != orderEpoch)
            {
                order = Shuffled(training, _options.Seed, epoch);
                orderEpoch = epoch;
            }
            var index = order[iteration % training.Count];
            var view = views[index];
            var camera = view.Camera;
            var pixels = camera.Width * camera.Height;
            var degree = Math.Min(scene.ShDegree, iteration / _options.WarmupInterval);
            EnsureLength(ref rendered, 3 * pixels);
            EnsureLength(ref imageGradient, 3 * pixels);

            using (var pass = renderer.Forward(scene, camera, degree, cancellationToken))
            {
                pass.Image[..(3 * pixels)].CopyTo(rendered);
                var weights = masks[index];
                if (iteration >= cleansingStart && _options.Cleansing is { } cleansing)
                {
                    EnsureLength(ref weightScratch, pixels);
                    if (weights is null)
                        weightScratch.AsSpan(0, pixels).Fill(1);
                    else
                        weights.CopyTo(weightScratch, 0);
                    var dropped = CleansingKernel.Apply(rendered, targets[index], camera.Width, camera.Height, cleansing, weightScratch.AsSpan(0, pixels), (float)meanL1);
                    cleansedSum[index] += (double)dropped / pixels;
                    cleansedSteps[index]++;
                    weights = weightScratch;
                }
                var loss = PhotometricLoss.Evaluate(rendered, targets[index], weights, camera.Width, camera.Height, _options.SsimWeight, imageGradient, _options.Budget);
                if (!double.IsFinite(loss.Loss))
                {
                    skipped++;
                    continue;
                }
                // Running mean L1 over about the last 100 steps: the cleansing threshold's yardstick.
                meanL1 = meanL1 < 0 ? loss.L1 : (0.99 * meanL1) + (0.01 * loss.L1);
                recentLoss.Enqueue(loss.Loss);
                if (recentLoss.Count > 100)
                    recentLoss.Dequeue();

                gradients.Clear();
                EnsureLength(ref mean2D, scene.Count);
                EnsureLength(ref visible, scene.Count);
                mean2D.AsSpan(0, scene.Count).Clear();
                visible.AsSpan(0, scene.Count).Clear();
                renderer.Backward(pass, imageGradient.AsSpan(0, 3 * pixels), gradients, mean2D.AsSpan(0, scene.Count), visible.AsSpan(0, scene.Count));
                if (!AllFinite(gradients))
                {
                    skipped++;
                    continue;
                }
                controller.Accumulate(mean2D.AsSpan(0, scene.Count), visible.AsSpan(0, scene.Count), pass.Radii, camera.Width);
            }

            var positionRate = _options.LearningRates.Position(iteration, _options.Iterations, extent);
            optimizer.Step(scene, gradients, _options.LearningRates, positionRate);

            var done = iteration + 1;
            if (density.Enabled && done < density.EndIteration)
            {
                if (done > density.StartIteration && done % density.Interval == 0)
                {
                    var pruneLarge = density.OpacityResetInterval > 0 && done > density.OpacityResetInterval;
                    var random = new Random(unchecked((_options.Seed * 1_000_003) + done));
                    var step = controller.Densify(scene, optimizer, extent, pruneLarge, random);
                    cloned += step.Cloned;
                    split += step.Split;
                    pruned += step.Pruned;
                    gradients = scene.CreateZeroed();
                    counts.Add(new GaussianCountSample(done, scene.Count));
                }
                if (density.OpacityResetInterval > 0 && done % density.OpacityResetInterval == 0)
                    controller.ResetOpacity(scene, optimizer);
            }
            if (done % _options.ReportInterval == 0 && counts[^1].Iteration != done)
                counts.Add(new GaussianCountSample(done, scene.Count));
            if (_options.CheckpointInterval > 0 && done % _options.CheckpointInterval == 0)
            {
                Directory.CreateDirectory(_options.CheckpointFolder!);
                new TrainingCheckpoint(scene, optimizer.FirstMoment, optimizer.SecondMoment, done, optimizer.StepCount)
                    .Write(Path.Combine(_options.CheckpointFolder!, TrainingCheckpoint.FileName));
            }
            progress?.Report(AugmentProgress.Items("train", done, _options.Iterations));
        }
        if (counts[^1].Iteration != _options.Iterations)
            counts.Add(new GaussianCountSample(_options.Iterations, scene.Count));

        var cloud = scene.ToCloud();
        var quality = Evaluate(views, heldOut, cloud, cancellationToken);
        var suppression = new List<ViewSuppression>();
        double cleansedTotal = 0;
        var cleansedViews = 0;
        foreach (var v in training)
        {
            var fraction = cleansedSteps[v] > 0 ? cleansedSum[v] / cleansedSteps[v] : 0;
            suppression.Add(new ViewSuppression(NameOf(views[v], v), maskedFraction[v], fraction));
            if (cleansedSteps[v] > 0)
            {
                cleansedTotal += fraction;
                cleansedViews++;
            }
        }
        var report = new TrainingReport
        {
            Iterations = _options.Iterations - startIteration,
            ResumedFrom = startIteration,
            Elapsed = clock.Elapsed,
            HeldOut = quality,
            MeanPsnr = quality.Count > 0 ? Mean(quality, q => q.Psnr) : double.NaN,
            MeanSsim = quality.Count > 0 ? Mean(quality, q => q.Ssim) : double.NaN,
            GaussianCounts = counts,
            Suppression = suppression,
            CleansedFraction = cleansedViews > 0 ? cleansedTotal / cleansedViews : 0,
            SkippedSteps = skipped,
            Cloned = cloned,
            Split = split,
            Pruned = pruned,
            FinalLoss = recentLoss.Count > 0 ? recentLoss.Average() : double.NaN,
            Device = device,
        };
        return new TrainingResult(cloud, report);
    }

    /// <summary>
    /// The scene extent of 3DGS (<c>getNerfppNorm</c>): 1.1 × the largest distance of a camera centre from the cameras'
    /// centroid; position learning rates and density thresholds are relative to it. At least 1e-3 (one camera).
    /// </summary>
    internal static float SceneExtent(IReadOnlyList<TrainingView> views, IReadOnlyList<int> indices)
    {
        var centroid = Vector3.Zero;
        foreach (var v in indices)
            centroid += views[v].Camera.Position;
        centroid /= indices.Count;
        var radius = 0f;
        foreach (var v in indices)
            radius = Math.Max(radius, Vector3.Distance(views[v].Camera.Position, centroid));
        return Math.Max(1.1f * radius, 1e-3f);
    }

    private List<ViewQuality> Evaluate(IReadOnlyList<TrainingView> views, List<int> heldOut, GaussianCloud cloud, CancellationToken cancellationToken)
    {
        var result = new List<ViewQuality>();
        var render = new SplatRenderOptions { Background = _options.Background, Budget = _options.Budget };
        foreach (var v in heldOut)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var image = SplatRenderer.Render(cloud, views[v].Camera, render, cancellationToken);
            using var target = ColorOnly(views[v].Target);
            result.Add(new ViewQuality(NameOf(views[v], v), ImageQuality.Psnr(target, image), ImageQuality.Ssim(target, image)));
        }
        return result;
    }

    internal static ImageFrame ColorOnly(ImageFrame frame)
    {
        var copy = ImageFrame.Create(frame.Width, frame.Height, 3, frame.ColorSpace, budget: frame.Budget);
        for (var c = 0; c < 3; c++)
            frame.Plane(c).CopyTo(copy.Plane(c));
        return copy;
    }

    private static void CheckView(TrainingView view, int index)
    {
        var camera = view.Camera;
        if (view.Target.Width != camera.Width || view.Target.Height != camera.Height)
            throw new ArgumentException($"View {NameOf(view, index)}: the photo is {view.Target.Width}x{view.Target.Height} but its camera is {camera.Width}x{camera.Height}.", nameof(view));
        if (view.Target.ColorChannels < 3)
            throw new ArgumentException($"View {NameOf(view, index)}: the photo has {view.Target.ColorChannels} colour channels; training needs RGB.", nameof(view));
        if (camera.Width < SsimKernel.Taps || camera.Height < SsimKernel.Taps)
            throw new ArgumentException($"View {NameOf(view, index)}: {camera.Width}x{camera.Height} is below the SSIM window of {SsimKernel.Taps}x{SsimKernel.Taps} pixels.", nameof(view));
        if (view.Mask is { } mask && (mask.Width != camera.Width || mask.Height != camera.Height))
            throw new ArgumentException($"View {NameOf(view, index)}: the mask is {mask.Width}x{mask.Height} but its camera is {camera.Width}x{camera.Height}.", nameof(view));
    }

    internal static string NameOf(TrainingView view, int index) => view.Name ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static float[] Planar(ImageFrame frame)
    {
        var pixels = frame.PixelCount;
        var result = new float[3 * pixels];
        for (var c = 0; c < 3; c++)
            frame.Plane(c).CopyTo(result.AsSpan(c * pixels, pixels));
        return result;
    }

    // A fresh permutation of the training views per epoch, from the seed and the epoch alone, so a resumed run sees the
    // same order as an uninterrupted one.
    private static int[] Shuffled(List<int> training, int seed, int epoch)
    {
        var order = training.ToArray();
        new Random(unchecked((seed * 7_919) + (epoch * 104_729) + 0x5EED)).Shuffle(order);
        return order;
    }

    private static bool AllFinite(SplatParameters gradients)
    {
        for (var p = 0; p < gradients.PlaneCount; p++)
        {
            foreach (var value in gradients.Plane(p))
            {
                if (!float.IsFinite(value))
                    return false;
            }
        }
        return true;
    }

    private static void EnsureLength<T>(ref T[] array, int length)
    {
        if (array.Length < length)
            array = new T[length];
    }

    private static double Mean(List<ViewQuality> values, Func<ViewQuality, double> select)
    {
        var sum = 0.0;
        foreach (var value in values)
            sum += select(value);
        return sum / values.Count;
    }
}
