namespace Augment.Splat.Training;

/// <summary>What <see cref="TorchSharpRuntime.EnsureLoaded()"/> had to do so that TorchSharp's native library loads.</summary>
internal enum TorchNativeFix
{
    /// <summary>Nothing: the host provides every version, or the platform is not Linux x64.</summary>
    NotNeeded,

    /// <summary>The copy in the output folder was patched in place.</summary>
    PatchedInPlace,

    /// <summary>A patched copy in the cache folder was loaded instead (the output folder is read-only).</summary>
    PatchedCopyInCache,
}
