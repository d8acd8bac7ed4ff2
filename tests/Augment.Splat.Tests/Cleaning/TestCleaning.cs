using Augment.Splat.Cleaning;

namespace Augment.Splat.Tests.Cleaning;

/// <summary>Cleaning with the test's cancellation token.</summary>
internal static class TestCleaning
{
    public static CleaningResult CleanInTest(this GaussianCloud cloud, Func<CleaningBuilder, CleaningBuilder> configure, IProgress<AugmentProgress>? progress = null) =>
        cloud.Clean(configure, progress, TestContext.Current.CancellationToken);

    public static CleaningResult CleanInTest(this GaussianCloud cloud, CleaningOptions options) =>
        cloud.Clean(options, null, TestContext.Current.CancellationToken);
}
