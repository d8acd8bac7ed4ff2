namespace Augment.Cli.Tests.Commands;

public class CliAppTests
{
    [Fact]
    public void Error_messages_are_folded_onto_one_line()
    {
        Assert.Equal("Model 'x.onnx': input 'a' has rank 3, expected 4", CliApp.OneLine("Model 'x.onnx':\n  input 'a' has rank 3,\r\n  expected 4\n"));
        Assert.Equal("(no message)", CliApp.OneLine("  \n"));
    }

    [Fact]
    public async Task Verb_help_lists_its_options_and_exits_0()
    {
        var result = await CliRunner.RunAsync("demo", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--output", result.Output, StringComparison.Ordinal);
        Assert.Contains("--size", result.Output, StringComparison.Ordinal);
        Assert.Contains("--verbose", result.Output, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }
}
