namespace Augment.Vision;

/// <summary>
/// A source of video frames read one at a time, in constant memory: a Y4M file read natively or any
/// container ffmpeg decodes (see <see cref="VideoFile.OpenRead"/>). Each returned frame belongs to
/// the caller, who disposes it (its pixels come from a pool, so disposing keeps memory flat).
/// </summary>
public interface IFrameReader : IDisposable
{
    /// <summary>What the source declares: size, frame rate, frame count when known, audio, codec.</summary>
    VideoInfo Info { get; }

    /// <summary>Frames returned so far.</summary>
    int FramesRead { get; }

    /// <summary>Decodes the next frame as a new 3-channel RGB frame, or returns null at the end of the video.</summary>
    /// <param name="cancellationToken">Cancels a blocking read (an ffmpeg decoder is then stopped).</param>
    /// <exception cref="InvalidMediaException">The video is corrupt or truncated.</exception>
    /// <exception cref="ResourceLimitException">The video has more frames than the decode limit allows.</exception>
    ImageFrame? ReadFrame(CancellationToken cancellationToken = default);
}
