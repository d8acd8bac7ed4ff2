namespace Augment.Vision;

/// <summary>
/// Grades one video clip with one fit: a first pass collects evenly spaced key frames into a
/// <see cref="ContactSheet"/> and fits the match on it; a second pass streams every frame through the
/// grade into the writer (audio copied through). Memory holds the sheet and a couple of frames, however
/// long the clip is.
/// </summary>
internal static class ClipGrader
{
    public static ClipGradeResult Grade(ColorGrade grade, string inputPath, string outputPath, string? lutPath, ComputeBudget budget,
        IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var decode = new VideoDecodeOptions { Budget = budget };
        ColorTransform transform;
        VideoInfo info;
        double before, after;
        using (var sheet = new ContactSheet())
        {
            using (var reader = VideoFile.OpenRead(inputPath, decode))
            {
                info = reader.Info;
                var keys = KeyFrameIndices(info, grade.Options.KeyFrames);
                var next = 0;
                long index = 0;
                while (next < keys.Length)
                {
                    using var frame = reader.ReadFrame(cancellationToken);
                    if (frame is null)
                        break;
                    if (index == keys[next])
                    {
                        sheet.Add(frame, cancellationToken);
                        next++;
                    }
                    index++;
                    // The scan is about a third of the work of a clip (decode only, no encode).
                    if (info.FrameCount is > 0 and var count)
                        progress?.Report(new AugmentProgress("grade", 0.3 * Math.Min(1.0, (double)index / count)));
                }
            }
            if (sheet.Count == 0)
                throw new InvalidMediaException(inputPath, 0, "the clip has no frames");
            using var keyFrames = sheet.Build();
            transform = grade.FitTo(keyFrames, cancellationToken);
            using var gradedKeys = grade.Apply(keyFrames, transform, cancellationToken);
            GradeMeasures.ClampColor(gradedKeys);
            var referenceLab = grade.ReferenceMeanLab;
            before = ColorMath.DeltaE2000(GradeMeasures.MeanLab(keyFrames, cancellationToken), referenceLab);
            after = ColorMath.DeltaE2000(GradeMeasures.MeanLab(gradedKeys, cancellationToken), referenceLab);
        }

        long written;
        using (var reader = VideoFile.OpenRead(inputPath, decode))
        {
            // The source's depth, chroma and audio by default; the caller's encoder settings otherwise, audio still copied.
            var encode = grade.Options.Video is { } video
                ? video with { AudioFrom = reader.Info.HasAudio ? inputPath : null }
                : VideoEncodeOptions.LikeSource(inputPath, reader.Info);
            using var writer = VideoFile.Create(outputPath, reader.Info, encode);
            while (true)
            {
                using var frame = reader.ReadFrame(cancellationToken);
                if (frame is null)
                    break;
                using var graded = grade.Apply(frame, transform, cancellationToken);
                writer.WriteFrame(graded, cancellationToken);
                if (info.FrameCount is > 0 and var count)
                    progress?.Report(new AugmentProgress("grade", 0.3 + (0.7 * Math.Min(1.0, (double)writer.FramesWritten / count))));
            }
            cancellationToken.ThrowIfCancellationRequested();
            // The LUT goes first: a clip that fails to finalise leaves neither file.
            if (lutPath is not null)
                grade.SaveLut(transform, lutPath, inputPath);
            writer.Complete();
            written = writer.FramesWritten;
        }
        return new ClipGradeResult
        {
            Input = inputPath,
            Output = outputPath,
            Lut = lutPath,
            IsVideo = true,
            Width = info.Width,
            Height = info.Height,
            Frames = written,
            DeltaEBefore = before,
            DeltaEAfter = after,
            Basis = DeltaEBasis.MeanLab,
        };
    }

    /// <summary>
    /// <paramref name="wanted"/> frame indices spread evenly over the clip (the centres of equal
    /// segments, so a fade at either end weighs no more than the middle); the first frames, a second
    /// apart, when the length is unknown.
    /// </summary>
    internal static long[] KeyFrameIndices(VideoInfo info, int wanted)
    {
        if (info.FrameCount is > 0 and var count)
        {
            var n = (int)Math.Min(wanted, count);
            var indices = new long[n];
            for (var i = 0; i < n; i++)
                indices[i] = (long)Math.Floor((i + 0.5) * count / n);
            return indices;
        }
        var step = info.FrameRateDenominator > 0 ? Math.Max(1, info.FrameRateNumerator / info.FrameRateDenominator) : 25;
        var unknown = new long[wanted];
        for (var i = 0; i < wanted; i++)
            unknown[i] = (long)i * step;
        return unknown;
    }
}
