using System.Globalization;
using System.Runtime.InteropServices;
using Augment.Testing;


namespace Augment.Audio.Tests.Pitch;

/// <summary>
/// Runs a Python/numpy reference through <c>/usr/bin/python3</c> (Debian's numpy; another python3 on PATH may
/// lack it). <see cref="SkipUnlessNumpy"/> skips the test with the reason when python3 or numpy is missing.
/// Scripts are passed as text (written to a temporary file); arrays travel as raw little-endian float32.
/// </summary>
internal static class NumpyPeer
{
    public static void SkipUnlessNumpy() => PythonRunner.SkipUnless("numpy");

    /// <summary>Runs <paramref name="script"/> with <paramref name="input"/> as the first argument (raw float32) and returns the float32 array it writes to the second.</summary>
    public static float[] Run(string script, ReadOnlySpan<float> input, params string[] arguments)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"augment-pitch-peer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var scriptPath = Path.Combine(folder, "peer.py");
            var inputPath = Path.Combine(folder, "in.f32");
            var outputPath = Path.Combine(folder, "out.f32");
            File.WriteAllText(scriptPath, script);
            File.WriteAllBytes(inputPath, MemoryMarshal.AsBytes(input).ToArray());
            PythonRunner.Run([scriptPath, inputPath, outputPath, .. arguments], TimeSpan.FromMinutes(2));
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(outputPath)).ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
