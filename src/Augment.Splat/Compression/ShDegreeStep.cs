using System.Globalization;

namespace Augment.Splat.Compression;

/// <summary>Lowers the SH degree (<see cref="ShCompressionExtensions.ReduceShDegree"/>), refitting for the renderer's clamp unless told not to.</summary>
/// <param name="Degree">The degree wanted, 0 to 3; a cloud already at or below it is unchanged.</param>
public sealed record ShDegreeStep(int Degree) : CompressionStep
{
    /// <summary>Refit the kept coefficients to the clamped colour (default true); false truncates.</summary>
    public bool CompensateClamp { get; init; } = true;

    /// <summary>Fibonacci directions of the fit (default 128).</summary>
    public int Directions { get; init; } = 128;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"SH degree {Degree}{(CompensateClamp ? "" : " (truncate)")}");

    internal override void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Degree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Degree, GaussianCloud.MaxShDegree);
        ArgumentOutOfRangeException.ThrowIfLessThan(Directions, ShBasis.CountFor(Degree), nameof(Directions));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Directions, 4096, nameof(Directions));
    }

    internal override GaussianCloud Apply(GaussianCloud cloud, CompressionContext context, out string detail)
    {
        var from = cloud.ShDegree;
        var result = cloud.ReduceShDegree(Degree, new ShReductionOptions { CompensateClamp = CompensateClamp, Directions = Directions, Budget = context.Budget }, context.CancellationToken);
        detail = string.Create(CultureInfo.InvariantCulture, $"degree {from} -> {result.ShDegree}");
        return result;
    }
}
