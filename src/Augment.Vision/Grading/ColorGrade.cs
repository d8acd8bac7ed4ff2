using System.Diagnostics;

namespace Augment.Vision;

/// <summary>
/// A look taken from one or more reference frames, ready to be given to any number of stills and
/// clips: each input gets its own <see cref="ColorMatch"/> fit to the references (one fit per video
/// clip, on evenly spaced key frames, so there is no flicker), optional skin-tone protection, and an
/// optional baked <c>.cube</c>. A grade is immutable and thread-safe; the references must stay alive
/// (undisposed) while it is used.
/// </summary>
/// <example>
/// <code>
/// using var hero = ImageFile.Load("hero.jpg");
/// var grade = ColorGrade.MatchTo(hero, o => o.Method(ColorMatchMethod.Mkl).ProtectSkin(0.8));
/// var report = await grade.ApplyToFilesAsync(Directory.GetFiles("clips"), "graded", progress, cancellationToken);
/// foreach (var clip in report.Clips)
///     Console.WriteLine($"{clip.Input}: ΔE00 {clip.DeltaEBefore:0.0} -> {clip.DeltaEAfter:0.0}");
/// </code>
/// </example>
public sealed class ColorGrade
{
    private readonly ImageFrame[] _references;
    private readonly Lazy<CieLab> _referenceMeanLab;

    private ColorGrade(ImageFrame[] references, ColorGradeOptions options)
    {
        _references = references;
        Options = options;
        _referenceMeanLab = new Lazy<CieLab>(() => GradeMeasures.MeanLab(_references, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The settings this grade was made with.</summary>
    public ColorGradeOptions Options { get; }

    /// <summary>The reference frames (not owned: the caller disposes them after the grade's last use).</summary>
    public IReadOnlyList<ImageFrame> References => _references;

    /// <summary>A grade that matches inputs to <paramref name="reference"/>.</summary>
    /// <param name="reference">The frame whose look the inputs take (three colour channels, defined colour space).</param>
    /// <param name="configure">Changes <see cref="ColorGradeOptions.Default"/>, e.g. <c>o => o.ProtectSkin(0.8)</c>.</param>
    public static ColorGrade MatchTo(ImageFrame reference, Func<ColorGradeOptions, ColorGradeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return MatchTo([reference], configure);
    }

    /// <summary>A grade that matches inputs to the pooled colours of several reference frames (e.g. a few stills of the hero shot).</summary>
    /// <param name="references">One or more frames.</param>
    /// <param name="configure">Changes <see cref="ColorGradeOptions.Default"/>.</param>
    public static ColorGrade MatchTo(IReadOnlyList<ImageFrame> references, Func<ColorGradeOptions, ColorGradeOptions>? configure = null)
    {
        var options = configure is null ? ColorGradeOptions.Default : configure(ColorGradeOptions.Default);
        return MatchTo(references, options);
    }

    /// <summary>A grade that matches inputs to <paramref name="references"/> with explicit options.</summary>
    /// <param name="references">One or more frames.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">No references, or one lacks three colour channels or a colour space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ColorGrade MatchTo(IReadOnlyList<ImageFrame> references, ColorGradeOptions options)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(options);
        if (references.Count == 0)
            throw new ArgumentException("A grade needs at least one reference frame.", nameof(references));
        var copy = new ImageFrame[references.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            ColorTransform.CheckFrame(references[i], $"{nameof(references)}[{i}]");
            copy[i] = references[i];
        }
        options.Validate();
        return new ColorGrade(copy, options);
    }

    /// <summary>Fits the match from <paramref name="source"/> to the references (no skin protection: that is applied per pixel).</summary>
    /// <param name="source">A frame of the shot to grade.</param>
    /// <param name="cancellationToken">Cancels the fit.</param>
    public ColorTransform FitTo(ImageFrame source, CancellationToken cancellationToken = default) =>
        _references.Length == 1
            ? ColorMatch.Fit(source, _references[0], Options.Match, cancellationToken)
            : ColorMatch.Fit(source, _references, Options.Match, cancellationToken);

    /// <summary>Fits the grade on <paramref name="frame"/> and applies it, protecting skin as the options say.</summary>
    /// <param name="frame">The frame to grade (not modified).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public ImageFrame Apply(ImageFrame frame, CancellationToken cancellationToken = default) =>
        Apply(frame, FitTo(frame, cancellationToken), cancellationToken);

    /// <summary>Applies an already fitted <paramref name="transform"/> (e.g. one per shot) to <paramref name="frame"/>, protecting skin as the options say.</summary>
    /// <param name="frame">The frame to grade (not modified).</param>
    /// <param name="transform">A fit from <see cref="FitTo"/>.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public ImageFrame Apply(ImageFrame frame, ColorTransform transform, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transform);
        return transform.ApplyProtectingSkin(frame, Options.SkinProtection, Options.Skin, cancellationToken);
    }

    /// <summary>
    /// Fits the grade on <paramref name="source"/> and bakes it into a LUT over sRGB-encoded input that
    /// Resolve, Premiere or ffmpeg can apply. Skin protection is baked as a colour-only approximation
    /// (the LUT cannot see where skin is, only which colours look like skin).
    /// </summary>
    /// <param name="source">A frame of the shot.</param>
    /// <param name="size">Lattice points per axis (17, 33 and 65 are usual).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public Lut3D ToLut(ImageFrame source, int size = 33, CancellationToken cancellationToken = default) =>
        FitTo(source, cancellationToken).ToLut(size, Options.SkinProtection, cancellationToken);

    /// <summary>
    /// Grades one still or clip into <paramref name="outputPath"/> (written atomically: a failure
    /// leaves no file) and measures it against the references.
    /// </summary>
    /// <param name="inputPath">An image (PNG, JPEG, TIFF, WebP, BMP) or a video (.y4m, or anything ffmpeg reads); not modified.</param>
    /// <param name="outputPath">Where the result goes; its extension picks the format. Must differ from the input.</param>
    /// <param name="progress">Receives the fraction done (frames of a clip).</param>
    /// <param name="cancellationToken">Cancels the work; no output is left behind.</param>
    /// <returns>What was written and the ΔE2000 to the references before and after.</returns>
    public ClipGradeResult ApplyToFile(string inputPath, string outputPath, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var lutPath = Options.LutSize is null ? null : Path.ChangeExtension(outputPath, ".cube");
        CheckPaths(inputPath, outputPath, lutPath);
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        return GradeOne(inputPath, outputPath, lutPath, Options.Budget ?? ComputeBudget.Default, progress, cancellationToken);
    }

    /// <summary>
    /// Grades many stills and clips into <paramref name="outputFolder"/>, each keeping its file name (and,
    /// when <see cref="ColorGradeOptions.LutSize"/> is set, with its grade baked beside it as
    /// <c>&lt;name&gt;.cube</c>). See <see cref="ApplyToFilesAsync(IEnumerable{GradeJob}, IProgress{AugmentProgress}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="inputPaths">Images and videos; two inputs may not share a file name.</param>
    /// <param name="outputFolder">Created if missing.</param>
    /// <param name="progress">Receives overall progress: inputs done, and the fraction including partly graded clips.</param>
    /// <param name="cancellationToken">Cancels the batch; finished outputs stay, unfinished ones leave nothing.</param>
    /// <returns>One result per input, in input order.</returns>
    /// <exception cref="ArgumentException">Inputs collide by name, an output would replace its input, or an extension names no format.</exception>
    public Task<ColorGradeReport> ApplyToFilesAsync(IEnumerable<string> inputPaths, string outputFolder,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputPaths);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        var jobs = new List<GradeJob>();
        foreach (var input in inputPaths)
        {
            ArgumentException.ThrowIfNullOrEmpty(input, nameof(inputPaths));
            var output = Path.Combine(outputFolder, Path.GetFileName(input));
            jobs.Add(new GradeJob(input, output, Options.LutSize is null ? null : Path.ChangeExtension(output, ".cube")));
        }
        return ApplyToFilesAsync(jobs, progress, cancellationToken);
    }

    /// <summary>
    /// Grades many stills and clips in parallel within <see cref="ColorGradeOptions.Budget"/>: at most one
    /// input per allowed thread is in memory, and a clip holds a few frames at a time however long it
    /// is. Every output and LUT is written atomically. All paths are checked before any work starts.
    /// </summary>
    /// <param name="jobs">Inputs with their output (and optional LUT) paths; no two jobs may write the same file.</param>
    /// <param name="progress">Receives overall progress: inputs done, and the fraction including partly graded clips.</param>
    /// <param name="cancellationToken">Cancels the batch; finished outputs stay, unfinished ones leave nothing.</param>
    /// <returns>One result per job, in job order.</returns>
    /// <exception cref="ArgumentException">Two jobs write the same file, an output would replace an input, or an extension names no format.</exception>
    /// <exception cref="FileNotFoundException">An input does not exist (unless <see cref="ColorGradeOptions.ContinueOnError"/>).</exception>
    public async Task<ColorGradeReport> ApplyToFilesAsync(IEnumerable<GradeJob> jobs,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.ToArray();
        var targets = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Length; i++)
        {
            var job = list[i] ?? throw new ArgumentException($"Job {i} is null.", nameof(jobs));
            ArgumentException.ThrowIfNullOrEmpty(job.Input, $"{nameof(jobs)}[{i}].{nameof(GradeJob.Input)}");
            ArgumentException.ThrowIfNullOrEmpty(job.Output, $"{nameof(jobs)}[{i}].{nameof(GradeJob.Output)}");
            CheckPaths(job.Input, job.Output, job.Lut);
            // Two jobs writing one file would overwrite each other's result.
            foreach (var target in job.Lut is null ? [job.Output] : new[] { job.Output, job.Lut })
            {
                if (!targets.TryAdd(Path.GetFullPath(target), job.Input))
                    throw new ArgumentException($"'{job.Input}' and '{targets[Path.GetFullPath(target)]}' would both write '{target}'; their results would collide.", nameof(jobs));
            }
        }
        foreach (var job in list)
        {
            // An input that is another job's output would be read while it is being replaced.
            if (targets.TryGetValue(Path.GetFullPath(job.Input), out var writer))
                throw new ArgumentException($"'{job.Input}' is an input but '{writer}' writes it.", nameof(jobs));
        }
        foreach (var job in list)
        {
            foreach (var target in job.Lut is null ? [job.Output] : new[] { job.Output, job.Lut })
            {
                var directory = Path.GetDirectoryName(Path.GetFullPath(target));
                if (!string.IsNullOrEmpty(directory))
                    Directory.CreateDirectory(directory);
            }
        }

        var clock = Stopwatch.StartNew();
        var budget = Options.Budget ?? ComputeBudget.Default;
        var concurrent = Math.Max(1, Math.Min(budget.MaxThreads, list.Length));
        // Each running input gets its share of the threads, so inputs x threads stays within the budget.
        var itemBudget = budget with { MaxThreads = Math.Max(1, budget.MaxThreads / concurrent) };
        var results = new ClipGradeResult[list.Length];
        var tracker = new BatchProgress(progress, list.Length);
        tracker.Report();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrent, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Length), parallel, (i, token) =>
        {
            var started = Stopwatch.GetTimestamp();
            var job = list[i];
            try
            {
                results[i] = GradeOne(job.Input, job.Output, job.Lut, itemBudget, tracker.ForItem(i), token);
            }
            catch (Exception error) when (Options.ContinueOnError && error is not OperationCanceledException)
            {
                results[i] = new ClipGradeResult
                {
                    Input = job.Input,
                    Output = job.Output,
                    Error = error.Message,
                    Elapsed = Stopwatch.GetElapsedTime(started),
                };
            }
            tracker.Done(i);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return new ColorGradeReport(results, clock.Elapsed);
    }

    private ClipGradeResult GradeOne(string inputPath, string outputPath, string? lutPath, ComputeBudget budget,
        IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"'{inputPath}' does not exist.", inputPath);
        var result = VideoFile.IsVideoPath(inputPath)
            ? ClipGrader.Grade(this, inputPath, outputPath, lutPath, budget, progress, cancellationToken)
            : GradeStill(inputPath, outputPath, lutPath, budget, cancellationToken);
        progress?.Report(new AugmentProgress("grade", 1.0, 1, 1));
        return result with { Elapsed = clock.Elapsed };
    }

    private ClipGradeResult GradeStill(string inputPath, string outputPath, string? lutPath, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var format = ImageFile.FormatFromExtension(outputPath);
        using var frame = ImageFile.Load(inputPath, new ImageDecodeOptions { Budget = budget });
        var bits = Options.OutputBitsPerChannel
            ?? (format is ImageFileFormat.Png or ImageFileFormat.Tiff && SourceBitDepth.IsSixteenBit(inputPath) ? 16 : 8);
        var transform = FitTo(frame, cancellationToken);
        using var graded = Apply(frame, transform, cancellationToken);
        // The file holds clipped values: measure what is written, not out-of-gamut intermediates.
        GradeMeasures.ClampColor(graded);
        var (before, after, basis) = Measure(frame, graded, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (lutPath is not null)
            SaveLut(transform, lutPath, inputPath);
        graded.Save(outputPath, new ImageSaveOptions { Format = format, BitsPerChannel = bits });
        return new ClipGradeResult
        {
            Input = inputPath,
            Output = outputPath,
            Lut = lutPath,
            Width = frame.Width,
            Height = frame.Height,
            Frames = 1,
            DeltaEBefore = before,
            DeltaEAfter = after,
            Basis = basis,
        };
    }

    /// <summary>The mean CIELAB colour of all reference pixels, computed once.</summary>
    internal CieLab ReferenceMeanLab => _referenceMeanLab.Value;

    /// <summary>ΔE2000 to the references before and after: per pixel for the same shot at the same size, else between mean colours.</summary>
    internal (double Before, double After, DeltaEBasis Basis) Measure(ImageFrame original, ImageFrame graded, CancellationToken cancellationToken)
    {
        var reference = _references[0];
        if (_references.Length == 1 && original.Width == reference.Width && original.Height == reference.Height)
        {
            return (ColorMath.MeanDeltaE2000(original, reference, cancellationToken),
                    ColorMath.MeanDeltaE2000(graded, reference, cancellationToken),
                    DeltaEBasis.Pixels);
        }
        var target = ReferenceMeanLab;
        return (ColorMath.DeltaE2000(GradeMeasures.MeanLab(original, cancellationToken), target),
                ColorMath.DeltaE2000(GradeMeasures.MeanLab(graded, cancellationToken), target),
                DeltaEBasis.MeanLab);
    }

    internal void SaveLut(ColorTransform transform, string lutPath, string inputPath)
    {
        var lut = transform.ToLut(Options.LutSize ?? 33, Options.SkinProtection);
        lut.Title = $"Augment grade ({transform.Method}) for {Path.GetFileName(inputPath)}";
        lut.SaveCube(lutPath);
    }

    private static void CheckPaths(string inputPath, string outputPath, string? lutPath)
    {
        // Grading in place would destroy the original; there is no undo for a grade.
        var input = Path.GetFullPath(inputPath);
        if (string.Equals(Path.GetFullPath(outputPath), input, StringComparison.Ordinal)
            || (lutPath is not null && string.Equals(Path.GetFullPath(lutPath), input, StringComparison.Ordinal)))
            throw new ArgumentException($"'{inputPath}': the result would replace the input; choose another output folder.");
        var inputIsVideo = VideoFile.IsVideoPath(inputPath);
        if (inputIsVideo != VideoFile.IsVideoPath(outputPath))
            throw new ArgumentException($"'{outputPath}': a {(inputIsVideo ? "video" : "still")} input needs a {(inputIsVideo ? "video" : "image")} output extension.");
        if (!inputIsVideo)
            _ = ImageFile.FormatFromExtension(outputPath);
    }
}
