namespace Augment.Splat.Compression;

/// <summary>
/// A vector-quantisation codebook for spherical-harmonic colour: k-means over each splat's rest coefficients (all
/// three channels as one vector of 3 x <see cref="RestCount"/> floats), k-means++ seeding, Lloyd iterations with SIMD
/// distances, empty clusters reseeded on the farthest point. Each splat keeps a <see cref="Labels"/> entry index, which
/// is what palette formats (SOG) store; <see cref="ApplyTo"/> writes the entries back into a cloud.
/// </summary>
public sealed class ShCodebook
{
    private readonly float[] _entries;
    private readonly int[] _labels;
    private readonly double[] _trainingInertia;

    private ShCodebook(int restCount, int count, float[] entries, int[] labels, double inertia, double[] trainingInertia)
    {
        RestCount = restCount;
        Count = count;
        _entries = entries;
        _labels = labels;
        Inertia = inertia;
        _trainingInertia = trainingInertia;
    }

    /// <summary>Entries in the codebook: at most the palette size asked for, fewer when the cloud has fewer distinct SH vectors.</summary>
    public int Count { get; }

    /// <summary>SH rest coefficients per channel of the cloud it was fitted to (3, 8 or 15; 0 for a degree-0 cloud, whose codebook is empty).</summary>
    public int RestCount { get; }

    /// <summary>Floats per entry: 3 x <see cref="RestCount"/>, channel-major (red's coefficients, then green's, then blue's).</summary>
    public int Dimension => 3 * RestCount;

    /// <summary>Entry index per splat of the cloud it was fitted to.</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Sum over every splat of the squared distance between its SH rest vector and its entry (non-finite coefficients count as 0).</summary>
    public double Inertia { get; }

    /// <summary>Inertia over the training splats after each assignment pass, the final one last; never increases.</summary>
    public IReadOnlyList<double> TrainingInertia => _trainingInertia;

    /// <summary>Entry <paramref name="index"/>: <see cref="Dimension"/> floats, coefficient k of channel c at c x <see cref="RestCount"/> + k.</summary>
    public ReadOnlySpan<float> Entry(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _entries.AsSpan(index * Dimension, Dimension);
    }

    /// <summary>Fits a codebook of at most <paramref name="paletteSize"/> entries to the cloud's SH rest vectors.</summary>
    /// <param name="cloud">The cloud; a degree-0 cloud gives an empty codebook.</param>
    /// <param name="paletteSize">Entries wanted, 1 to 65,536 (SOG stores labels in 16 bits).</param>
    /// <param name="options">Iterations, seed, training subset and budget; <see cref="ShQuantizationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks of splats.</param>
    /// <exception cref="ResourceLimitException">The working set (a padded copy of the coefficients) would exceed the budget.</exception>
    public static ShCodebook Fit(GaussianCloud cloud, int paletteSize, ShQuantizationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentOutOfRangeException.ThrowIfLessThan(paletteSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paletteSize, 65_536);
        options ??= ShQuantizationOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.Iterations, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTrainingSplats, 1, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        var n = cloud.Count;
        var rest = cloud.ShRestCount;
        if (rest == 0 || n == 0)
            return new ShCodebook(rest, 0, [], new int[n], 0, [0]);

        var dim = 3 * rest;
        var stride = KMeans.StrideFor(dim);
        var training = Math.Min(n, options.MaxTrainingSplats);
        options.Budget.EnsureAllocation(((long)(n + training) * stride * 4) + ((long)n * 8), $"SH vector quantisation of {n:N0} splats");
        var points = new float[(long)n * stride];
        var planes = cloud.Planes;
        for (var d = 0; d < dim; d++)
        {
            var plane = planes[14 + d];
            for (var i = 0; i < n; i++)
            {
                var v = plane[i];
                points[((long)i * stride) + d] = float.IsFinite(v) ? v : 0;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        KMeansResult fit;
        if (KMeans.TryDistinct(points, n, stride, paletteSize, out var exact, out var exactLabels, out var distinct))
        {
            fit = new KMeansResult(exact, distinct, stride, exactLabels, 0, [0]);
        }
        else if (training == n)
        {
            fit = KMeans.Fit(points, n, stride, paletteSize, options.Iterations, KMeansSeeding.PlusPlus, options.Seed, reseedEmpty: true, options.Budget, cancellationToken);
        }
        else
        {
            // Train on an evenly spaced subset, then assign every splat once.
            var sample = new float[(long)training * stride];
            for (var s = 0; s < training; s++)
                Array.Copy(points, (long)s * n / training * stride, sample, (long)s * stride, stride);
            var trained = KMeans.Fit(sample, training, stride, paletteSize, options.Iterations, KMeansSeeding.PlusPlus, options.Seed, reseedEmpty: true, options.Budget, cancellationToken);
            var labels = new int[n];
            var distances = new float[n];
            var inertia = KMeans.Assign(points, n, stride, trained.Centroids, trained.K, labels, distances, options.Budget, cancellationToken);
            fit = trained with { Labels = labels, Inertia = inertia };
        }

        var entries = new float[fit.K * dim];
        for (var c = 0; c < fit.K; c++)
            Array.Copy(fit.Centroids, (long)c * stride, entries, (long)c * dim, dim);
        return new ShCodebook(rest, fit.K, entries, fit.Labels, fit.Inertia, fit.InertiaHistory);
    }

    /// <summary>Replaces each splat's SH rest coefficients in <paramref name="cloud"/> by its entry (<see cref="Labels"/>).</summary>
    /// <exception cref="ArgumentException">The cloud's count or SH degree differs from the one the codebook was fitted to.</exception>
    public void ApplyTo(GaussianCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        if (cloud.Count != _labels.Length || cloud.ShRestCount != RestCount)
            throw new ArgumentException($"The codebook was fitted to {_labels.Length:N0} splats with {RestCount} rest coefficients per channel; this cloud has {cloud.Count:N0} with {cloud.ShRestCount}.", nameof(cloud));
        var planes = cloud.Planes;
        var dim = Dimension;
        for (var d = 0; d < dim; d++)
        {
            var plane = planes[14 + d];
            for (var i = 0; i < plane.Length; i++)
                plane[i] = _entries[(_labels[i] * dim) + d];
        }
    }
}
