using System.Diagnostics;
using Augment.Splat.Training;
using TorchSharp;

namespace Augment.Splat.Training.TorchTests.Native;

/// <summary>
/// Paths of <see cref="TorchSharpRuntime"/> that need a fresh process (torch initialises once per process): a child
/// process runs this test binary from a copy of the output folder holding the pristine native library.
/// </summary>
public sealed class ReadOnlyOutputTests
{
    private const string ChildVariable = "AUGMENT_TORCH_TEST_CHILD";

    [Fact]
    public async Task With_the_output_left_untouched_a_patched_copy_in_the_cache_folder_is_loaded_and_torch_works()
    {
        Tool.SkipUnlessLinux();
        var pristine = NativeFiles.PristineTorchSharp();
        var host = HostCxxRuntime.Locate();
        Assert.SkipWhen(host is null || HostCxxRuntime.VersionsOf(host).Contains("GLIBCXX_3.4.32"),
            "this host's libstdc++ defines GLIBCXX_3.4.32, so TorchSharp loads unpatched and there is no cache path to test.");
        var app = CopyOutput(pristine, withLibtorch: true);
        try
        {
            var cache = Path.Combine(app, "cache");
            await RunChild(app, "cache", cache);
            var patched = Directory.GetFiles(cache, "libLibTorchSharp-*.so");
            Assert.Single(patched);
            Assert.Contains(ElfVersions.ReadNeeds(File.ReadAllBytes(patched[0]), patched[0]), n => n.Name == "GLIBCXX_3.4.32" && n.IsWeak);
            // The output folder's copy was not touched.
            Assert.Equal(File.ReadAllBytes(pristine), File.ReadAllBytes(Path.Combine(app, "runtimes", "linux-x64", "native", TorchSharpRuntime.NativeFileName)));
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_libtorch_package_EnsureLoaded_says_which_package_to_reference()
    {
        Tool.SkipUnlessLinux();
        var pristine = NativeFiles.PristineTorchSharp();
        var app = CopyOutput(pristine, withLibtorch: false);
        try
        {
            await RunChild(app, "nolibtorch", Path.Combine(app, "cache"));
            Assert.False(Directory.Exists(Path.Combine(app, "cache")));
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    [Fact]
    public void Child_process_checks()
    {
        var mode = Environment.GetEnvironmentVariable(ChildVariable);
        Assert.SkipWhen(mode is null, "runs only as the child process of the other tests of this class.");
        if (mode == "cache")
        {
            TorchSharpRuntime.EnsureLoaded(null, preferCache: true);
            Assert.Equal(TorchNativeFix.PatchedCopyInCache, TorchSharpRuntime.Fix);
            using var ones = torch.ones(3);
            Assert.Equal(3f, ones.sum().item<float>());
        }
        else
        {
            var error = Assert.Throws<TorchRuntimeException>(() => TorchSharpRuntime.EnsureLoaded(null, preferCache: true));
            Assert.Contains("libtorch-cpu-linux-x64", error.Message);
            Assert.Contains("no libtorch package", error.Message);
        }
    }

    /// <summary>The output folder's files, natives by symbolic link (libtorch is ~600 MB) except TorchSharp's own library, a pristine copy.</summary>
    private static string CopyOutput(string pristine, bool withLibtorch)
    {
        var app = NativeFiles.TempFolder();
        var source = AppContext.BaseDirectory;
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(app, "Augment.Splat.Training.TorchTests"), File.GetUnixFileMode(Path.Combine(source, "Augment.Splat.Training.TorchTests")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(source, "runtimes"), "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            var target = Path.Combine(app, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (name == TorchSharpRuntime.NativeFileName)
                File.Copy(pristine, target);
            else if (withLibtorch || !(name.StartsWith("libtorch", StringComparison.Ordinal) || name.StartsWith("libc10", StringComparison.Ordinal)))
                File.CreateSymbolicLink(target, file);
        }
        return app;
    }

    private static async Task RunChild(string app, string mode, string cache)
    {
        var start = new ProcessStartInfo(Path.Combine(app, "Augment.Splat.Training.TorchTests"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = app,
        };
        start.ArgumentList.Add("-method");
        start.ArgumentList.Add("*" + nameof(Child_process_checks));
        start.Environment[ChildVariable] = mode;
        start.Environment[TorchSharpRuntime.CacheDirectoryVariable] = cache;
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(3));
        await child.WaitForExitAsync(limit.Token);
        var stdout = await output;
        var stderr = await errors;
        Assert.True(child.ExitCode == 0 && stdout.Contains("Failed: 0", StringComparison.Ordinal) && stdout.Contains("Skipped: 0", StringComparison.Ordinal)
            && stdout.Contains("Total: 1", StringComparison.Ordinal), $"child ({mode}) exit {child.ExitCode}: {stdout} {stderr}");
    }
}
