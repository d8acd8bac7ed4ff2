namespace Augment.Core.Tests.Models;

/// <summary>Records progress reports synchronously (Progress&lt;T&gt; would post them later), optionally acting on each.</summary>
internal sealed class ProgressRecorder(Action<AugmentProgress>? onReport = null) : IProgress<AugmentProgress>
{
    private readonly List<AugmentProgress> _reports = [];

    public IReadOnlyList<AugmentProgress> Reports
    {
        get
        {
            lock (_reports) return [.. _reports];
        }
    }

    public void Report(AugmentProgress value)
    {
        lock (_reports) _reports.Add(value);
        onReport?.Invoke(value);
    }
}
