using System.Globalization;

namespace Augment.Splat.Compression;

/// <summary>
/// Importance pruning: keeps the most important splats, in their order. Importance is alpha x volume
/// (<see cref="SplatOrdering.Importance(GaussianCloud)"/>), or, when <see cref="Views"/> are given, each splat's
/// rendered contribution to those views (<see cref="SplatOrdering.Importance(GaussianCloud, IReadOnlyList{PinholeCamera}, SplatRenderOptions?, CancellationToken)"/>).
/// </summary>
public sealed record PruneStep : CompressionStep
{
    /// <summary>Fraction of the splats to keep, in (0, 1]; used when <see cref="KeepCount"/> is null.</summary>
    public double KeepFraction { get; init; } = 1;

    /// <summary>Splats to keep; overrides <see cref="KeepFraction"/> when set.</summary>
    public int? KeepCount { get; init; }

    /// <summary>Cameras whose rendered coverage ranks the splats; null ranks by alpha x volume.</summary>
    public IReadOnlyList<PinholeCamera>? Views { get; init; }

    /// <inheritdoc/>
    public override string Name => (KeepCount is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"prune to {count:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"prune to {KeepFraction:0.###%}")) + (Views is null ? "" : $" by coverage of {Views.Count} views");

    internal override void Validate()
    {
        if (KeepCount is { } count)
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(KeepCount));
        else if (!(KeepFraction > 0 && KeepFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(KeepFraction), KeepFraction, "the fraction of splats to keep must be in (0, 1].");
        if (Views is not null && Views.Count == 0)
            throw new ArgumentException("view-coverage pruning needs at least one camera.", nameof(Views));
    }

    internal override GaussianCloud Apply(GaussianCloud cloud, CompressionContext context, out string detail)
    {
        var keep = KeepCount ?? (int)Math.Round(KeepFraction * cloud.Count);
        keep = Math.Min(keep, cloud.Count);
        var result = Views is null
            ? cloud.PruneToImportance(keep)
            : cloud.PruneToImportance(keep, Views, new SplatRenderOptions { Budget = context.Budget }, context.CancellationToken);
        detail = Views is null ? "alpha x volume" : "rendered coverage";
        return result;
    }
}
