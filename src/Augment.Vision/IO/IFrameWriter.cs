namespace Augment.Vision;

/// <summary>
/// A sink of video frames written one at a time, in constant memory (see <see cref="VideoFile.Create"/>).
/// File writers write to a temporary file beside the destination and move it into place only in
/// <see cref="Complete"/>; disposing a writer without completing it deletes the temporary file, so a
/// failed or cancelled run never leaves a partial video.
/// </summary>
public interface IFrameWriter : IDisposable
{
    /// <summary>The format being written: size, frame rate, colour space and bit depth.</summary>
    VideoInfo Info { get; }

    /// <summary>Frames written so far.</summary>
    int FramesWritten { get; }

    /// <summary>Appends one frame (not modified, not kept).</summary>
    /// <param name="frame">A frame of <see cref="VideoInfo.Width"/> x <see cref="VideoInfo.Height"/> pixels with one, three or four channels (alpha is dropped).</param>
    /// <param name="cancellationToken">Cancels a blocking write (an ffmpeg encoder is then stopped).</param>
    void WriteFrame(ImageFrame frame, CancellationToken cancellationToken = default);

    /// <summary>Finishes the video (flushes the encoder, muxes audio) and moves it to its destination.</summary>
    /// <exception cref="InvalidMediaException">The encoder failed; the message gives its last error line.</exception>
    void Complete();
}
