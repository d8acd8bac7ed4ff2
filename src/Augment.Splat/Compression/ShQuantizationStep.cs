using System.Globalization;

namespace Augment.Splat.Compression;

/// <summary>Vector-quantises the SH rest coefficients to a palette (<see cref="ShCompressionExtensions.QuantizeSh"/>).</summary>
/// <param name="PaletteSize">Codebook entries, 1 to 65,536 (SOG stores up to 65,536; its writer keeps a palette of at most 4,096 exactly).</param>
public sealed record ShQuantizationStep(int PaletteSize) : CompressionStep
{
    /// <summary>Lloyd iterations (default 10).</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>k-means++ seed (default 0).</summary>
    public int Seed { get; init; }

    /// <summary>Splats the codebook trains on (default 65,536; every splat is then assigned).</summary>
    public int MaxTrainingSplats { get; init; } = 65_536;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"SH palette {PaletteSize:N0}");

    internal override void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PaletteSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PaletteSize, 65_536);
        ArgumentOutOfRangeException.ThrowIfNegative(Iterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrainingSplats, 1);
    }

    internal override GaussianCloud Apply(GaussianCloud cloud, CompressionContext context, out string detail)
    {
        var options = new ShQuantizationOptions { Iterations = Iterations, Seed = Seed, MaxTrainingSplats = MaxTrainingSplats, Budget = context.Budget };
        var (result, codebook) = cloud.QuantizeSh(PaletteSize, options, context.CancellationToken);
        detail = codebook.Count == 0
            ? "no SH rest coefficients"
            : string.Create(CultureInfo.InvariantCulture, $"{codebook.Count:N0} entries, RMS error {Math.Sqrt(codebook.Inertia / Math.Max(1, cloud.Count) / codebook.Dimension):0.####}");
        return result;
    }
}
