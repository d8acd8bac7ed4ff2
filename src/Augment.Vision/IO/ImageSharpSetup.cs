using SixLabors.ImageSharp;

namespace Augment.Vision;

/// <summary>ImageSharp configurations that honour a <see cref="ComputeBudget"/>'s thread count.</summary>
internal static class ImageSharpSetup
{
    public static Configuration For(ComputeBudget budget)
    {
        if (budget.MaxThreads == Configuration.Default.MaxDegreeOfParallelism)
            return Configuration.Default;
        var configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = budget.MaxThreads;
        return configuration;
    }
}
