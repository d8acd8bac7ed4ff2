using System.Numerics;

namespace Augment.Splat.Cleaning;

/// <summary>
/// Crops to a region (<see cref="KeepInside"/> true: splats whose centre is outside are removed) or empties it
/// (false: splats whose centre is inside are removed, e.g. a passer-by's box). A splat with a non-finite centre
/// is outside every region.
/// </summary>
/// <param name="Region">The region, in the cloud's coordinates.</param>
/// <param name="KeepInside">True to keep only the splats inside, false to remove the splats inside.</param>
public sealed record RegionStep(SplatRegion Region, bool KeepInside) : CleaningStep
{
    /// <inheritdoc/>
    public override string Name => (KeepInside ? "crop to " : "remove inside ") + Describe(Region);

    internal override void Validate() => ArgumentNullException.ThrowIfNull(Region);

    internal override int Apply(CleaningPass pass) => pass.RemoveWhere(new Predicate(pass.Cloud.Planes, Region, KeepInside));

    private static string Describe(SplatRegion region) => region switch
    {
        BoxRegion b => FormattableString.Invariant($"box {Format(b.Min)}..{Format(b.Max)}"),
        SphereRegion s => FormattableString.Invariant($"sphere {Format(s.Center)} r {s.Radius:G4}"),
        OrientedBoxRegion o => FormattableString.Invariant($"oriented box at {Format(o.Center)} half {Format(o.HalfExtents)}"),
        HalfSpaceRegion h => FormattableString.Invariant($"half-space {Format(h.Normal)}.p + {h.Offset:G4} >= 0"),
        _ => region.GetType().Name,
    };

    private static string Format(Vector3 v) => FormattableString.Invariant($"({v.X:G4},{v.Y:G4},{v.Z:G4})");

    private readonly struct Predicate(float[][] planes, SplatRegion region, bool keepInside) : ISplatPredicate
    {
        public bool Remove(int index)
        {
            var p = new Vector3(planes[0][index], planes[1][index], planes[2][index]);
            var inside = float.IsFinite(p.X) && float.IsFinite(p.Y) && float.IsFinite(p.Z) && region.Contains(p);
            return inside != keepInside;
        }
    }
}
