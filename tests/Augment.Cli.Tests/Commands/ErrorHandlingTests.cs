using Augment.Cli.Demo;

namespace Augment.Cli.Tests.Commands;

public class ErrorHandlingTests
{
    [Fact]
    public async Task Unknown_verb_exits_2_with_one_error_line_naming_it()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("'frobnicate'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Output + result.Error, StringComparison.Ordinal); // no wall of help
    }

    [Theory]
    [InlineData("12x")]
    [InlineData("1024")]
    [InlineData("10x10")]
    [InlineData("100000x100")]
    public async Task Bad_size_value_exits_2_with_one_error_line_about_size(string size)
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync("demo", "--output", folder.Path, "--size", size);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: --size:", line, StringComparison.Ordinal);
        Assert.Contains("augment demo --help", line, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path)); // nothing ran
    }

    [Fact]
    public async Task Unknown_option_exits_2_with_one_error_line()
    {
        var result = await CliRunner.RunAsync("device", "--colour");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("'--colour'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_demo_step_is_reported_as_one_line_naming_the_step_and_exits_1()
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync(["demo", "--output", folder.Path], () => [new FailingStep()], CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal("error: demo step 'broken' failed: clip.wav: offset 44: data chunk is truncated", line);
    }

    [Fact]
    public async Task Verbose_adds_the_exception_type_and_stack_trace()
    {
        using var folder = new TempFolder();
        var result = await CliRunner.RunAsync(["demo", "--verbose", "--output", folder.Path], () => [new FailingStep()], CancellationToken.None);

        Assert.Equal(1, result.ExitCode);
        Assert.True(result.ErrorLines.Length > 3, result.Error);
        Assert.Equal("error: demo step 'broken' failed: clip.wav: offset 44: data chunk is truncated", result.ErrorLines[0]);
        Assert.Equal($"exception: {typeof(DemoStepException).FullName} <- {typeof(InvalidMediaException).FullName}", result.ErrorLines[1]);
        Assert.Contains(nameof(FailingStep.RunAsync), result.Error, StringComparison.Ordinal); // a stack frame
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_is_one_error_line_and_exit_1()
    {
        using var folder = new TempFolder();
        var file = folder.File("not-a-folder");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);

        var result = await CliRunner.RunAsync("demo", "--output", file, "--size", "64x64");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_exits_130_without_finishing_the_demo()
    {
        using var folder = new TempFolder();
        using var cancellation = new CancellationTokenSource();
        var steps = () => (IReadOnlyList<IDemoStep>)[new CancellingStep(cancellation), new FailingStep()];

        var result = await CliRunner.RunAsync(["demo", "--output", folder.Path], steps, cancellation.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("error: cancelled.", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Bare_augment_prints_help_and_exits_0()
    {
        var result = await CliRunner.RunAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("device", result.Output, StringComparison.Ordinal);
        Assert.Contains("demo", result.Output, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    private sealed class FailingStep : IDemoStep
    {
        public string Name => "broken";

        public Task<DemoStepResult> RunAsync(DemoContext context) =>
            throw new InvalidMediaException("clip.wav: offset 44: data chunk is truncated");
    }

    /// <summary>Presses "Ctrl+C" while running; the next step must never run.</summary>
    private sealed class CancellingStep(CancellationTokenSource cancellation) : IDemoStep
    {
        public string Name => "interrupted";

        public async Task<DemoStepResult> RunAsync(DemoContext context)
        {
            await cancellation.CancelAsync();
            context.CancellationToken.ThrowIfCancellationRequested();
            return new DemoStepResult(Name, "", "", []);
        }
    }
}
