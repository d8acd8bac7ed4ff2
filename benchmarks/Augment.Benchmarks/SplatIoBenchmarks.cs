using Augment.Splat;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Splat file I/O on a 200,000-splat SH-degree-3 cloud held in memory (about 50 MB as PLY): PLY load (the issue
/// asks for memory-bandwidth speed; GB/s = PLY bytes / mean), PLY save, and the PLY -> SPZ v4 path
/// (quantisation and zstd) that <c>augment splat convert</c> runs, plus the SPZ load. <see cref="LoadPlyFile"/> loads a
/// 1,000,000-splat SH-degree-3 PLY (236 MB) from a file path, beside two raw reads of the same file into fresh memory:
/// <see cref="ReadAllBytesFile"/> (one thread) and <see cref="ReadFileParallel"/> (0.5 MB positioned reads on every
/// core, the way the loader reads), the bandwidths the load is measured against.
/// </summary>
[MemoryDiagnoser]
public class SplatIoBenchmarks
{
    private const int Count = 200_000;
    private const int FileCount = 1_000_000;
    private readonly string _plyPath = Path.Combine(Path.GetTempPath(), $"augment-bench-{Environment.ProcessId}.ply");
    private byte[] _ply = [];
    private byte[] _spz = [];
    private GaussianCloud _cloud = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        float Next(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        _cloud = GaussianCloud.Create(Count, shDegree: 3);
        for (var i = 0; i < Count; i++)
        {
            _cloud.X[i] = Next(-10, 10);
            _cloud.Y[i] = Next(-10, 10);
            _cloud.Z[i] = Next(-10, 10);
            _cloud.ScaleX[i] = Next(-6, -2);
            _cloud.ScaleY[i] = Next(-6, -2);
            _cloud.ScaleZ[i] = Next(-6, -2);
            _cloud.RotationW[i] = Next(-1, 1);
            _cloud.RotationX[i] = Next(-1, 1);
            _cloud.RotationY[i] = Next(-1, 1);
            _cloud.RotationZ[i] = Next(-1, 1);
            _cloud.Opacity[i] = Next(-2, 4);
            for (var c = 0; c < 3; c++)
            {
                _cloud.ShDc(c)[i] = Next(-1.5f, 1.5f);
                for (var k = 0; k < _cloud.ShRestCount; k++)
                    _cloud.ShRest(c, k)[i] = Next(-0.1f, 0.1f);
            }
        }
        _cloud.NormalizeRotations();
        _ply = Save(SplatFormat.Ply);
        _spz = Save(SplatFormat.Spz);
    }

    [GlobalSetup(Targets = [nameof(LoadPlyFile), nameof(ReadAllBytesFile), nameof(ReadFileParallel)])]
    public void SetupFile()
    {
        // Values do not matter to the load; a cheap hash fills every plane so nothing is constant.
        var cloud = GaussianCloud.Create(FileCount, shDegree: 3);
        static void Fill(Span<float> plane, uint p)
        {
            for (var i = 0; i < plane.Length; i++)
                plane[i] = ((((uint)i * 2654435761u) ^ p) % 10007) * 1e-3f;
        }
        Fill(cloud.X, 0);
        Fill(cloud.Y, 1);
        Fill(cloud.Z, 2);
        Fill(cloud.ScaleX, 3);
        Fill(cloud.ScaleY, 4);
        Fill(cloud.ScaleZ, 5);
        Fill(cloud.RotationW, 6);
        Fill(cloud.RotationX, 7);
        Fill(cloud.RotationY, 8);
        Fill(cloud.RotationZ, 9);
        Fill(cloud.Opacity, 10);
        for (var c = 0; c < 3; c++)
        {
            Fill(cloud.ShDc(c), (uint)(11 + c));
            for (var k = 0; k < cloud.ShRestCount; k++)
                Fill(cloud.ShRest(c, k), (uint)(14 + (c * 15) + k));
        }
        SplatFile.Save(cloud, _plyPath);
        // Warm the page cache: the numbers are for a cached file.
        File.ReadAllBytes(_plyPath);
    }

    [GlobalCleanup(Targets = [nameof(LoadPlyFile), nameof(ReadAllBytesFile), nameof(ReadFileParallel)])]
    public void CleanupFile() => File.Delete(_plyPath);

    [Benchmark]
    public int LoadPlyFile() => SplatFile.Load(_plyPath).Count;

    [Benchmark]
    public int ReadAllBytesFile() => File.ReadAllBytes(_plyPath).Length;

    [Benchmark]
    public int ReadFileParallel()
    {
        const int ChunkBytes = 512 << 10;
        using var file = File.OpenHandle(_plyPath);
        var bytes = GC.AllocateUninitializedArray<byte>((int)RandomAccess.GetLength(file));
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        Parallel.For(0, chunks, chunk =>
        {
            var at = chunk * ChunkBytes;
            RandomAccess.Read(file, bytes.AsSpan(at, Math.Min(ChunkBytes, bytes.Length - at)), at);
        });
        return bytes.Length;
    }

    [Benchmark(Baseline = true)]
    public int LoadPly()
    {
        using var stream = new MemoryStream(_ply, writable: false);
        return SplatFile.Load(stream, "bench.ply").Count;
    }

    [Benchmark]
    public long SavePly() => Save(SplatFormat.Ply).LongLength;

    [Benchmark]
    public long PlyToSpz()
    {
        using var stream = new MemoryStream(_ply, writable: false);
        var cloud = SplatFile.Load(stream, "bench.ply");
        using var output = new MemoryStream();
        SplatFile.Save(cloud, output, SplatFormat.Spz);
        return output.Length;
    }

    [Benchmark]
    public int LoadSpz()
    {
        using var stream = new MemoryStream(_spz, writable: false);
        return SplatFile.Load(stream, "bench.spz").Count;
    }

    private byte[] Save(SplatFormat format)
    {
        using var output = new MemoryStream();
        SplatFile.Save(_cloud, output, format);
        return output.ToArray();
    }
}
