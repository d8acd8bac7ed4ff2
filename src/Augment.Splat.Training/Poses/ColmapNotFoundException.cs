namespace Augment.Splat.Training;

/// <summary>The colmap program was not found where the options, <c>AUGMENT_COLMAP</c> or PATH point. The message says where it looked and how to install it.</summary>
public class ColmapNotFoundException : AugmentException
{
    /// <summary>How to make colmap available, as the message gives it.</summary>
    public const string InstallHint =
        "install COLMAP (apt-get install colmap / brew install colmap / https://colmap.github.io/install.html), or point the ColmapPath option or the "
        + ColmapRunner.EnvironmentVariable + " environment variable at the executable or its folder";

    /// <summary>Creates an exception with the default message.</summary>
    public ColmapNotFoundException() : base($"colmap was not found; {InstallHint}.") { }

    /// <summary>Creates an exception with a message.</summary>
    public ColmapNotFoundException(string message) : base(message) { }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    public ColmapNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
