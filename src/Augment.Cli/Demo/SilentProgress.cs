namespace Augment.Cli.Demo;

/// <summary>Discards progress reports; the default sink before the runner assigns a bar.</summary>
internal sealed class SilentProgress : IProgress<AugmentProgress>
{
    public static SilentProgress Instance { get; } = new();

    public void Report(AugmentProgress value) { }
}
