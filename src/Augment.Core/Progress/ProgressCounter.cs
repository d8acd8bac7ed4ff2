namespace Augment;

/// <summary>
/// Thread-safe item counter that turns completions on parallel workers into
/// <see cref="AugmentProgress"/> reports.
/// </summary>
internal sealed class ProgressCounter(IProgress<AugmentProgress>? progress, string stage, long total)
{
    private long _done;

    public void Start() => progress?.Report(AugmentProgress.Items(stage, 0, total));

    public void Step(long count = 1)
    {
        var done = Interlocked.Add(ref _done, count);
        progress?.Report(AugmentProgress.Items(stage, done, total));
    }
}
