namespace Augment.Splat.Compression;

/// <summary>One row of a compression run's report.</summary>
/// <param name="Name">The step and its parameters.</param>
/// <param name="SplatsIn">Splats before the step.</param>
/// <param name="SplatsOut">Splats after it.</param>
/// <param name="ShDegree">SH degree after it.</param>
/// <param name="Detail">What the step found (e.g. the palette's size and RMS error).</param>
/// <param name="Elapsed">Wall-clock time the step took.</param>
public sealed record CompressionStepResult(string Name, int SplatsIn, int SplatsOut, int ShDegree, string Detail, TimeSpan Elapsed)
{
    /// <summary>Splats the step removed.</summary>
    public int Removed => SplatsIn - SplatsOut;
}
