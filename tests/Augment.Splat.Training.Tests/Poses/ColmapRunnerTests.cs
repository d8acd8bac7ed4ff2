using System.Diagnostics;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Poses;

/// <summary>
/// The process wrapper against a fake colmap (a shell script that logs its arguments and environment, prints COLMAP 3.8's
/// log lines and writes a model where the mapper would), so that every path runs without COLMAP installed.
/// </summary>
public class ColmapRunnerTests
{
    [Fact]
    public void Log_lines_of_each_step_give_items_done()
    {
        Assert.Equal((3L, 24L), ColmapLog.Parse("feature_extractor", "Processed file [3/24]"));
        Assert.Equal((5L, 9L), ColmapLog.Parse("exhaustive_matcher", "Matching block [2/3, 2/3] in 0.512s"));
        Assert.Equal((7L, 30L), ColmapLog.Parse("sequential_matcher", "Matching image [7/30] in 0.1s"));
        Assert.Equal((12L, 0L), ColmapLog.Parse("mapper", "Registering image #17 (12)"));
        Assert.Null(ColmapLog.Parse("mapper", "Processed file [3/24]"));
        Assert.Null(ColmapLog.Parse("feature_extractor", "  Name:            frame_0003.png"));
    }

    [Fact]
    public void Locating_colmap_honours_the_option_then_the_variable_then_PATH_and_reports_where_it_looked()
    {
        using var folder = PosesSamples.Folder();
        var bin = folder.Sub("bin");
        var fake = FakeColmap(bin, "exit 0");
        Assert.Equal(fake, ColmapRunner.Find(bin, _ => null, null));
        Assert.Equal(fake, ColmapRunner.Find(null, v => v == ColmapRunner.EnvironmentVariable ? fake : null, null));
        Assert.Equal(fake, ColmapRunner.Find(null, v => v == "PATH" ? "/nonexistent:" + bin : null, null));
        // A configured path that names nothing stops the search there, even though PATH has colmap.
        var e = Assert.Throws<ColmapNotFoundException>(() => ColmapRunner.Require(Path.Combine(folder.Path, "typo"), v => v == "PATH" ? bin : null));
        Assert.Contains("ColmapPath option", e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install colmap", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ColmapNotFoundException>(() => ColmapRunner.Require(null, v => v == "PATH" ? "/nonexistent" : null));
        Assert.Contains("PATH", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_passes_CPU_options_reports_progress_and_returns_the_largest_model()
    {
        SkipOnWindows();
        using var folder = PosesSamples.Folder();
        var images = ImageFolder(folder, 4);
        var model = folder.Sub("model");
        PosesSamples.Model().Save(model, ColmapModelFormat.Binary);
        var log = Path.Combine(folder.Path, "calls.log");
        var fake = FakeColmap(folder.Sub("bin"), $$"""
            echo "$1 $* QT=$QT_QPA_PLATFORM" >> '{{log}}'
            case "$1" in
              feature_extractor) for i in 1 2 3 4; do echo "Processed file [$i/4]"; done ;;
              exhaustive_matcher) echo "Matching block [1/1, 1/1] in 0.1s" ;;
              mapper)
                out=""; while [ $# -gt 0 ]; do [ "$1" = "--output_path" ] && out="$2"; shift; done
                mkdir -p "$out/0" "$out/1"
                cp '{{model}}'/* "$out/1/"
                echo "Registering image #1 (1)"; echo "Registering image #7 (2)" 1>&2; echo "Registering image #3 (3)" ;;
            esac
            """);
        var reports = new List<AugmentProgress>();
        var runner = new ColmapRunner(new ColmapRunnerOptions { ColmapPath = fake, CameraModel = ColmapCameraModel.Pinhole, Budget = new ComputeBudget { MaxThreads = 2 } });
        var result = await runner.RunAsync(images, Path.Combine(folder.Path, "ws"), new SyncProgress(reports.Add), TestContext.Current.CancellationToken);

        var calls = File.ReadAllLines(log);
        Assert.Equal(3, calls.Length);
        Assert.StartsWith("feature_extractor", calls[0], StringComparison.Ordinal);
        Assert.Contains("--ImageReader.camera_model PINHOLE --ImageReader.single_camera 1 --SiftExtraction.use_gpu 0 --SiftExtraction.num_threads 2", calls[0], StringComparison.Ordinal);
        Assert.StartsWith("exhaustive_matcher", calls[1], StringComparison.Ordinal);
        Assert.Contains("--SiftMatching.use_gpu 0", calls[1], StringComparison.Ordinal);
        Assert.StartsWith("mapper", calls[2], StringComparison.Ordinal);
        Assert.All(calls, c => Assert.EndsWith("QT=offscreen", c, StringComparison.Ordinal));
        Assert.Equal(Path.Combine(folder.Path, "ws", "sparse", "1"), result.ModelFolder);
        Assert.Equal((4, 3, 4), (result.ImageCount, result.RegisteredImages, result.PointCount));
        for (var i = 1; i < reports.Count; i++)
            Assert.True(reports[i].Fraction >= reports[i - 1].Fraction, $"progress went back at report {i}");
        Assert.Contains(reports, r => r.Stage == "colmap features" && r.ItemsDone == 2 && r.ItemsTotal == 4);
        Assert.Contains(reports, r => r.Stage == "colmap mapping" && r.ItemsDone == 3 && r.ItemsTotal == 4);
        Assert.Equal(1, reports[^1].Fraction);
        Assert.True(PosesSamples.Model().SameAs(ColmapModel.Load(result.ModelFolder)));
    }

    [Fact]
    public async Task A_failing_step_raises_ColmapFailedException_with_the_tail_of_its_output()
    {
        SkipOnWindows();
        using var folder = PosesSamples.Folder();
        var fake = FakeColmap(folder.Sub("bin"), """
            if [ "$1" = "exhaustive_matcher" ]; then
              for i in $(seq 1 100); do echo "line $i"; done
              for i in $(seq 1 10); do echo "warning $i" 1>&2; done
              echo "E1128 check failed: database is locked" 1>&2
              exit 3
            fi
            """);
        var runner = new ColmapRunner(new ColmapRunnerOptions { ColmapPath = fake, ErrorTailLines = 5 });
        var e = await Assert.ThrowsAsync<ColmapFailedException>(() => runner.RunAsync(ImageFolder(folder, 2), Path.Combine(folder.Path, "ws"), null, TestContext.Current.CancellationToken));
        Assert.Equal(("exhaustive_matcher", 3), (e.Step, e.ExitCode));
        Assert.Contains("database is locked", e.Message, StringComparison.Ordinal);
        Assert.Equal(5, e.OutputTail!.Split('\n').Length);
        Assert.EndsWith("E1128 check failed: database is locked", e.OutputTail, StringComparison.Ordinal);
        Assert.DoesNotContain("warning 5", e.OutputTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapper_that_registers_nothing_is_a_clear_failure()
    {
        SkipOnWindows();
        using var folder = PosesSamples.Folder();
        var fake = FakeColmap(folder.Sub("bin"), """[ "$1" = "mapper" ] && echo "No good initial image pair found." ; exit 0""");
        var runner = new ColmapRunner(new ColmapRunnerOptions { ColmapPath = fake });
        var e = await Assert.ThrowsAsync<ColmapFailedException>(() => runner.RunAsync(ImageFolder(folder, 3), Path.Combine(folder.Path, "ws"), null, TestContext.Current.CancellationToken));
        Assert.Contains("registered no images", e.Message, StringComparison.Ordinal);
        Assert.Contains("No good initial image pair", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_kills_the_step_and_its_children()
    {
        SkipOnWindows();
        using var folder = PosesSamples.Folder();
        var pidFile = Path.Combine(folder.Path, "child.pid");
        var fake = FakeColmap(folder.Sub("bin"), $$"""
            sleep 120 &
            echo $! > '{{pidFile}}'
            echo "Processed file [1/2]"
            wait
            """);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runner = new ColmapRunner(new ColmapRunnerOptions { ColmapPath = fake });
        var progress = new SyncProgress(p =>
        {
            if (p.ItemsDone == 1)
                cancel.Cancel();
        });
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(ImageFolder(folder, 2), Path.Combine(folder.Path, "ws"), progress, cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the run waited for the child instead of killing it");
        var child = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 50 && Alive(child); i++)
            await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(Alive(child), $"child process {child} survived the cancellation");
    }

    [Fact]
    public async Task Too_few_images_or_no_colmap_fail_before_running_anything()
    {
        using var folder = PosesSamples.Folder();
        var runner = new ColmapRunner(new ColmapRunnerOptions { ColmapPath = Path.Combine(folder.Path, "missing-colmap") });
        await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(ImageFolder(folder, 1), Path.Combine(folder.Path, "ws"), null, TestContext.Current.CancellationToken));
        var two = folder.Sub("two");
        File.WriteAllBytes(Path.Combine(two, "a.jpg"), [0]);
        File.WriteAllBytes(Path.Combine(two, "b.JPG"), [0]);
        await Assert.ThrowsAsync<ColmapNotFoundException>(() => runner.RunAsync(two, Path.Combine(folder.Path, "ws"), null, TestContext.Current.CancellationToken));
    }

    private static bool Alive(int pid)
    {
        // A zombie still has /proc/<pid>; its state letter is Z.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
            return false;
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void SkipOnWindows() => Assert.SkipWhen(OperatingSystem.IsWindows(), "the fake colmap is a POSIX shell script.");

    internal static string ImageFolder(PosesSamples.TempFolder folder, int count)
    {
        var images = folder.Sub("images" + count);
        for (var i = 0; i < count; i++)
            File.WriteAllBytes(Path.Combine(images, $"f{i:D3}.png"), [0]);
        return images;
    }

    private static string FakeColmap(string bin, string body)
    {
        var path = Path.Combine(bin, "colmap");
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r", "", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>An IProgress that reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, out of order).</summary>
    internal sealed class SyncProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
