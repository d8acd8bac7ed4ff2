using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Augment.Testing;


namespace Augment.Audio.Tests.Separation;

/// <summary>
/// Runs the numpy/scipy reference scripts in <c>Separation/Peers</c> through <c>/usr/bin/python3</c> (Debian's numpy and
/// scipy; another python3 earlier on PATH may not import them). Tests call <see cref="SkipUnlessNumpy"/> first and skip
/// with the reason when python3, numpy or scipy is missing. Signals travel as raw little-endian float32.
/// </summary>
internal static class SeparationPeer
{
    public static void SkipUnlessNumpy() => PythonRunner.SkipUnless("numpy", "scipy.signal", "scipy.ndimage");

    /// <summary>The folder of the peer scripts: beside this source file (or copied beside the test binary).</summary>
    public static string ScriptFolder([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", "Peers");
        return Directory.Exists(beside) ? beside : Path.Combine(AppContext.BaseDirectory, "Separation", "Peers");
    }

    /// <summary>Runs a script with arguments; returns standard output; fails the test on a non-zero exit.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var path = Path.Combine(ScriptFolder(), script);
        Assert.True(File.Exists(path), $"peer script {path} is missing");
        return PythonRunner.Run([path, .. arguments], TimeSpan.FromMinutes(3));
    }

    public static void WriteRaw(string path, ReadOnlySpan<float> values) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(values).ToArray());

    public static float[] ReadRaw(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
