namespace Augment.Vision;

/// <summary>One input of a <see cref="ColorGrade"/> batch: where it went and how close it came to the reference.</summary>
public sealed record ClipGradeResult
{
    /// <summary>The input file.</summary>
    public required string Input { get; init; }

    /// <summary>The graded output file (it exists only when <see cref="Succeeded"/>).</summary>
    public required string Output { get; init; }

    /// <summary>The baked <c>.cube</c> when <see cref="ColorGradeOptions.LutSize"/> was set; otherwise null.</summary>
    public string? Lut { get; init; }

    /// <summary>True for a video clip, false for a still.</summary>
    public bool IsVideo { get; init; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; init; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; init; }

    /// <summary>Frames written (1 for a still).</summary>
    public long Frames { get; init; }

    /// <summary>CIEDE2000 distance to the reference before grading (see <see cref="Basis"/>).</summary>
    public double DeltaEBefore { get; init; }

    /// <summary>CIEDE2000 distance to the reference after grading, measured on the clipped values that are written.</summary>
    public double DeltaEAfter { get; init; }

    /// <summary>How the two distances were measured.</summary>
    public DeltaEBasis Basis { get; init; }

    /// <summary>Wall time spent on this input.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Why the input failed (with <see cref="ColorGradeOptions.ContinueOnError"/>), or null.</summary>
    public string? Error { get; init; }

    /// <summary>True when the output was written.</summary>
    public bool Succeeded => Error is null;
}
