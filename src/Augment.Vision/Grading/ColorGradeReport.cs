namespace Augment.Vision;

/// <summary>What a <see cref="ColorGrade"/> batch (<c>ApplyToFilesAsync</c>) did, one row per input in input order.</summary>
public sealed class ColorGradeReport
{
    internal ColorGradeReport(IReadOnlyList<ClipGradeResult> clips, TimeSpan elapsed)
    {
        Clips = clips;
        Elapsed = elapsed;
        var count = 0;
        double before = 0, after = 0;
        foreach (var clip in clips)
        {
            if (!clip.Succeeded)
                continue;
            count++;
            before += clip.DeltaEBefore;
            after += clip.DeltaEAfter;
        }
        Succeeded = count;
        MeanDeltaEBefore = count > 0 ? before / count : double.NaN;
        MeanDeltaEAfter = count > 0 ? after / count : double.NaN;
    }

    /// <summary>One result per input, in the order the inputs were given.</summary>
    public IReadOnlyList<ClipGradeResult> Clips { get; }

    /// <summary>Inputs whose output was written.</summary>
    public int Succeeded { get; }

    /// <summary>Inputs that failed (only with <see cref="ColorGradeOptions.ContinueOnError"/>).</summary>
    public int Failed => Clips.Count - Succeeded;

    /// <summary>Mean of <see cref="ClipGradeResult.DeltaEBefore"/> over the successful inputs (NaN when none).</summary>
    public double MeanDeltaEBefore { get; }

    /// <summary>Mean of <see cref="ClipGradeResult.DeltaEAfter"/> over the successful inputs (NaN when none).</summary>
    public double MeanDeltaEAfter { get; }

    /// <summary>Wall time of the whole batch.</summary>
    public TimeSpan Elapsed { get; }
}
