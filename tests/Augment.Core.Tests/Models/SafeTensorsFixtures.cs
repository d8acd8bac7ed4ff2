using System.Text;

namespace Augment.Core.Tests.Models;

/// <summary>Builds safetensors bytes by hand from the spec, independently of <see cref="SafeTensorsWriter"/>.</summary>
internal static class SafeTensorsFixtures
{
    /// <summary>8-byte little-endian header length written byte by byte, the JSON as given, then the data.</summary>
    public static byte[] Build(string json, params byte[] data) => Build(Encoding.UTF8.GetBytes(json), data);

    public static byte[] Build(byte[] header, byte[] data) => WithLength((ulong)header.Length, header, data);

    /// <summary>Like <see cref="Build(byte[], byte[])"/> but with an arbitrary (possibly lying) header length.</summary>
    public static byte[] WithLength(ulong declaredLength, byte[] header, byte[] data)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        for (var i = 0; i < 8; i++)
            bytes[i] = (byte)(declaredLength >> (8 * i));
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        return bytes;
    }

    /// <summary>A temporary folder deleted on dispose.</summary>
    public sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "augment-st-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }
}
