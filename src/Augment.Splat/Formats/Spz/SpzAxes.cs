namespace Augment.Splat;

/// <summary>
/// The RUB (SPZ spec, Niantic) to RDF (3DGS PLY) conversion, a 180-degree turn about x: y -> -y, z -> -z. It is its
/// own inverse. <see cref="SpzCodec"/> does not apply it, because splat-transform writes and reads SPZ without a
/// flip; it is here for a caller who knows a file was written in RUB.
/// </summary>
internal static class SpzAxes
{
    /// <summary>Turns <paramref name="cloud"/> 180 degrees about x in place: positions, rotations and SH.</summary>
    public static void FlipYZ(GaussianCloud cloud) => AxisTurns.Turn(cloud, 0);
}
