using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// Reads a YUV4MPEG2 (.y4m) video with Vision's own decoder, no ffmpeg needed, resized to the scan's working size
/// (area average) and, when given, only the wanted frames: the same contract as <see cref="RawVideoReader"/>.
/// </summary>
internal sealed class Y4mScaledReader : IFrameReader
{
    private readonly IFrameReader _inner;
    private readonly int _width, _height;
    private readonly IReadOnlyList<long>? _wanted;
    private int _next;
    private long _index = -1;

    private Y4mScaledReader(IFrameReader inner, int width, int height, IReadOnlyList<long>? wanted)
    {
        _inner = inner;
        _width = width;
        _height = height;
        _wanted = wanted;
        Info = inner.Info with { Width = width, Height = height };
    }

    public VideoInfo Info { get; }

    public int FramesRead { get; private set; }

    /// <summary>Metadata of a .y4m file as the scan records it (its header has no timecode or creation time).</summary>
    public static VideoMetadata Probe(string path, ComputeBudget budget)
    {
        var info = VideoFile.Probe(path, new VideoDecodeOptions { Budget = budget });
        var frames = info.FrameCount;
        var seconds = frames is { } n && info.FrameRateNumerator > 0 ? (double)n * info.FrameRateDenominator / info.FrameRateNumerator : 0.0;
        return new VideoMetadata(info.Width, info.Height, info.FrameRateNumerator, info.FrameRateDenominator, frames,
            info.Duration ?? TimeSpan.FromSeconds(seconds), "rawvideo", null, null);
    }

    public static Y4mScaledReader Open(string path, int width, int height, IReadOnlyList<long>? wanted, ComputeBudget budget) =>
        new(VideoFile.OpenRead(path, new VideoDecodeOptions { Budget = budget }), width, height, wanted);

    public ImageFrame? ReadFrame(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_wanted is not null && _next >= _wanted.Count)
                return null;
            using var frame = _inner.ReadFrame(cancellationToken);
            if (frame is null)
                return null;
            _index++;
            if (_wanted is not null && _index != _wanted[_next])
                continue;
            _next++;
            FramesRead++;
            return frame.Width == _width && frame.Height == _height ? frame.Clone() : frame.Resize(_width, _height, ResampleKernel.Box);
        }
    }

    public void Dispose() => _inner.Dispose();
}
