namespace Augment.Library;

/// <summary>A file a scan could not read, recorded so that the failure is visible and the file retried when it changes.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="SizeBytes">File size when tried (0 when the file vanished).</param>
/// <param name="ModifiedUtc">Last write time when tried.</param>
/// <param name="Error">What went wrong, in words.</param>
public sealed record AssetFailure(string Path, long SizeBytes, DateTime ModifiedUtc, string Error);
