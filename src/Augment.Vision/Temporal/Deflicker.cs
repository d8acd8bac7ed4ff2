namespace Augment.Vision;

/// <summary>
/// Streaming deflicker: stabilises each frame's mean linear-light luminance (or per-channel mean)
/// along a smoothed trajectory, for AI-generated or time-lapse footage. The filter is causal (an
/// exponential moving average of log means, no look-ahead), so frames come out as they go in and
/// the stage holds a handful of numbers, never a frame; the price is that slow real trends lag by
/// about (<see cref="DeflickerOptions.WindowFrames"/> − 1) / 2 frames. Corrections are gains in
/// linear light, so multiplicative exposure flicker is removed exactly. One instance per clip; call
/// <see cref="Reset"/> at a known shot change (large jumps are detected as cuts too).
/// </summary>
public sealed class Deflicker
{
    private const double MeanFloor = 1e-6;
    private const double MaxChannelStops = 4.0;
    private static readonly double Ln2 = Math.Log(2.0);

    private readonly DeflickerOptions _options;
    private readonly double _alpha;
    // Smoothed log means: channels 0..2, then luminance.
    private readonly double[] _target = new double[4];
    // Per-frame slope of the smoothed log means (used when FollowTrend is on).
    private readonly double[] _trend = new double[4];
    private int _shotFrames;
    private bool _started;

    /// <summary>Creates a stage with <paramref name="options"/> (defaults when null).</summary>
    /// <param name="options">Window, strength, mode and cut threshold.</param>
    public Deflicker(DeflickerOptions? options = null)
    {
        _options = options ?? new DeflickerOptions();
        if (_options.WindowFrames < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.WindowFrames, "WindowFrames must be at least 1.");
        if (!(_options.Strength >= 0.0 && _options.Strength <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(options), _options.Strength, "Strength must be within 0..1.");
        if (!(_options.SceneCutStops > 0.0))
            throw new ArgumentOutOfRangeException(nameof(options), _options.SceneCutStops, "SceneCutStops must be positive.");
        _alpha = 2.0 / (_options.WindowFrames + 1.0);
    }

    /// <summary>Frames passed through <see cref="Process"/> since construction.</summary>
    public int FramesProcessed { get; private set; }

    /// <summary>Forgets the trajectory; the next frame starts a new shot.</summary>
    public void Reset() => _started = false;

    /// <summary>
    /// Measures <paramref name="frame"/>, advances the smoothed trajectory and scales the frame's colour
    /// channels in place (in linear light, re-encoded to its own transfer) so that its means follow it.
    /// Alpha is untouched.
    /// </summary>
    /// <param name="frame">A frame with one or three colour channels; three-channel frames need a defined <see cref="ImageFrame.ColorSpace"/>, grey frames tagged <see cref="ColorSpace.Unspecified"/> are taken as linear.</param>
    /// <param name="cancellationToken">Cancels the work; the frame may then be partly corrected.</param>
    /// <returns>The gains applied.</returns>
    public DeflickerCorrection Process(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        cancellationToken.ThrowIfCancellationRequested();
        var channels = frame.ColorChannels;
        if (channels != 1 && channels != 3)
            throw new ArgumentException($"Deflicker needs one or three colour channels; the frame has {channels}.", nameof(frame));
        var transfer = channels == 1 && frame.ColorSpace == ColorSpace.Unspecified
            ? null
            : ColorSpaceConversion.Describe(frame.ColorSpace, nameof(frame)).Transfer;

        Span<double> means = stackalloc double[channels];
        DeflickerKernels.LinearMeans(frame, transfer, means, cancellationToken);
        var luminance = channels == 1 ? means[0] : Luminance(frame.ColorSpace, means);

        Span<double> log = stackalloc double[4];
        for (var c = 0; c < 3; c++)
            log[c] = Math.Log(Math.Max(means[Math.Min(c, channels - 1)], MeanFloor));
        log[3] = Math.Log(Math.Max(luminance, MeanFloor));

        var cut = _started && Math.Abs(log[3] - _target[3]) > _options.SceneCutStops * Ln2;
        if (!_started || cut)
        {
            log.CopyTo(_target);
            Array.Clear(_trend);
            _started = true;
            _shotFrames = 1;
        }
        else
        {
            // Warm-up: a running mean of the shot so far until it is longer than the window, so that
            // the first frame's own flicker does not anchor the trajectory.
            _shotFrames++;
            var alpha = Math.Max(_alpha, 1.0 / _shotFrames);
            // Brown's double exponential smoothing written as Holt's level/trend update: critically damped,
            // it follows a linear ramp with no steady-state lag at the cost of somewhat more residual flicker.
            var levelGain = _options.FollowTrend ? alpha * (2.0 - alpha) : alpha;
            var trendGain = _options.FollowTrend ? alpha / (2.0 - alpha) : 0.0;
            for (var i = 0; i < 4; i++)
            {
                var previous = _target[i];
                var predicted = previous + _trend[i];
                _target[i] = predicted + levelGain * (log[i] - predicted);
                _trend[i] += trendGain * (_target[i] - previous - _trend[i]);
            }
        }
        FramesProcessed++;

        Span<double> gains = stackalloc double[channels];
        var strength = _options.Strength;
        var perChannel = (_options.Mode & DeflickerMode.MeanColor) != 0 && channels == 3;
        var luminanceOnly = !perChannel && (_options.Mode & DeflickerMode.Luminance) != 0;
        var lumaGain = luminance > MeanFloor && luminanceOnly ? Math.Exp(strength * (_target[3] - log[3])) : 1.0;
        var any = false;
        for (var c = 0; c < channels; c++)
        {
            var gain = lumaGain;
            if (perChannel)
            {
                // Near-black channels carry no reliable statistic; a bounded gain keeps noise from exploding.
                var stops = Math.Clamp((_target[c] - log[c]) / Ln2, -MaxChannelStops, MaxChannelStops);
                gain = means[c] > MeanFloor ? Math.Exp(strength * stops * Ln2) : 1.0;
            }
            gains[c] = gain;
            any |= gain != 1.0;
        }
        if (any)
            DeflickerKernels.ApplyGains(frame, transfer, gains, cancellationToken);
        return channels == 1
            ? new DeflickerCorrection(gains[0], gains[0], gains[0], luminance, cut)
            : new DeflickerCorrection(gains[0], gains[1], gains[2], luminance, cut);
    }

    /// <summary>
    /// Deflickers a Y4M file into another, frame by frame (constant memory). The output is written
    /// atomically with the input's size, frame rate and chroma subsampling. Kept for existing callers;
    /// <see cref="ProcessVideoFile"/> does the same for any video <see cref="VideoFile"/> reads.
    /// </summary>
    /// <param name="inputPath">The Y4M clip to read.</param>
    /// <param name="outputPath">Where to write the corrected clip.</param>
    /// <param name="options">Deflicker settings (defaults when null).</param>
    /// <param name="cancellationToken">Cancels the run; the destination is then left as it was.</param>
    /// <returns>The number of frames written.</returns>
    public static int ProcessY4mFile(string inputPath, string outputPath, DeflickerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        using var reader = Y4mReader.Open(inputPath);
        using var writer = Y4mWriter.Create(outputPath, reader.Width, reader.Height, reader.Info.FrameRateNumerator, reader.Info.FrameRateDenominator,
            reader.Chroma, reader.BitsPerChannel);
        var written = ProcessFrames(reader, writer, options, null, cancellationToken);
        writer.Complete();
        return written;
    }

    /// <summary>
    /// Deflickers any video <see cref="VideoFile"/> reads (Y4M natively, other containers through ffmpeg)
    /// into <paramref name="outputPath"/>, whose extension picks the container. Frame by frame in
    /// constant memory; by default the input's chroma, depth and audio (copied untouched) are kept;
    /// the output appears only when complete.
    /// </summary>
    /// <param name="inputPath">The clip to read.</param>
    /// <param name="outputPath">Where to write the corrected clip (.y4m, .mp4, .mkv, ...).</param>
    /// <param name="options">Deflicker settings (defaults when null).</param>
    /// <param name="decodeOptions">Decode limits and ffmpeg location.</param>
    /// <param name="encodeOptions">Codec, quality, depth, audio; when null, <see cref="VideoEncodeOptions.LikeSource"/> (the input's chroma, depth and audio).</param>
    /// <param name="progress">Receives frames done of the frame count (0 total when the container does not say).</param>
    /// <param name="cancellationToken">Cancels the run; the destination is then left as it was.</param>
    /// <returns>The number of frames written.</returns>
    public static int ProcessVideoFile(string inputPath, string outputPath, DeflickerOptions? options = null,
        VideoDecodeOptions? decodeOptions = null, VideoEncodeOptions? encodeOptions = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        using var reader = VideoFile.OpenRead(inputPath, decodeOptions);
        encodeOptions ??= VideoEncodeOptions.LikeSource(inputPath, reader.Info);
        using var writer = VideoFile.Create(outputPath, reader.Info, encodeOptions);
        var written = ProcessFrames(reader, writer, options, progress, cancellationToken);
        writer.Complete();
        return written;
    }

    /// <summary>
    /// Deflickers every frame <paramref name="reader"/> gives into <paramref name="writer"/>, one frame
    /// in flight. The writer is not completed: call <see cref="IFrameWriter.Complete"/> afterwards.
    /// </summary>
    /// <param name="reader">The source of frames.</param>
    /// <param name="writer">The sink, of the reader's frame size.</param>
    /// <param name="options">Deflicker settings (defaults when null).</param>
    /// <param name="progress">Receives frames done of <see cref="VideoInfo.FrameCount"/> (0 total when unknown).</param>
    /// <param name="cancellationToken">Cancels between frames and stops a blocking read or write.</param>
    /// <returns>The number of frames written.</returns>
    public static int ProcessFrames(IFrameReader reader, IFrameWriter writer, DeflickerOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        var deflicker = new Deflicker(options);
        var total = reader.Info.FrameCount ?? 0;
        progress?.Report(AugmentProgress.Items("deflicker", 0, total));
        var written = 0;
        while (reader.ReadFrame(cancellationToken) is { } frame)
        {
            using (frame)
            {
                deflicker.Process(frame, cancellationToken);
                writer.WriteFrame(frame, cancellationToken);
            }
            written++;
            progress?.Report(AugmentProgress.Items("deflicker", written, Math.Max(total, written)));
        }
        return written;
    }

    private static double Luminance(ColorSpace space, ReadOnlySpan<double> means) => space switch
    {
        ColorSpace.LinearRec2020 or ColorSpace.Rec2020Pq or ColorSpace.Rec2020Hlg => 0.2627 * means[0] + 0.6780 * means[1] + 0.0593 * means[2],
        _ => 0.2126 * means[0] + 0.7152 * means[1] + 0.0722 * means[2],
    };
}
