namespace Augment.Library;

/// <summary>A file a scan could not index, and why.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Error">What went wrong, in words (also recorded in the index).</param>
public sealed record ScanFailure(string Path, string Error);
