using Augment.Splat.Cleaning;

namespace Augment.Splat.Tests.Cleaning;

public class CleaningPresetTests
{
    [Fact]
    public void Presets_are_found_by_name_whatever_the_case_and_unknown_names_are_refused()
    {
        Assert.Same(CleaningPreset.Standard, CleaningPreset.Named("Standard"));
        Assert.Same(CleaningPreset.Strict, CleaningPreset.Named("STRICT"));
        var error = Assert.Throws<ArgumentException>(() => CleaningPreset.Named("gentle"));
        Assert.Contains("gentle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_removes_exactly_the_invisible_splats_and_the_planted_floaters_and_strict_adds_outliers()
    {
        var (cloud, planted) = CleaningScenes.DenseWithFloaters(seed: 5, floaterClusters: 6, isolated: 20);
        // Make every 50th scene splat invisible (alpha 2.5e-4, below 1/255) and one just visible (alpha 0.0045).
        var invisible = new bool[cloud.Count];
        for (var i = 0; i < cloud.Count; i += 50)
        {
            if (planted[i])
                continue;
            cloud.Opacity[i] = -8.3f;
            invisible[i] = true;
        }
        var visible = Array.FindIndex(planted, p => !p) + 1;
        cloud.Opacity[visible] = -5.4f;

        var (clean, report) = cloud.CleanInTest(CleaningPreset.Standard.Options);

        Assert.Equal(["non-finite", "degenerate", "opacity", "floaters"], report.Steps.Select(s => s.Name.Split(' ')[0]));
        Assert.Equal(invisible.Count(x => x), report.Steps[2].Removed);
        Assert.Equal(cloud.Count - invisible.Count(x => x) - planted.Count(x => x), clean.Count);
        Assert.Contains(report.Steps, s => s.Name.StartsWith("floaters", StringComparison.Ordinal) && s.Removed == planted.Count(x => x));
        Assert.Contains(CleaningPreset.Strict.Options.Steps, s => s is StatisticalOutlierStep);
        Assert.DoesNotContain(CleaningPreset.Standard.Options.Steps, s => s is StatisticalOutlierStep);
    }
}
