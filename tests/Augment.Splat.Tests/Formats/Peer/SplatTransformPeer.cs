using Augment.Testing;

namespace Augment.Splat.Tests.Formats.Peer;

/// <summary>
/// Runs <c>@playcanvas/splat-transform</c> 3.7.0 (installed by <c>.ci/run</c> into <c>AUGMENT_SPLAT_TRANSFORM_MODULES</c>,
/// default <c>$TMPDIR/augment-splat-transform</c>, with <c>npm install @playcanvas/splat-transform@3.7.0</c>) through node.
/// Tests call <see cref="SkipUnlessInstalled"/> first and skip with the reason when node or the module is missing.
/// </summary>
internal static class SplatTransformPeer
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private static readonly Lazy<(string? Cli, string? Missing)> Located = new(Locate);

    public static void SkipUnlessInstalled() => Assert.SkipWhen(Located.Value.Missing is not null, Located.Value.Missing ?? "");

    /// <summary>Runs the CLI with <paramref name="arguments"/> (overwriting outputs); fails the test on a non-zero exit.</summary>
    public static void Run(params string[] arguments)
    {
        var (exit, output, errors) = ToolProcess.Execute("node", [Located.Value.Cli!, "-w", .. arguments], Limit);
        Assert.True(exit == 0, $"splat-transform {string.Join(' ', arguments)} failed ({exit}): {errors}{output}");
    }

    private static (string?, string?) Locate()
    {
        var modules = Environment.GetEnvironmentVariable("AUGMENT_SPLAT_TRANSFORM_MODULES") ?? Path.Combine(Path.GetTempPath(), "augment-splat-transform");
        var cli = Path.Combine(modules, "node_modules", "@playcanvas", "splat-transform", "bin", "cli.mjs");
        if (!File.Exists(cli))
            return (null, $"@playcanvas/splat-transform is not installed in {modules} (set AUGMENT_SPLAT_TRANSFORM_MODULES or run `npm install @playcanvas/splat-transform@3.7.0` there); the side-by-side check is skipped.");
        try
        {
            // It prints its version on standard error.
            var (exit, output, errors) = ToolProcess.Execute("node", [cli, "--version"], TimeSpan.FromMinutes(1));
            output += errors;
            return exit == 0 && output.Contains("3.7.0", StringComparison.Ordinal)
                ? (cli, null)
                : (null, $"{cli} did not report version 3.7.0 ({output.Trim()}); the side-by-side check is skipped.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (null, "node is not installed; the side-by-side check with splat-transform is skipped.");
        }
    }
}
