namespace Augment.Vision;

/// <summary>How <see cref="VideoFile.Create"/> encodes (ignored fields do not apply to Y4M, which is raw).</summary>
public sealed record VideoEncodeOptions
{
    private readonly int _bitsPerChannel = 8;
    private readonly int? _crf;

    /// <summary>The options used when none are given.</summary>
    public static VideoEncodeOptions Default { get; } = new();

    /// <summary>
    /// Options that keep what a processed copy of <paramref name="source"/> should keep: its chroma
    /// subsampling (4:4:4 stays 4:4:4), its bit depth (8, or 10/12/16 for deeper sources) and its audio
    /// (copied from <paramref name="sourcePath"/> when it has any). Change the rest with <c>with</c>.
    /// </summary>
    /// <param name="sourcePath">The file the frames come from (audio is copied from it).</param>
    /// <param name="source">What the source declares, e.g. <see cref="IFrameReader.Info"/>.</param>
    public static VideoEncodeOptions LikeSource(string sourcePath, VideoInfo source)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(source);
        return new VideoEncodeOptions
        {
            AudioFrom = source.HasAudio ? sourcePath : null,
            BitsPerChannel = source.BitsPerChannel switch { <= 8 => 8, 10 or 12 or 16 => source.BitsPerChannel, _ => 16 },
            Chroma = source.PixelFormat is { } format && format.Contains("444", StringComparison.Ordinal) ? Y4mChroma.Yuv444 : Y4mChroma.Yuv420,
        };
    }

    /// <summary>
    /// The ffmpeg encoder (<c>libx264</c>, <c>libx265</c>, <c>ffv1</c>, <c>prores_ks</c>, ...). When null it
    /// follows the container: <c>libx264</c> for .mp4/.m4v/.mov/.mkv/.ts, <c>libvpx-vp9</c> for .webm,
    /// <c>ffv1</c> for .avi, <c>mpeg2video</c> for .mxf; with <see cref="Lossless"/>, <c>ffv1</c> (RGB,
    /// exact) where the container holds it and lossless <c>libx264</c> otherwise.
    /// </summary>
    public string? Codec { get; init; }

    /// <summary>Constant rate factor for x264/x265/VP9 (lower is better; default: the encoder's, 23 for x264).</summary>
    public int? Crf
    {
        get => _crf;
        init
        {
            if (value is { } crf)
                ArgumentOutOfRangeException.ThrowIfNegative(crf);
            _crf = value;
        }
    }

    /// <summary>Encode without loss where the codec can (ffv1 in RGB is bit-exact; x264 at qp 0 is lossless in YUV).</summary>
    public bool Lossless { get; init; }

    /// <summary>
    /// A file whose audio streams are copied into the output untouched (<c>-map 1:a? -c:a copy</c>),
    /// usually the input video; a file without audio adds none. Null: no audio.
    /// </summary>
    public string? AudioFrom { get; init; }

    /// <summary>
    /// Bits per stored sample: 8 (default), 10, 12 or 16. Above 8, YUV codecs get a 10-bit (or deeper)
    /// pixel format (<c>yuv420p10le</c>) where the encoder allows, and Y4M gets <c>C420p10</c>-style samples.
    /// </summary>
    public int BitsPerChannel
    {
        get => _bitsPerChannel;
        init
        {
            if (value is not (8 or 10 or 12 or 16))
                throw new ArgumentOutOfRangeException(nameof(BitsPerChannel), value, "BitsPerChannel must be 8, 10, 12 or 16.");
            _bitsPerChannel = value;
        }
    }

    /// <summary>Chroma subsampling for YUV outputs: 4:2:0 (default, what players expect) or 4:4:4.</summary>
    public Y4mChroma Chroma { get; init; } = Y4mChroma.Yuv420;

    /// <summary>The ffmpeg executable or its folder; see <see cref="VideoDecodeOptions.FfmpegPath"/>.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Thread budget passed to the encoder; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }
}
