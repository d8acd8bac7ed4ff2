using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace Augment.Splat.Training;

/// <summary>
/// Makes TorchSharp usable before any torch call. TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> is built with GCC 13
/// and records a need for <c>GLIBCXX_3.4.32</c>, which older C++ runtimes (Debian 12 stops at 3.4.30) lack, so the
/// dynamic loader refuses it although the one symbol bound to that version, <c>std::ios_base_library_init</c>, is only
/// referenced (GCC 13's &lt;iostream&gt; names it so that the link pulls in a runtime that initialises the standard
/// streams itself) and never called. On Linux x64, when the host's libstdc++ lacks only such versions,
/// <see cref="EnsureLoaded()"/> marks those version needs weak (<c>VER_FLG_WEAK</c>, a two-byte field per entry) in the
/// copy of the library in the application's output folder, or, when that folder is read-only, in a copy in a per-user
/// cache folder that it loads first; then it initialises torch. The NuGet package cache is never modified.
/// </summary>
public static class TorchSharpRuntime
{
    /// <summary>Environment variable naming the folder for patched copies when the output folder is read-only.</summary>
    public const string CacheDirectoryVariable = "AUGMENT_TORCH_CACHE";

    /// <summary>TorchSharp's native library (Linux file name).</summary>
    internal const string NativeFileName = "libLibTorchSharp.so";

    /// <summary>Symbols that are referenced but never called, so that a missing version bound only to them is harmless.</summary>
    private static readonly HashSet<string> ReferenceOnlySymbols = new(StringComparer.Ordinal)
    {
        "_ZSt21ios_base_library_initv", // std::ios_base_library_init() (GCC 13)
    };

    private static readonly Lock Gate = new();
    private static bool _loaded;
    private static IntPtr _preloaded;

    /// <summary>How the native library was made loadable by the last successful <see cref="EnsureLoaded()"/>.</summary>
    internal static TorchNativeFix Fix { get; private set; }

    /// <summary>The file that was loaded or patched (null when not on Linux x64 or not located).</summary>
    internal static string? NativePath { get; private set; }

    /// <summary>
    /// Makes TorchSharp's native library loadable on this host (patching a copy when needed, see the class remarks)
    /// and initialises torch on the CPU. Idempotent and thread-safe; call it before any torch use.
    /// </summary>
    /// <exception cref="TorchRuntimeException">
    /// No libtorch package is referenced, the host's libstdc++ lacks a version that is really used, or no writable
    /// place for the patched copy exists; the message says which and how to fix it.
    /// </exception>
    public static void EnsureLoaded() => EnsureLoaded(null, preferCache: false);

    /// <summary>As <see cref="EnsureLoaded()"/>, with the folder for a patched copy when the output folder is read-only.</summary>
    /// <param name="cacheDirectory">
    /// Folder for the patched copy (created if missing); null uses <see cref="CacheDirectoryVariable"/>, else
    /// <c>$XDG_CACHE_HOME/augment/torch</c> or <c>~/.cache/augment/torch</c>.
    /// </param>
    /// <exception cref="TorchRuntimeException">See <see cref="EnsureLoaded()"/>.</exception>
    public static void EnsureLoaded(string? cacheDirectory) => EnsureLoaded(cacheDirectory, preferCache: false);

    /// <summary>The implementation; <paramref name="preferCache"/> skips the in-place patch (tests of the read-only path).</summary>
    internal static void EnsureLoaded(string? cacheDirectory, bool preferCache)
    {
        if (Volatile.Read(ref _loaded))
            return;
        lock (Gate)
        {
            if (_loaded)
                return;
            Fix = Prepare(cacheDirectory, preferCache);
            Initialise();
            Volatile.Write(ref _loaded, true);
        }
    }

    /// <summary>
    /// The version names to mark weak in <paramref name="elf"/> (TorchSharp's native library) for a host whose
    /// libstdc++ defines <paramref name="hostVersions"/>: empty when nothing is missing.
    /// </summary>
    /// <exception cref="TorchRuntimeException">A missing version is bound to a symbol that is really called.</exception>
    internal static List<string> VersionsToWeaken(ReadOnlySpan<byte> elf, string source, IReadOnlySet<string> hostVersions, string hostPath)
    {
        var result = new List<string>();
        foreach (var need in ElfVersions.ReadNeeds(elf, source))
        {
            if (need.IsWeak || need.File != HostCxxRuntime.SoName || hostVersions.Contains(need.Name))
                continue;
            var symbols = ElfVersions.SymbolsUsing(elf, need.Index, source);
            foreach (var symbol in symbols)
            {
                if (!ReferenceOnlySymbols.Contains(symbol))
                {
                    throw new TorchRuntimeException(
                        $"{source} needs {need.Name} from {HostCxxRuntime.SoName} for {symbols.Count} symbol(s) including {symbol}, but {hostPath} " +
                        $"does not define it. Upgrade the C++ runtime (libstdc++ from GCC 13 or newer), or use a TorchSharp build made for this system.");
                }
            }
            result.Add(need.Name);
        }
        return result;
    }

    private static TorchNativeFix Prepare(string? cacheDirectory, bool preferCache)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return TorchNativeFix.NotNeeded;
        return PrepareLinux(cacheDirectory, preferCache);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static TorchNativeFix PrepareLinux(string? cacheDirectory, bool preferCache)
    {
        var native = LocateNative();
        NativePath = native;
        if (native is null || IsMapped(NativeFileName))
            return TorchNativeFix.NotNeeded; // loaded another way (a Python install, an earlier NativeLibrary.Load): leave it to torch
        var folder = Path.GetDirectoryName(native)!;
        if (!File.Exists(Path.Combine(folder, "libtorch.so")))
        {
            throw new TorchRuntimeException(
                $"TorchSharp's native library is at {native} but libtorch.so is not beside it: the application references no libtorch package. " +
                "Add <PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> (or a libtorch-cuda package) to the application's project.");
        }
        var hostPath = HostCxxRuntime.Locate();
        if (hostPath is null)
            return TorchNativeFix.NotNeeded; // no GNU C++ runtime to check against; the loader will say what it misses
        var bytes = File.ReadAllBytes(native);
        var weaken = VersionsToWeaken(bytes, native, HostCxxRuntime.VersionsOf(hostPath), hostPath);
        if (weaken.Count == 0)
            return TorchNativeFix.NotNeeded;
        var patched = (byte[])bytes.Clone();
        ElfVersions.MarkWeak(patched, weaken, native);

        if (!preferCache && !IsUnderNuGetCache(native))
        {
            try
            {
                ReplaceFile(native, patched);
                return TorchNativeFix.PatchedInPlace;
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // Read-only output folder (an installed tool, a container image): fall through to the cache.
            }
        }
        var cache = cacheDirectory ?? DefaultCacheDirectory();
        if (string.IsNullOrEmpty(cache))
        {
            throw new TorchRuntimeException(
                $"{native} needs {string.Join(", ", weaken)} from {HostCxxRuntime.SoName}, which {hostPath} lacks; its folder is read-only and no cache folder is known. " +
                $"Set {CacheDirectoryVariable} to a writable folder, make the output folder writable, or upgrade libstdc++ (GCC 13 or newer).");
        }
        var copy = Path.Combine(cache, $"libLibTorchSharp-{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}.so");
        try
        {
            Directory.CreateDirectory(cache);
            if (!File.Exists(copy) || !File.ReadAllBytes(copy).AsSpan().SequenceEqual(patched))
                AtomicFile.WriteAllBytes(copy, patched);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new TorchRuntimeException(
                $"{native} needs {string.Join(", ", weaken)} from {HostCxxRuntime.SoName}, which {hostPath} lacks, and the patched copy could not be written to {copy}: {e.Message} " +
                $"Set {CacheDirectoryVariable} to a writable folder, or upgrade libstdc++ (GCC 13 or newer).", e);
        }
        Preload(folder, copy);
        NativePath = copy;
        return TorchNativeFix.PatchedCopyInCache;
    }

    /// <summary>
    /// Loads libtorch from the output folder (the copy's RUNPATH $ORIGIN no longer finds it), then the patched copy,
    /// whose soname then satisfies TorchSharp's own loads by name; a resolver covers its DllImports as well.
    /// </summary>
    private static void Preload(string folder, string copy)
    {
        foreach (var dependency in (ReadOnlySpan<string>)["libc10.so", "libtorch_cpu.so", "libtorch.so"])
        {
            var path = Path.Combine(folder, dependency);
            if (File.Exists(path))
                NativeLibrary.Load(path);
        }
        try
        {
            _preloaded = NativeLibrary.Load(copy);
        }
        catch (DllNotFoundException e)
        {
            throw new TorchRuntimeException($"The patched copy {copy} of TorchSharp's native library does not load: {e.Message}", e);
        }
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, static (name, _, _) =>
                name == "LibTorchSharp" ? _preloaded : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Someone else resolves TorchSharp's imports; the loaded soname still answers loads by name.
        }
    }

    private static void Initialise()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is NotSupportedException or TypeInitializationException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new TorchRuntimeException(
                "TorchSharp failed to initialise. Make sure the application references a libtorch package " +
                "(<PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" /> on Linux x64). " + e.Message, e);
        }
    }

    /// <summary>Where TorchSharp looks for its native library: the RID folder of a portable build, else beside the app.</summary>
    private static string? LocateNative()
    {
        var torchFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        Span<string?> roots = [torchFolder, AppContext.BaseDirectory];
        foreach (var root in roots)
        {
            if (string.IsNullOrEmpty(root))
                continue;
            foreach (var candidate in (ReadOnlySpan<string>)[Path.Combine(root, "runtimes", "linux-x64", "native", NativeFileName), Path.Combine(root, NativeFileName)])
            {
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    private static bool IsMapped(string fileName)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                if (line.EndsWith("/" + fileName, StringComparison.Ordinal))
                    return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return false;
    }

    private static bool IsUnderNuGetCache(string path)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var full = Path.GetFullPath(path);
        return full.StartsWith(Path.GetFullPath(root).TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    private static string? DefaultCacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheDirectoryVariable);
        if (!string.IsNullOrEmpty(configured))
            return configured;
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
            return Path.Combine(xdg, "augment", "torch");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "augment", "torch");
    }

    /// <summary>
    /// Replaces <paramref name="path"/> atomically, keeping its mode and modification time: MSBuild's incremental copy
    /// compares size and time, so the patched file is not overwritten by the next build.
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void ReplaceFile(string path, byte[] content)
    {
        var mode = File.GetUnixFileMode(path);
        var written = File.GetLastWriteTimeUtc(path);
        AtomicFile.WriteAllBytes(path, content);
        File.SetUnixFileMode(path, mode);
        File.SetLastWriteTimeUtc(path, written);
    }
}
