using System.Globalization;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Removes splats by size: the largest of the three axis scales (exp of the log-scales, world units) must be at
/// least <see cref="MinLargestScale"/> and at most <see cref="MaxLargestScale"/>. Huge splats are typically
/// background blobs or sky haze; tiny ones cost bytes without being visible. A NaN scale counts as out of range.
/// </summary>
public sealed record ScaleThresholdStep : CleaningStep
{
    /// <summary>Smallest largest-axis scale kept, world units; default 0 (no lower limit).</summary>
    public float MinLargestScale { get; init; }

    /// <summary>Largest largest-axis scale kept, world units; default +infinity (no upper limit).</summary>
    public float MaxLargestScale { get; init; } = float.PositiveInfinity;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"scale outside [{MinLargestScale:G4}, {MaxLargestScale:G4}]");

    internal override void Validate()
    {
        if (!float.IsFinite(MinLargestScale) || MinLargestScale < 0)
            throw new ArgumentOutOfRangeException(nameof(MinLargestScale), MinLargestScale, "The smallest scale must be finite and non-negative (world units).");
        if (float.IsNaN(MaxLargestScale) || MaxLargestScale < MinLargestScale)
            throw new ArgumentOutOfRangeException(nameof(MaxLargestScale), MaxLargestScale, "The largest scale must be at least the smallest (world units).");
    }

    internal override int Apply(CleaningPass pass) => pass.RemoveWhere(new Predicate(pass.Cloud.Planes, MinLargestScale, MaxLargestScale));

    private readonly struct Predicate(float[][] planes, float min, float max) : ISplatPredicate
    {
        public bool Remove(int index)
        {
            var sx = planes[3][index];
            var sy = planes[4][index];
            var sz = planes[5][index];
            if (float.IsNaN(sx) || float.IsNaN(sy) || float.IsNaN(sz))
                return true;
            var largest = MathF.Exp(MathF.Max(sx, MathF.Max(sy, sz)));
            return !(largest >= min && largest <= max);
        }
    }
}
