namespace Augment.Core.Tests.Tools;

/// <summary>
/// Where the SDK finds ffmpeg and ffprobe. The environment is passed to the internal overload as a dictionary,
/// so no test changes the process's PATH or AUGMENT_FFMPEG; the executables are empty scripts in a temporary folder.
/// </summary>
public sealed class FfmpegLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "augment-locator-" + Guid.NewGuid().ToString("N"));

    public FfmpegLocatorTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_first_executable_on_PATH_is_found_and_a_non_executable_file_before_it_is_passed_over()
    {
        var empty = Folder("empty");
        var document = Folder("document");
        File.WriteAllText(Path.Combine(document, "ffmpeg"), "not a program");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(document, "ffmpeg"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var tools = Folder("tools");
        var ffmpeg = Executable(tools, "ffmpeg");
        var later = Executable(Folder("later"), "ffmpeg");

        var found = FfmpegLocator.Find("ffmpeg", null, Environment(path: [empty, document, tools, Path.GetDirectoryName(later)!]), null);

        if (OperatingSystem.IsWindows())
            Assert.Equal(Path.Combine(document, "ffmpeg"), found); // no execute bit to check there
        else
            Assert.Equal(ffmpeg, found);
    }

    [Fact]
    public void AUGMENT_FFMPEG_naming_a_file_wins_over_PATH_and_ffprobe_is_taken_beside_it()
    {
        var onPath = Folder("path");
        Executable(onPath, "ffmpeg");
        Executable(onPath, "ffprobe");
        var chosen = Folder("chosen");
        var ffmpeg = Executable(chosen, "ffmpeg");
        var ffprobe = Executable(chosen, "ffprobe");
        var environment = Environment(variable: ffmpeg, path: [onPath]);

        Assert.Equal(ffmpeg, FfmpegLocator.Find("ffmpeg", null, environment, null));
        Assert.Equal(ffprobe, FfmpegLocator.Find("ffprobe", null, environment, null));
        // The variable may also name the folder.
        Assert.Equal(ffprobe, FfmpegLocator.Find("ffprobe", null, Environment(variable: chosen, path: [onPath]), null));
    }

    [Fact]
    public void A_configured_path_wins_over_AUGMENT_FFMPEG()
    {
        var fromVariable = Executable(Folder("variable"), "ffmpeg");
        var configured = Executable(Folder("configured"), "ffmpeg");

        Assert.Equal(configured, FfmpegLocator.Find("ffmpeg", configured, Environment(variable: fromVariable), null));
    }

    [Fact]
    public void AUGMENT_FFMPEG_naming_a_missing_file_is_a_typed_error_naming_the_variable_even_with_ffmpeg_on_PATH()
    {
        var onPath = Folder("path");
        Executable(onPath, "ffmpeg");
        var missing = Path.Combine(_root, "typo", "ffmpg");

        var error = Assert.Throws<FfmpegNotFoundException>(() => FfmpegLocator.Require("ffmpeg", null, Environment(variable: missing, path: [onPath])));

        Assert.IsAssignableFrom<AugmentException>(error);
        Assert.Contains($"AUGMENT_FFMPEG = '{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
        Assert.Null(FfmpegLocator.Find("ffmpeg", null, Environment(variable: missing, path: [onPath]), null));
    }

    [Fact]
    public void Nothing_on_PATH_gives_null_from_Find_and_an_error_naming_PATH_and_the_install_step_from_Require()
    {
        var environment = Environment(path: [Folder("a"), Folder("b")]);

        Assert.Null(FfmpegLocator.Find("ffprobe", null, environment, null));
        var error = Assert.Throws<FfmpegNotFoundException>(() => FfmpegLocator.Require("ffprobe", null, environment));
        Assert.StartsWith("ffprobe was not found (looked at PATH)", error.Message, StringComparison.Ordinal);
        Assert.Contains(FfmpegLocator.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cached_executable_that_disappears_is_looked_up_again()
    {
        var first = Folder("first");
        var second = Folder("second");
        var gone = Executable(first, "ffmpeg");
        var other = Executable(second, "ffmpeg");
        var environment = Environment(path: [first, second]);
        Assert.Equal(gone, FfmpegLocator.Find("ffmpeg", null, environment, null));

        File.Delete(gone);

        Assert.Equal(other, FfmpegLocator.Find("ffmpeg", null, environment, null));
    }

    [Fact]
    public void The_public_lookup_with_a_missing_configured_path_throws_without_touching_PATH()
    {
        var missing = Path.Combine(_root, "no-such-ffmpeg");

        var error = Assert.Throws<FfmpegNotFoundException>(() => FfmpegLocator.RequireFfmpeg(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PATH,", error.Message, StringComparison.Ordinal);
        Assert.Null(FfmpegLocator.FindFfprobe(missing));
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private static string Executable(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static Func<string, string?> Environment(string? variable = null, string[]? path = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [FfmpegLocator.EnvironmentVariable] = variable,
            ["PATH"] = path is null ? "" : string.Join(Path.PathSeparator, path),
        };
        return name => values.GetValueOrDefault(name);
    }
}
