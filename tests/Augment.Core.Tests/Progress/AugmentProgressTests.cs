using System.Collections.Concurrent;

namespace Augment.Core.Tests.Progress;

public class AugmentProgressTests
{
    [Theory]
    [InlineData(0, 10, 0.0)]
    [InlineData(5, 10, 0.5)]
    [InlineData(10, 10, 1.0)]
    [InlineData(15, 10, 1.0)]
    [InlineData(-3, 10, 0.0)]
    [InlineData(5, 0, 0.0)]
    [InlineData(5, -1, 0.0)]
    public void Items_fraction_is_done_over_total_clamped_to_0_1_and_0_when_total_is_unknown(long done, long total, double fraction)
    {
        var report = AugmentProgress.Items("tiles", done, total);

        Assert.Equal(fraction, report.Fraction);
        Assert.Equal(done, report.ItemsDone);
        Assert.Equal(total, report.ItemsTotal);
        Assert.Equal("tiles", report.Stage);
    }

    [Fact]
    public void ProgressCounter_reports_every_step_from_parallel_workers_exactly_once()
    {
        var reports = new ConcurrentBag<AugmentProgress>();
        var counter = new ProgressCounter(new SynchronousProgress(reports.Add), "frames", 1000);

        counter.Start();
        Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => counter.Step());

        var done = reports.Select(r => r.ItemsDone).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 1001).Select(i => (long)i), done);
        Assert.All(reports, r => Assert.Equal(r.ItemsDone / 1000.0, r.Fraction));
        Assert.Contains(reports, r => r.Fraction == 1.0);
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
