using System.Buffers;
using Augment.Vision;

namespace Augment.Splat.Training;

/// <summary>
/// Decodes a video once, in constant memory, and measures every frame: focus, exposure and directional blur on the luma
/// at the analysis size; image motion from the previous frame by phase correlation on a smaller luma (at most
/// <see cref="MotionMaxSide"/> pixels); and, between key frames a little apart, the parallax proxy.
/// </summary>
internal static class FrameAnalyzer
{
    /// <summary>Longest side of the luma used for motion.</summary>
    public const int MotionMaxSide = 256;

    /// <summary>Smallest side a motion image needs (two 16-pixel blocks).</summary>
    private const int MotionMinSide = 32;

    /// <summary>A key-frame pair is measured once the image has moved this fraction of the motion width.</summary>
    private const double KeyFrameTravel = 0.06;

    /// <summary>Mean block displacement (motion pixels) below which a pair says nothing about parallax.</summary>
    public const double MinParallaxMotion = 1.5;

    public static FrameAnalysis Run(string video, FrameSelectionOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var budget = options.Budget ?? ComputeBudget.Default;
        var decode = new VideoDecodeOptions { Budget = budget, FfmpegPath = options.FfmpegPath };
        using var reader = VideoFile.OpenRead(video, decode);
        var info = reader.Info;
        var width = info.Width;
        var height = info.Height;
        if (width < 8 || height < 8)
            throw new InvalidMediaException(video, -1, $"frames of {width}x{height} are too small to analyse (at least 8x8 pixels).");
        var factor = Math.Max(1, (int)Math.Ceiling(Math.Max(width, height) / (double)options.AnalysisMaxSide));
        if (width / factor < 8 || height / factor < 8)
            factor = Math.Max(1, Math.Min(width, height) / 8);
        var aw = width / factor;
        var ah = height / factor;
        var motionFactor = Math.Max(1, (int)Math.Ceiling(Math.Max(aw, ah) / (double)MotionMaxSide));
        var mw = aw / motionFactor;
        var mh = ah / motionFactor;
        var measureMotion = mw >= MotionMinSide && mh >= MotionMinSide;
        budget.EnsureAllocation(((long)width * height * 4) + ((long)aw * ah * 4) + ((long)mw * mh * 4 * 8), "frame analysis buffers");

        var fps = info.FramesPerSecond > 0 ? info.FramesPerSecond : 25.0;
        var maxKeyGap = Math.Max(2, (int)Math.Round(fps / 4));
        var fullLuma = ArrayPool<float>.Shared.Rent(width * height);
        var analysisLuma = new float[aw * ah];
        var motionLuma = new float[mw * mh];
        var keyLuma = new float[mw * mh];
        var previousLuma = new float[mw * mh];
        var correlator = measureMotion ? new PhaseCorrelator(mw, mh) : null;
        var parallax = measureMotion ? new ParallaxEstimator(mw, mh) : null;
        var frames = new List<FrameRecord>();
        double travelX = 0, travelY = 0;
        var sinceKey = 0;
        var total = info.FrameCount ?? (info.Duration is { } d ? (long)Math.Round(d.TotalSeconds * fps) : 0);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var frame = reader.ReadFrame(cancellationToken);
                if (frame is null)
                    break;
                if (frame.Width != width || frame.Height != height || frame.ColorChannels < 3)
                    throw new InvalidMediaException(video, -1, $"frame {frames.Count} is {frame.Width}x{frame.Height}x{frame.ColorChannels}, not the declared {width}x{height} RGB.");
                var luma = fullLuma.AsSpan(0, width * height);
                FrameMeasureKernels.Luma(frame.Plane(0), frame.Plane(1), frame.Plane(2), luma);
                FrameMeasureKernels.Downscale(luma, width, height, factor, analysisLuma);
                var measures = FrameMeasureKernels.Measure(analysisLuma, aw, ah, budget.MaxThreads);

                double shiftX = 0, shiftY = 0;
                double? parallaxRatio = null;
                if (correlator is not null && parallax is not null)
                {
                    FrameMeasureKernels.Downscale(analysisLuma, aw, ah, motionFactor, motionLuma);
                    if (frames.Count == 0)
                    {
                        motionLuma.CopyTo(keyLuma, 0);
                    }
                    else
                    {
                        var (dx, dy, _) = correlator.Register(previousLuma, motionLuma, precise: false);
                        shiftX = dx * factor * motionFactor;
                        shiftY = dy * factor * motionFactor;
                        travelX += dx;
                        travelY += dy;
                        sinceKey++;
                        var travel = Math.Sqrt((travelX * travelX) + (travelY * travelY));
                        if (travel >= KeyFrameTravel * mw || sinceKey >= maxKeyGap)
                        {
                            if (parallax.Estimate(keyLuma, motionLuma, travelX, travelY) is { } p && p.MeanMotion >= MinParallaxMotion)
                                parallaxRatio = p.Residual / p.MeanMotion;
                            motionLuma.CopyTo(keyLuma, 0);
                            travelX = travelY = 0;
                            sinceKey = 0;
                        }
                    }
                    (previousLuma, motionLuma) = (motionLuma, previousLuma);
                }
                frames.Add(new FrameRecord(measures, shiftX, shiftY, parallaxRatio));
                if (progress is not null)
                {
                    var fraction = total > 0 ? Math.Min(1.0, frames.Count / (double)total) : 0;
                    progress.Report(new AugmentProgress("analysing frames", fraction, frames.Count, Math.Max(total, frames.Count)));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(fullLuma);
        }
        if (frames.Count == 0)
            throw new InvalidMediaException(video, -1, "the video has no frames to analyse.");
        return new FrameAnalysis(info, fps, aw, ah, frames);
    }
}
