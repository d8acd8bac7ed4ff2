namespace Augment.Vision;

/// <summary>
/// Combines per-input progress of a batch into one report: inputs done, and an overall fraction that
/// counts partly graded clips. Thread-safe; reports are serialised.
/// </summary>
internal sealed class BatchProgress(IProgress<AugmentProgress>? progress, int total)
{
    private readonly double[] _fractions = new double[total];
    private readonly Lock _gate = new();
    private int _done;

    public void Report()
    {
        if (progress is null)
            return;
        lock (_gate)
        {
            var sum = 0.0;
            foreach (var fraction in _fractions)
                sum += fraction;
            progress.Report(new AugmentProgress("grade", total == 0 ? 1.0 : sum / total, _done, total));
        }
    }

    /// <summary>A progress sink for input <paramref name="index"/> (null when nobody listens).</summary>
    public IProgress<AugmentProgress>? ForItem(int index) =>
        progress is null ? null : new ItemSink(this, index);

    public void Done(int index)
    {
        lock (_gate)
        {
            _fractions[index] = 1.0;
            _done++;
        }
        Report();
    }

    private void Update(int index, double fraction)
    {
        lock (_gate)
            _fractions[index] = Math.Clamp(fraction, 0.0, 1.0);
        Report();
    }

    /// <summary>Forwards an input's progress in steps of at least 1 %, so per-frame reports of long clips stay cheap.</summary>
    private sealed class ItemSink(BatchProgress owner, int index) : IProgress<AugmentProgress>
    {
        private double _last = -1;

        public void Report(AugmentProgress value)
        {
            if (value.Fraction < 1.0 && value.Fraction - _last < 0.01)
                return;
            _last = value.Fraction;
            owner.Update(index, value.Fraction);
        }
    }
}
