namespace Augment.Splat.Training;

/// <summary>
/// Finds the C++ runtime (libstdc++.so.6) this process uses, or would load, and the symbol versions it defines
/// (<c>GLIBCXX_*</c>, <c>CXXABI_*</c>), so that a native library's version needs can be checked before it is loaded.
/// </summary>
internal static class HostCxxRuntime
{
    /// <summary>The library's soname.</summary>
    public const string SoName = "libstdc++.so.6";

    // Debian/Ubuntu multiarch, then the Red Hat / SUSE / Arch layouts.
    private static readonly string[] StandardPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>
    /// Path of the libstdc++ the process has mapped (from <c>/proc/self/maps</c>), else the first standard path that
    /// exists; null when none is found.
    /// </summary>
    public static string? Locate()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/', StringComparison.Ordinal);
                if (at < 0)
                    continue;
                var path = line[at..];
                if (Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal) && File.Exists(path))
                    return path;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        foreach (var path in StandardPaths)
        {
            if (File.Exists(path))
                return path;
        }
        return null;
    }

    /// <summary>The versions the library at <paramref name="path"/> defines.</summary>
    public static HashSet<string> VersionsOf(string path) => ElfVersions.ReadDefinitions(File.ReadAllBytes(path), path);
}
