namespace Augment;

/// <summary>
/// A file needs the ffmpeg (or ffprobe) program and it was not found. The message says where the SDK
/// looked (the configured path, the <c>AUGMENT_FFMPEG</c> environment variable, the PATH) and how to
/// install it.
/// </summary>
public class FfmpegNotFoundException : AugmentException
{
    /// <summary>How to make ffmpeg available, as the message gives it.</summary>
    public const string InstallHint =
        "install ffmpeg: apt-get install ffmpeg / brew install ffmpeg / winget install ffmpeg, or point the FfmpegPath option or the "
        + FfmpegLocator.EnvironmentVariable + " environment variable at the executable or its folder";

    /// <summary>Creates an exception with the default message.</summary>
    public FfmpegNotFoundException() : base($"ffmpeg was not found; {InstallHint}.") { }

    /// <summary>Creates an exception with a message.</summary>
    public FfmpegNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public FfmpegNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
