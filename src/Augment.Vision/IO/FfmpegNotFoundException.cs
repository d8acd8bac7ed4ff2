namespace Augment.Vision;

/// <summary>
/// Compressed video needs the ffmpeg and ffprobe programs and they were not found. The message says
/// where the SDK looked and how to install them.
/// </summary>
public class FfmpegNotFoundException : AugmentException
{
    /// <summary>How to make ffmpeg available, as the message gives it.</summary>
    public const string InstallHint =
        "install ffmpeg: apt-get install ffmpeg / brew install ffmpeg / winget install ffmpeg, or set VideoDecodeOptions.FfmpegPath / AUGMENT_FFMPEG";

    /// <summary>Creates an exception with the default message.</summary>
    public FfmpegNotFoundException() : base($"ffmpeg was not found; {InstallHint}.") { }

    /// <summary>Creates an exception with a message.</summary>
    public FfmpegNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public FfmpegNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
