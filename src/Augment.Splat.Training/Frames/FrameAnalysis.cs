using Augment.Vision;

namespace Augment.Splat.Training;

/// <summary>The raw result of one decoding pass of <see cref="FrameAnalyzer"/>.</summary>
internal sealed record FrameAnalysis(VideoInfo Info, double FramesPerSecond, int AnalysisWidth, int AnalysisHeight, IReadOnlyList<FrameRecord> Frames);
