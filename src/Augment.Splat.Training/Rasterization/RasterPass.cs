using System.Buffers;

namespace Augment.Splat.Training;

/// <summary>
/// One forward pass of <see cref="DifferentiableRasterizer"/>: the rendered image and what the backward pass needs
/// (projected Gaussians, sorted tile lists, per-pixel final transmittance and last contributor). Holds pooled buffers:
/// dispose it after the backward pass. The scene it was rendered from must not change before <see cref="DifferentiableRasterizer.Backward"/>.
/// </summary>
public sealed class RasterPass : IDisposable
{
    private float[]? _image;
    private float[]? _finalT;
    private int[]? _last;
    private ProjectedSplat[]? _projected;
    private int[]? _radii;
    private byte[]? _clamped;
    private ulong[]? _keys;
    private int[]? _tileStart;

    internal RasterPass(SplatParameters scene, PinholeCamera camera, RasterizerOptions options, int shDegree)
    {
        Scene = scene;
        Camera = camera;
        Options = options;
        ShDegree = shDegree;
        Count = scene.Count;
        Width = camera.Width;
        Height = camera.Height;
        TilesX = (Width + TileRasterKernel.TileSize - 1) / TileRasterKernel.TileSize;
        TilesY = (Height + TileRasterKernel.TileSize - 1) / TileRasterKernel.TileSize;
        View = new ViewConstants(camera, options.LowPassVariance, shDegree, withColour: true);
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of Gaussians of the scene when it was rendered.</summary>
    public int Count { get; }

    /// <summary>SH degree evaluated (the requested degree, at most the scene's).</summary>
    public int ShDegree { get; }

    /// <summary>The view.</summary>
    public PinholeCamera Camera { get; }

    /// <summary>The rendered image: R plane, G plane, B plane, each <see cref="Width"/> x <see cref="Height"/> row-major.</summary>
    public ReadOnlySpan<float> Image => Live(_image).AsSpan(0, 3 * Width * Height);

    /// <summary>Per Gaussian, its screen radius in pixels (ceil of 3 sigma along the major axis); 0 = not visible in this view.</summary>
    public ReadOnlySpan<int> Radii => Live(_radii).AsSpan(0, Count);

    internal SplatParameters Scene { get; }

    internal RasterizerOptions Options { get; }

    internal ViewConstants View { get; }

    internal int TilesX { get; }

    internal int TilesY { get; }

    internal int PairCount { get; set; }

    internal float[] ImageBuffer => Live(_image);

    internal float[] FinalT => Live(_finalT);

    internal int[] Last => Live(_last);

    internal ProjectedSplat[] Projected => Live(_projected);

    /// <summary>Per Gaussian, bit c set when colour channel c was clamped at 0 (its gradient is zero).</summary>
    internal byte[] Clamped => Live(_clamped);

    internal int[] RadiiBuffer => Live(_radii);

    internal ulong[] Keys => Live(_keys);

    internal int[] TileStart => Live(_tileStart);

    /// <summary>Rents the per-pixel and per-Gaussian buffers.</summary>
    internal void Allocate()
    {
        var pixels = Width * Height;
        _image = ArrayPool<float>.Shared.Rent(3 * pixels);
        _finalT = ArrayPool<float>.Shared.Rent(pixels);
        _last = ArrayPool<int>.Shared.Rent(pixels);
        _projected = ArrayPool<ProjectedSplat>.Shared.Rent(Math.Max(1, Count));
        _radii = ArrayPool<int>.Shared.Rent(Math.Max(1, Count));
        _clamped = ArrayPool<byte>.Shared.Rent(Math.Max(1, Count));
        _tileStart = ArrayPool<int>.Shared.Rent((TilesX * TilesY) + 1);
    }

    /// <summary>Rents the tile-list keys once their number is known.</summary>
    internal void AllocateKeys(int pairs)
    {
        PairCount = pairs;
        _keys = ArrayPool<ulong>.Shared.Rent(Math.Max(1, pairs));
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose()
    {
        Return(ref _image);
        Return(ref _finalT);
        Return(ref _last);
        Return(ref _projected);
        Return(ref _radii);
        Return(ref _clamped);
        Return(ref _keys);
        Return(ref _tileStart);
    }

    private static void Return<T>(ref T[]? buffer)
    {
        if (buffer is not null)
            ArrayPool<T>.Shared.Return(buffer);
        buffer = null;
    }

    private static T[] Live<T>(T[]? buffer) => buffer ?? throw new ObjectDisposedException(nameof(RasterPass));
}
