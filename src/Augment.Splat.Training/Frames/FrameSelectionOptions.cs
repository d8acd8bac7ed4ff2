namespace Augment.Splat.Training;

/// <summary>Options for <see cref="FrameSelector"/>.</summary>
public sealed record FrameSelectionOptions
{
    private readonly int _count = 150;
    private readonly int _analysisMaxSide = 640;
    private readonly double _sharpnessFloor = 0.5;

    /// <summary>The options used when none are given.</summary>
    public static FrameSelectionOptions Default { get; } = new();

    /// <summary>How many frames to select (1 to 100 000; default 150). Fewer come back when fewer are usable.</summary>
    public int Count
    {
        get => _count;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100_000);
            _count = value;
        }
    }

    /// <summary>
    /// Longest side of the luma image that is measured, in pixels (32 to 8192; default 640): frames are box-averaged by
    /// the smallest integer factor that fits. Motion is measured at up to 256 pixels.
    /// </summary>
    public int AnalysisMaxSide
    {
        get => _analysisMaxSide;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 32);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 8192);
            _analysisMaxSide = value;
        }
    }

    /// <summary>
    /// Frames whose sharpness (variance of the Laplacian) is below this fraction of the video's median are not
    /// selected (0 to 1; default 0.5).
    /// </summary>
    public double SharpnessFloor
    {
        get => _sharpnessFloor;
        init
        {
            if (!(value >= 0 && value <= 1))
                throw new ArgumentOutOfRangeException(nameof(value), value, "SharpnessFloor must be between 0 and 1.");
            _sharpnessFloor = value;
        }
    }

    /// <summary>How the selection is spread along the video (default: by camera motion).</summary>
    public FrameSpacing Spacing { get; init; } = FrameSpacing.CameraMotion;

    /// <summary>Threads and memory; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>The ffmpeg executable or its folder (null: <c>AUGMENT_FFMPEG</c>, then the PATH). Y4M needs none.</summary>
    public string? FfmpegPath { get; init; }
}
