namespace Augment.Splat.Training;

/// <summary>What <see cref="FrameAnalyzer"/> measured on one frame (shifts in full-resolution pixels; parallax ratio when measured).</summary>
internal readonly record struct FrameRecord(FrameMeasures Measures, double ShiftX, double ShiftY, double? Parallax);
