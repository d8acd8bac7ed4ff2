namespace Augment.Splat.Compression;

/// <summary>
/// Spherical-harmonic compression of a <see cref="GaussianCloud"/>: degree reduction with compensation for the
/// renderer's clamp at 0 (<see cref="ReduceShDegree"/>), and vector quantisation of the rest coefficients
/// (<see cref="QuantizeSh"/>). Both return a new cloud and leave the input as it was.
/// </summary>
public static class ShCompressionExtensions
{
    /// <summary>
    /// A new cloud at a lower SH degree whose colour stays close to what the renderer showed. Truncation is the exact
    /// least-squares answer for the unclamped colour SH(d) + 0.5; 3DGS clamps colour at 0, so the kept coefficients
    /// also get the least-squares fit, over <see cref="ShReductionOptions.Directions"/> Fibonacci directions, of the
    /// clamp's correction max(0, -(SH(d) + 0.5)). Splats that never clamp keep their truncation exactly.
    /// </summary>
    /// <param name="cloud">The cloud.</param>
    /// <param name="shDegree">The degree wanted, 0 to 3; at or above the cloud's degree the result is a copy.</param>
    /// <param name="options">Directions, compensation switch and budget; <see cref="ShReductionOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks of splats.</param>
    public static GaussianCloud ReduceShDegree(this GaussianCloud cloud, int shDegree, ShReductionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, GaussianCloud.MaxShDegree);
        options ??= ShReductionOptions.Default;
        ArgumentNullException.ThrowIfNull(options.Budget, nameof(options));
        if (shDegree >= cloud.ShDegree)
            return cloud.Clone();
        var reduced = cloud.WithShDegree(shDegree);
        if (!options.CompensateClamp)
            return reduced;
        var minimum = ShBasis.CountFor(shDegree);
        if (options.Directions < minimum || options.Directions > 4096)
            throw new ArgumentOutOfRangeException(nameof(options), options.Directions, $"Directions must be between {minimum} and 4096 to fit SH degree {shDegree}.");
        var directions = ShReductionKernel.FibonacciSphere(options.Directions);
        ShReductionKernel.Compensate(cloud, reduced, directions, options.Budget, cancellationToken);
        return reduced;
    }

    /// <summary>
    /// Vector-quantises the SH rest coefficients: fits a <see cref="ShCodebook"/> of at most
    /// <paramref name="paletteSize"/> entries and replaces each splat's rest vector by its entry. A degree-0 cloud is
    /// returned as a copy with an empty codebook.
    /// </summary>
    /// <param name="cloud">The cloud.</param>
    /// <param name="paletteSize">Codebook entries wanted, 1 to 65,536.</param>
    /// <param name="options">Iterations, seed, training subset and budget; <see cref="ShQuantizationOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between blocks of splats.</param>
    public static ShQuantizationResult QuantizeSh(this GaussianCloud cloud, int paletteSize, ShQuantizationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var codebook = ShCodebook.Fit(cloud, paletteSize, options, cancellationToken);
        var quantised = cloud.Clone();
        if (codebook.Count > 0)
            codebook.ApplyTo(quantised);
        return new ShQuantizationResult(quantised, codebook);
    }
}
