using Augment.Splat;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// Splat file I/O on a 200,000-splat SH-degree-3 cloud held in memory (about 50 MB as PLY): PLY load (the issue
/// asks for memory-bandwidth speed; GB/s = PLY bytes / mean), PLY save, and the PLY -> SPZ v4 path
/// (quantisation and zstd) that <c>augment splat convert</c> runs, plus the SPZ load.
/// </summary>
[MemoryDiagnoser]
public class SplatIoBenchmarks
{
    private const int Count = 200_000;
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
