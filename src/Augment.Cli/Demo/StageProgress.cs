namespace Augment.Cli.Demo;

/// <summary>
/// Maps an SDK operation's progress (0..1) onto a slice of the running step's bar, and remembers how
/// many items (tiles, chunks) the operation reported, for the results table.
/// </summary>
internal sealed class StageProgress : IProgress<AugmentProgress>
{
    private readonly IProgress<AugmentProgress> _outer;
    private readonly double _from;
    private readonly double _to;
    private long _itemsTotal;

    /// <param name="outer">The step's progress.</param>
    /// <param name="from">Where on the step's bar this operation starts (0..1).</param>
    /// <param name="to">Where it ends (0..1).</param>
    public StageProgress(IProgress<AugmentProgress> outer, double from, double to)
    {
        ArgumentNullException.ThrowIfNull(outer);
        _outer = outer;
        _from = from;
        _to = to;
    }

    /// <summary>Items in the operation, as last reported (0 when it never said).</summary>
    public long ItemsTotal => Interlocked.Read(ref _itemsTotal);

    public void Report(AugmentProgress value)
    {
        if (value.ItemsTotal > 0) Interlocked.Exchange(ref _itemsTotal, value.ItemsTotal);
        _outer.Report(value with { Fraction = _from + (_to - _from) * Math.Clamp(value.Fraction, 0, 1) });
    }
}
