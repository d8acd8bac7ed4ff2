using Augment.Cli.Demo.Steps;

namespace Augment.Cli.Demo;

/// <summary>
/// The steps of <c>augment demo</c>, in order. A new capability adds its headline step here; steps
/// share the generated media through <see cref="DemoContext"/>.
/// </summary>
internal static class DemoSteps
{
    public static IReadOnlyList<IDemoStep> Default() =>
    [
        new TestImageStep(),
        new SharpenTiledStep(),
        new UpscaleTiledStep(),
        new LutGradeStep(),
        new ColorMatchStep(),
        new RestorationStep(),
        new LibraryStep(),
        new AudioGainChunkedStep(),
        new VoiceCleanStep(),
        new StemsStep(),
        new SplatSceneStep(),
        new SplatTrainStep(),
        new CredentialsStep(),
        new DeviceSummaryStep(),
    ];
}
