namespace Augment.Splat.Training.TorchTests.Native;

/// <summary>Where the test finds TorchSharp's native library: the pristine copy in the NuGet cache (read, never written).</summary>
internal static class NativeFiles
{
    public static string PristineTorchSharp()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.SkipUnless(File.Exists(path), $"{path} is not in the NuGet cache; restore the TorchSharp package first.");
        return path;
    }

    /// <summary>A fresh temporary folder under the system temp path.</summary>
    public static string TempFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "augment-torch-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>(file, name, flags) of every version need in `readelf -V` output.</summary>
    public static List<(string File, string Name, string Flags)> ParseReadelfNeeds(string output)
    {
        var result = new List<(string, string, string)>();
        var inNeeds = false;
        var file = "";
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) { inNeeds = true; continue; }
            if (line.StartsWith("Version ", StringComparison.Ordinal) && line.Contains("section", StringComparison.Ordinal)) { inNeeds = false; continue; }
            if (!inNeeds)
                continue;
            var fileAt = line.IndexOf("File: ", StringComparison.Ordinal);
            if (fileAt >= 0)
            {
                file = line[(fileAt + 6)..].Split(' ')[0];
                continue;
            }
            var nameAt = line.IndexOf("Name: ", StringComparison.Ordinal);
            var flagsAt = line.IndexOf("Flags: ", StringComparison.Ordinal);
            if (nameAt >= 0 && flagsAt > nameAt)
            {
                var name = line[(nameAt + 6)..flagsAt].Trim();
                var versionAt = line.IndexOf("Version: ", StringComparison.Ordinal);
                var flags = line[(flagsAt + 7)..(versionAt > flagsAt ? versionAt : line.Length)].Trim();
                result.Add((file, name, flags));
            }
        }
        return result;
    }

    /// <summary>Names in the version-definition section of `readelf -V` output.</summary>
    public static HashSet<string> ParseReadelfDefinitions(string output)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var inDefinitions = false;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Version definition section", StringComparison.Ordinal)) { inDefinitions = true; continue; }
            if (line.StartsWith("Version ", StringComparison.Ordinal) && line.Contains("section", StringComparison.Ordinal)) { inDefinitions = false; continue; }
            if (!inDefinitions)
                continue;
            // "0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: GLIBCXX_3.4"
            var nameAt = line.IndexOf("Name: ", StringComparison.Ordinal);
            if (nameAt >= 0 && line.Contains("Rev: ", StringComparison.Ordinal))
                result.Add(line[(nameAt + 6)..].Trim());
        }
        return result;
    }
}
