namespace Augment.Library;

/// <summary>An analyser threw while a scan handed it an asset; the file is recorded as failed with this message.</summary>
internal sealed class AnalyzerException(string message, Exception innerException) : AugmentException(message, innerException);
