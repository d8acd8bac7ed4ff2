namespace Augment.Cli;

/// <summary>Process exit codes, following the shell conventions scripts already test for.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed for a reason the error line explains (bad media, missing file, ...).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: unknown verb, bad option value.</summary>
    public const int Usage = 2;

    /// <summary>A bug: an exception the CLI did not expect (sysexits.h EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
