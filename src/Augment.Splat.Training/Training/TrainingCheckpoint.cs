using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Splat.Training;

/// <summary>
/// A training checkpoint: the scene, both Adam moments and the iteration, in a small little-endian binary format of our
/// own (docs/splat-training.md):
/// <c>"AUGSPCK1"</c>, int32 version (1), int32 Gaussian count, int32 SH degree, int32 plane count, int32 iteration,
/// int64 Adam step, then three blocks (scene, first moment, second moment) of plane-count × count float32 planes in
/// <see cref="SplatParameters"/> order, then <c>"END1"</c>. Readers check every length and the trailer, so a truncated
/// or foreign file is an <see cref="InvalidMediaException"/> rather than a half-loaded scene. Density statistics are not
/// stored (they restart at the next interval).
/// </summary>
internal sealed record TrainingCheckpoint(SplatParameters Scene, SplatParameters FirstMoment, SplatParameters SecondMoment, int Iteration, long AdamStep)
{
    public const string FileName = "checkpoint.augckpt";
    private const int Version = 1;
    private const int HeaderBytes = 8 + (5 * 4) + 8;
    private static ReadOnlySpan<byte> Magic => "AUGSPCK1"u8;
    private static ReadOnlySpan<byte> Trailer => "END1"u8;

    /// <summary>Writes atomically (temporary file, then rename).</summary>
    public void Write(string path)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), Scene.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), Scene.ShDegree);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), Scene.PlaneCount);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), Iteration);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(28), AdamStep);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            foreach (var block in (ReadOnlySpan<SplatParameters>)[Scene, FirstMoment, SecondMoment])
            {
                for (var p = 0; p < block.PlaneCount; p++)
                    WritePlane(stream, block.Plane(p));
            }
            stream.Write(Trailer);
        });
    }

    /// <summary>Reads and validates a checkpoint.</summary>
    /// <exception cref="InvalidMediaException">Wrong magic or version, inconsistent header, or a truncated/extended file.</exception>
    public static TrainingCheckpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint {path} does not exist.", path);
        using var stream = File.OpenRead(path);
        var header = new byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            throw new InvalidMediaException(path, stream.Length, $"the checkpoint is {stream.Length} bytes, shorter than its {HeaderBytes}-byte header");
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidMediaException(path, 0, "not an Augment training checkpoint (magic AUGSPCK1 missing)");
        var version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (version != Version)
            throw new InvalidMediaException(path, 8, $"checkpoint version {version} is not supported (expected {Version})");
        var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        var degree = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        var planes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        var iteration = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
        var step = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(28));
        if (count < 0 || degree is < 0 or > 3 || iteration < 0 || step < 0)
            throw new InvalidMediaException(path, 12, $"inconsistent header: count {count}, SH degree {degree}, iteration {iteration}, step {step}");
        var expectedPlanes = SplatParameters.FirstRest + (3 * GaussianCloud.RestCountFor(degree));
        if (planes != expectedPlanes)
            throw new InvalidMediaException(path, 20, $"{planes} planes do not match SH degree {degree} ({expectedPlanes} expected)");
        var expected = HeaderBytes + (3L * planes * count * sizeof(float)) + Trailer.Length;
        if (stream.Length != expected)
            throw new InvalidMediaException(path, Math.Min(stream.Length, expected), $"the checkpoint is {stream.Length} bytes but its header ({count} Gaussians, {planes} planes) needs {expected}; it is truncated or damaged");
        var blocks = new SplatParameters[3];
        for (var b = 0; b < 3; b++)
        {
            blocks[b] = new SplatParameters(count, degree);
            for (var p = 0; p < planes; p++)
                ReadPlane(stream, blocks[b].Plane(p), path);
        }
        Span<byte> trailer = stackalloc byte[4];
        stream.ReadExactly(trailer);
        if (!trailer.SequenceEqual(Trailer))
            throw new InvalidMediaException(path, expected - 4, "the checkpoint's END1 trailer is missing");
        return new TrainingCheckpoint(blocks[0], blocks[1], blocks[2], iteration, step);
    }

    private static void WritePlane(Stream stream, Span<float> plane)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(plane));
            return;
        }
        var bytes = new byte[4];
        foreach (var value in plane)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
            stream.Write(bytes);
        }
    }

    private static void ReadPlane(Stream stream, Span<float> plane, string path)
    {
        var bytes = MemoryMarshal.AsBytes(plane);
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            throw new InvalidMediaException(path, stream.Position, "the checkpoint ends inside a parameter plane");
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < plane.Length; i++)
                plane[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
        }
    }
}
