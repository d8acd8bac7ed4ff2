using Augment.Splat.Cleaning;
using Augment.Splat.Spatial;

namespace Augment.Splat.Tests.Cleaning;

public class NeighbourhoodCleaningTests
{
    private static bool[] Survivors(GaussianCloud cloud, GaussianCloud clean)
    {
        // Positions are distinct in these scenes: identify survivors by their x coordinate and index order.
        var kept = new bool[cloud.Count];
        var j = 0;
        for (var i = 0; i < cloud.Count && j < clean.Count; i++)
        {
            if (cloud.X[i] == clean.X[j] && cloud.Y[i] == clean.Y[j] && cloud.Z[i] == clean.Z[j])
            {
                kept[i] = true;
                j++;
            }
        }
        Assert.Equal(clean.Count, j);
        return kept;
    }

    [Fact]
    public void Outlier_removal_drops_exactly_the_planted_isolated_splats()
    {
        var (cloud, planted) = CleaningScenes.DenseWithFloaters(seed: 1, floaterClusters: 0, isolated: 20);

        var (clean, report) = cloud.CleanInTest(c => c.RemoveOutliers(k: 16, stdDevs: 2));

        var kept = Survivors(cloud, clean);
        for (var i = 0; i < cloud.Count; i++)
            Assert.True(kept[i] != planted[i], $"splat {i} (planted {planted[i]}) was {(kept[i] ? "kept" : "removed")}");
        Assert.Equal(20, report.Steps[0].Removed);
    }

    [Fact]
    public void Outlier_removal_matches_a_brute_force_PCL_statistic()
    {
        var cloud = CleaningScenes.Random(1500, 2);
        var random = new Random(4);
        for (var i = 0; i < 30; i++)
        {
            var j = random.Next(cloud.Count);
            cloud.X[j] += ((float)random.NextDouble() - 0.5f) * 4;
        }
        var x = cloud.X.ToArray();
        var y = cloud.Y.ToArray();
        var z = cloud.Z.ToArray();

        // Reference: mean distance to the 8 nearest by brute force, mean and sample sigma in double.
        var mean = BruteForceKnn.MeanNeighbourDistances(x, y, z, 8);
        var mu = mean.Average(d => (double)d);
        var sigma = Math.Sqrt(mean.Sum(d => (d - mu) * (d - mu)) / (mean.Length - 1));
        var threshold = mu + (1.0 * sigma);
        var expectedKeep = mean.Select(d => d <= threshold).ToArray();

        var (clean, report) = cloud.CleanInTest(c => c.RemoveOutliers(k: 8, stdDevs: 1));

        Assert.Equal(expectedKeep.Count(k => !k), report.Steps[0].Removed);
        Assert.Equal(expectedKeep, Survivors(cloud, clean));
        Assert.InRange(report.Steps[0].Removed, 20, 400);
    }

    [Fact]
    public void Floater_removal_drops_exactly_the_small_far_clusters_and_keeps_both_dense_ones()
    {
        var (cloud, planted) = CleaningScenes.DenseWithFloaters(seed: 3, floaterClusters: 12, isolated: 8);

        var (clean, report) = cloud.CleanInTest(c => c.RemoveFloaters());

        var kept = Survivors(cloud, clean);
        for (var i = 0; i < cloud.Count; i++)
            Assert.True(kept[i] != planted[i], $"splat {i} (planted {planted[i]}) was {(kept[i] ? "kept" : "removed")}");
        Assert.Equal((12 * 6) + 8, report.Steps[0].Removed);
    }

    [Fact]
    public void Floater_removal_with_a_splat_count_floor_and_a_fixed_voxel_keeps_big_enough_clusters()
    {
        var (cloud, planted) = CleaningScenes.DenseWithFloaters(seed: 5, floaterClusters: 5, isolated: 5);

        // Fraction off; clusters of 6 survive a floor of 5 splats, singles do not.
        var (clean, _) = cloud.CleanInTest(c => c.RemoveFloaters(voxelSize: 0.2f, minFractionOfLargest: 0, minSplats: 5));

        var kept = Survivors(cloud, clean);
        Assert.Equal(cloud.Count - 5, clean.Count);
        for (var i = 0; i < 8000 + 30; i++)
            Assert.True(kept[i]);
        Assert.DoesNotContain(true, kept.AsSpan(8030).ToArray());
        Assert.True(planted[8000]);
    }

    [Fact]
    public void Opacity_weighting_drops_a_big_but_faint_cluster()
    {
        var (cloud, _) = CleaningScenes.DenseWithFloaters(seed: 6, floaterClusters: 0, isolated: 0);
        // The second cube becomes nearly transparent haze: 4000 splats of alpha ~0.0025 weigh ~10 against ~2900.
        for (var i = 4000; i < 8000; i++)
            cloud.Opacity[i] = -6;

        var byCount = cloud.CleanInTest(c => c.RemoveFloaters()).Cloud;
        var (byOpacity, report) = cloud.CleanInTest(c => c.RemoveFloaters(weightByOpacity: true));

        Assert.Equal(8000, byCount.Count);
        Assert.Equal(4000, byOpacity.Count);
        Assert.Equal(cloud.X[..4000].ToArray(), byOpacity.X.ToArray());
        Assert.Contains("by opacity", report.Steps[0].Name, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_centres_are_removed_by_neighbourhood_steps()
    {
        var (cloud, _) = CleaningScenes.DenseWithFloaters(seed: 7, floaterClusters: 0, isolated: 0);
        cloud.Y[17] = float.NaN;
        cloud.Z[4017] = float.PositiveInfinity;

        var keep = new bool[cloud.Count];
        keep.AsSpan().Fill(true);
        keep[17] = keep[4017] = false;
        var finite = cloud.Where(keep);

        // Without their centres the two splats take no part: the result is that of the cloud without them.
        Assert.Equal(finite.CleanInTest(c => c.RemoveOutliers()).Cloud.X.ToArray(), cloud.CleanInTest(c => c.RemoveOutliers()).Cloud.X.ToArray());
        Assert.Equal(7998, cloud.CleanInTest(c => c.RemoveFloaters()).Cloud.Count);
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var (cloud, _) = CleaningScenes.DenseWithFloaters(seed: 8, floaterClusters: 6, isolated: 30);
        var one = cloud.CleanInTest(c => c.WithBudget(ComputeBudget.SingleThreaded).MinOpacity(0.1f).RemoveOutliers(12, 1.5f).RemoveFloaters()).Cloud;
        var four = cloud.CleanInTest(c => c.WithBudget(new ComputeBudget { MaxThreads = 4 }).MinOpacity(0.1f).RemoveOutliers(12, 1.5f).RemoveFloaters()).Cloud;
        var again = cloud.CleanInTest(c => c.WithBudget(new ComputeBudget { MaxThreads = 4 }).MinOpacity(0.1f).RemoveOutliers(12, 1.5f).RemoveFloaters()).Cloud;

        Assert.Equal(one.X.ToArray(), four.X.ToArray());
        Assert.Equal(one.Z.ToArray(), four.Z.ToArray());
        Assert.Equal(four.X.ToArray(), again.X.ToArray());
    }

    [Fact]
    public void A_cancelled_token_stops_the_run()
    {
        var (cloud, _) = CleaningScenes.DenseWithFloaters(seed: 9, floaterClusters: 2, isolated: 2);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => cloud.Clean(c => c.RemoveOutliers().RemoveFloaters(), cancellationToken: cancel.Token));
    }

    [Fact]
    public void Cancelling_from_progress_stops_before_the_next_step()
    {
        var (cloud, _) = CleaningScenes.DenseWithFloaters(seed: 10, floaterClusters: 2, isolated: 2);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.ItemsDone == 1)
                cancel.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => cloud.Clean(c => c.RemoveNonFinite().RemoveOutliers().RemoveFloaters(), progress, cancel.Token));
        Assert.Equal([0L, 1L], progress.Reports.Select(r => r.ItemsDone));
    }

    [Fact]
    public void Progress_reports_each_finished_step()
    {
        var cloud = CleaningScenes.Random(500, 11);
        var progress = new SynchronousProgress(_ => { });

        cloud.CleanInTest(c => c.RemoveNonFinite().RemoveDegenerate().RemoveOutliers(), progress);

        Assert.Equal([0L, 1L, 2L, 3L], progress.Reports.Select(r => r.ItemsDone));
        Assert.All(progress.Reports, r => Assert.Equal(3, r.ItemsTotal));
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }

    [Fact]
    public void A_memory_budget_too_small_for_the_index_fails_with_a_resource_limit()
    {
        var cloud = GaussianCloud.Create(100_000);
        var random = new Random(1);
        for (var i = 0; i < cloud.Count; i++)
            cloud.X[i] = (float)random.NextDouble();

        Assert.Throws<ResourceLimitException>(() => cloud.CleanInTest(c => c.WithBudget(new ComputeBudget { MaxMemoryBytes = 1 << 20 }).RemoveOutliers()));
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> onReport) : IProgress<AugmentProgress>
    {
        public List<AugmentProgress> Reports { get; } = [];

        public void Report(AugmentProgress value)
        {
            Reports.Add(value);
            onReport(value);
        }
    }
}
