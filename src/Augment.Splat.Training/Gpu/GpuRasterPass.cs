using ILGPU;
using ILGPU.Runtime;

namespace Augment.Splat.Training;

/// <summary>
/// One forward pass of a <see cref="GpuRasterizer"/>: the image on the host and, on the device, what the backward pass
/// needs (the parameters, the projected Gaussians, the tile lists, each pixel's final transmittance and last
/// contributor). Dispose it to free the device memory.
/// </summary>
public sealed class GpuRasterPass : IDisposable
{
    private readonly float[] _image;
    private readonly int[] _radii;
    private bool _disposed;

    internal GpuRasterPass(GpuRasterizer owner, GpuView view, int planeCount, float[] image, int[] radii,
        MemoryBuffer1D<float, Stride1D.Dense> parameters, MemoryBuffer1D<GpuSplat, Stride1D.Dense> splats,
        MemoryBuffer1D<int, Stride1D.Dense> tileStart, MemoryBuffer1D<int, Stride1D.Dense> tileSplats,
        MemoryBuffer1D<float, Stride1D.Dense> finalT, MemoryBuffer1D<int, Stride1D.Dense> lastCount, long pairs)
    {
        Owner = owner;
        View = view;
        PlaneCount = planeCount;
        _image = image;
        _radii = radii;
        Parameters = parameters;
        Splats = splats;
        TileStart = tileStart;
        TileSplats = tileSplats;
        FinalT = finalT;
        LastCount = lastCount;
        Pairs = pairs;
    }

    /// <summary>Image width in pixels.</summary>
    public int Width => View.Width;

    /// <summary>Image height in pixels.</summary>
    public int Height => View.Height;

    /// <summary>Number of Gaussians drawn.</summary>
    public int Count => View.Count;

    /// <summary>Planar RGB (R plane, G plane, B plane, row-major), 3 x <see cref="Width"/> x <see cref="Height"/> floats.</summary>
    public ReadOnlySpan<float> Image => _image;

    /// <summary>Screen radius in pixels per Gaussian (ceil of 3 sigma along the major axis); 0 = not visible.</summary>
    public ReadOnlySpan<int> Radii => _radii;

    /// <summary>(Tile, Gaussian) pairs the view produced (a measure of the compositing work).</summary>
    public long Pairs { get; }

    internal GpuRasterizer Owner { get; }

    internal GpuView View { get; }

    internal int PlaneCount { get; }

    internal MemoryBuffer1D<float, Stride1D.Dense> Parameters { get; }

    internal MemoryBuffer1D<GpuSplat, Stride1D.Dense> Splats { get; }

    internal MemoryBuffer1D<int, Stride1D.Dense> TileStart { get; }

    internal MemoryBuffer1D<int, Stride1D.Dense> TileSplats { get; }

    internal MemoryBuffer1D<float, Stride1D.Dense> FinalT { get; }

    internal MemoryBuffer1D<int, Stride1D.Dense> LastCount { get; }

    internal bool IsDisposed => _disposed;

    /// <summary>Frees the device buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Parameters.Dispose();
        Splats.Dispose();
        TileStart.Dispose();
        TileSplats.Dispose();
        FinalT.Dispose();
        LastCount.Dispose();
    }
}
