using Augment.Splat;

namespace Augment.Cli.Tests.Commands;

public class SplatConvertCommandTests
{
    [Fact]
    public async Task Ply_to_ascii_ply_keeps_every_value()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.ply");
        var cloud = SplatInfoCommandTests.KnownCloud();
        cloud.Save(input, cancellationToken: TestContext.Current.CancellationToken);
        var output = folder.File("sub/out.ply");

        var result = await CliRunner.RunAsync("splat", "convert", input, output, "--ascii");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.StartsWith("ply\nformat ascii", File.ReadAllText(output), StringComparison.Ordinal);
        var back = GaussianCloud.Load(output, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(cloud.X.ToArray(), back.X.ToArray());
        Assert.Equal(cloud.Opacity.ToArray(), back.Opacity.ToArray());
        Assert.Equal(cloud.ExtraNames, back.ExtraNames);
        Assert.Contains("3 splats", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ply_to_splat_takes_the_format_from_the_extension()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.ply");
        SplatInfoCommandTests.KnownCloud().Save(input, cancellationToken: TestContext.Current.CancellationToken);
        var output = folder.File("out.splat");

        var result = await CliRunner.RunAsync("splat", "convert", input, output);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(96, new FileInfo(output).Length);
        Assert.Equal(SplatFormat.Splat, SplatFile.DetectFormat(output));
        Assert.Contains("-> " + output + " (splat)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_output_extension_fails_and_writes_nothing()
    {
        using var folder = new TempFolder();
        var input = folder.File("in.ply");
        SplatInfoCommandTests.KnownCloud().Save(input, cancellationToken: TestContext.Current.CancellationToken);
        var output = folder.File("out.obj");

        var result = await CliRunner.RunAsync("splat", "convert", input, output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(File.Exists(output));
    }
}
