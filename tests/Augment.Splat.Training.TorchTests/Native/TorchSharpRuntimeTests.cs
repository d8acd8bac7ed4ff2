using Augment.Splat.Training;
using TorchSharp;

namespace Augment.Splat.Training.TorchTests.Native;

[Collection(TorchTestGroup.Name)]
public sealed class TorchSharpRuntimeTests
{
    [Fact]
    public void EnsureLoaded_makes_torch_ones_work_on_this_host()
    {
        TorchSharpRuntime.EnsureLoaded();
        TorchSharpRuntime.EnsureLoaded(); // idempotent
        using var ones = torch.ones(3);
        Assert.Equal(3f, ones.sum().item<float>());
        TestContext.Current.SendDiagnosticMessage($"TorchSharp native fix: {TorchSharpRuntime.Fix} ({TorchSharpRuntime.NativePath})");
    }

    [Fact]
    public void After_EnsureLoaded_the_loaded_copy_needs_no_version_the_host_lacks()
    {
        Tool.SkipUnlessLinux();
        TorchSharpRuntime.EnsureLoaded();
        var native = TorchSharpRuntime.NativePath;
        Assert.NotNull(native);
        var host = HostCxxRuntime.Locate()!;
        var versions = HostCxxRuntime.VersionsOf(host);
        var bytes = File.ReadAllBytes(native);
        Assert.DoesNotContain(ElfVersions.ReadNeeds(bytes, native), n => n.File == "libstdc++.so.6" && !n.IsWeak && !versions.Contains(n.Name));
        Assert.Empty(TorchSharpRuntime.VersionsToWeaken(bytes, native, versions, host));
    }

    [Fact]
    public async Task EnsureLoaded_from_many_threads_at_once_initialises_once()
    {
        var tasks = new Task[8];
        for (var i = 0; i < tasks.Length; i++)
            tasks[i] = Task.Run(TorchSharpRuntime.EnsureLoaded, TestContext.Current.CancellationToken);
        await Task.WhenAll(tasks);
        using var x = torch.arange(4, dtype: torch.float64).requires_grad_();
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal([0.0, 2, 4, 6], x.grad!.data<double>().ToArray());
    }
}
