namespace Augment.Library.Tests.Ingest;

/// <summary>An IProgress that calls back on the reporting thread (Progress&lt;T&gt; posts later, too late to cancel from).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
