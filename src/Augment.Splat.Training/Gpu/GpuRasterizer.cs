using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Augment.Splat.Training;

/// <summary>
/// The differentiable Gaussian rasteriser on a GPU through ILGPU: the same forward and backward passes as the CPU
/// rasteriser (projection, tile binning and depth sort, front-to-back compositing, and their analytic gradients, after
/// Kerbl et al. 2023), with projection, compositing and both backward passes as device kernels. Binning and sorting
/// run on the host between the two forward kernels. One instance owns an ILGPU context and accelerator; it is not
/// thread-safe. Dispose it to release the device.
/// </summary>
public sealed class GpuRasterizer : IDisposable
{
    private static readonly Lazy<string?> CudaDeviceName = new(FindCuda);

    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly GpuRasterizerOptions _options;
    private readonly Action<Index1D, ArrayView<float>, GpuView, ArrayView<GpuSplat>> _project;
    private readonly Action<Index1D, GpuView, ArrayView<GpuSplat>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<int>> _composite;
    private readonly Action<Index1D, GpuView, ArrayView<GpuSplat>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>> _compositeBackward;
    private readonly Action<Index1D, ArrayView<float>, GpuView, ArrayView<GpuSplat>, ArrayView<float>, ArrayView<float>, ArrayView<float>> _projectBackward;
    private bool _disposed;

    /// <summary>Creates the ILGPU context and accelerator and compiles the kernels.</summary>
    /// <param name="options">Drawing options and the accelerator (default: CUDA).</param>
    /// <exception cref="AugmentException">CUDA was asked for and ILGPU finds no CUDA device.</exception>
    public GpuRasterizer(GpuRasterizerOptions? options = null)
    {
        _options = options ?? new GpuRasterizerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.LowPassVariance);
        if (_options.Accelerator == GpuAccelerator.Cuda)
        {
            if (!IsCudaAvailable)
                throw new AugmentException("No CUDA device was found by ILGPU (no NVIDIA driver, or no GPU); use the CPU rasteriser instead.");
            _context = Context.Create(b => b.Cuda().Math(MathMode.Fast32BitOnly));
            _accelerator = _context.CreateCudaAccelerator(0);
        }
        else
        {
            // A few threads only: the CPU accelerator runs every group thread as an OS thread, and exists for tests.
            _context = Context.Create(b => b.CPU(new CPUDevice(4, 1, 1)));
            _accelerator = _context.CreateCPUAccelerator(0);
        }
        DeviceName = _accelerator.Name;
        _project = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, GpuView, ArrayView<GpuSplat>>(GpuKernels.ProjectKernel);
        _composite = _accelerator.LoadAutoGroupedStreamKernel<Index1D, GpuView, ArrayView<GpuSplat>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, ArrayView<int>>(GpuKernels.CompositeForwardKernel);
        _compositeBackward = _accelerator.LoadAutoGroupedStreamKernel<Index1D, GpuView, ArrayView<GpuSplat>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>>(GpuKernels.CompositeBackwardKernel);
        _projectBackward = _accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, GpuView, ArrayView<GpuSplat>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(GpuKernels.ProjectBackwardKernel);
    }

    /// <summary>True when ILGPU finds a CUDA device on this machine (checked once per process).</summary>
    public static bool IsCudaAvailable => CudaDeviceName.Value is not null;

    /// <summary>Name of the first CUDA device ILGPU finds, or null when there is none.</summary>
    public static string? CudaDevice => CudaDeviceName.Value;

    /// <summary>Name of the accelerator the kernels run on.</summary>
    public string DeviceName { get; }

    /// <summary>
    /// Renders <paramref name="scene"/> (SH up to <paramref name="shDegree"/>) into a planar RGB image, keeping on the
    /// device what <see cref="Backward"/> needs. The same pixels as SplatRenderer.Render with the same background and
    /// low-pass variance (to float rounding).
    /// </summary>
    /// <param name="scene">The Gaussians.</param>
    /// <param name="camera">The view.</param>
    /// <param name="shDegree">SH degree drawn, 0 to the scene's degree.</param>
    /// <param name="cancellationToken">Cancels between stages.</param>
    public GpuRasterPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentOutOfRangeException.ThrowIfNegative(shDegree);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shDegree, scene.ShDegree);
        var count = scene.Count;
        var view = GpuView.Create(camera, _options.Background, _options.LowPassVariance, shDegree, scene.RestCount, count);
        var tilesY = (camera.Height + GpuKernels.TileSize - 1) / GpuKernels.TileSize;
        var pixels = camera.Width * camera.Height;
        var planeCount = scene.PlaneCount;
        _options.Budget.EnsureAllocation((long)planeCount * count * sizeof(float) * 2, $"the parameters of {count:N0} Gaussians for the GPU");

        var flat = new float[Math.Max(1, (long)planeCount * count)];
        for (var p = 0; p < planeCount; p++)
            scene.Plane(p).CopyTo(flat.AsSpan(p * count, count));
        var parameters = _accelerator.Allocate1D(flat);
        var splats = _accelerator.Allocate1D<GpuSplat>(Math.Max(1, count));
        MemoryBuffer1D<int, Stride1D.Dense>? tileStart = null, tileSplats = null, lastCount = null;
        MemoryBuffer1D<float, Stride1D.Dense>? finalT = null;
        try
        {
            splats.MemSetToZero();
            if (count > 0)
                _project(count, parameters.View, view, splats.View);
            var projected = new GpuSplat[Math.Max(1, count)];
            splats.CopyToCPU(projected);
            cancellationToken.ThrowIfCancellationRequested();

            var (starts, lists) = TileBinning.Bin(projected.AsSpan(0, count), view.TilesX, tilesY, _options.Budget, cancellationToken);
            tileStart = _accelerator.Allocate1D(starts);
            tileSplats = _accelerator.Allocate1D(lists);
            var image = _accelerator.Allocate1D<float>(3L * pixels);
            finalT = _accelerator.Allocate1D<float>(pixels);
            lastCount = _accelerator.Allocate1D<int>(pixels);
            var imageHost = new float[3 * pixels];
            using (image)
            {
                _composite(pixels, view, splats.View, tileStart.View, tileSplats.View, image.View, finalT.View, lastCount.View);
                image.CopyToCPU(imageHost);
            }
            var radii = new int[count];
            for (var i = 0; i < count; i++)
                radii[i] = projected[i].Radius;
            return new GpuRasterPass(this, view, planeCount, imageHost, radii, parameters, splats, tileStart, tileSplats, finalT, lastCount,
                starts[^1]);
        }
        catch
        {
            parameters.Dispose();
            splats.Dispose();
            tileStart?.Dispose();
            tileSplats?.Dispose();
            finalT?.Dispose();
            lastCount?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Accumulates (+=) dLoss/dParameter for every plane of <paramref name="gradients"/> given dLoss/dImage, adds per
    /// Gaussian the screen-space mean gradient norm |dL/d(u, v)| in pixels to <paramref name="meanGradient2D"/>, and
    /// counts (+1) the Gaussians visible in this view in <paramref name="visibleCount"/>.
    /// </summary>
    /// <param name="pass">A forward pass of this rasteriser, not yet disposed.</param>
    /// <param name="imageGradient">dLoss/dImage, planar like <see cref="GpuRasterPass.Image"/>.</param>
    /// <param name="gradients">Gradient planes of the scene's shape.</param>
    /// <param name="meanGradient2D">One float per Gaussian.</param>
    /// <param name="visibleCount">One count per Gaussian.</param>
    public void Backward(GpuRasterPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(gradients);
        ObjectDisposedException.ThrowIf(pass.IsDisposed, pass);
        if (!ReferenceEquals(pass.Owner, this))
            throw new ArgumentException("The pass was made by another GpuRasterizer.", nameof(pass));
        var count = pass.Count;
        var pixels = pass.Width * pass.Height;
        if (imageGradient.Length != 3 * pixels)
            throw new ArgumentException($"Expected {3 * pixels} image gradients ({pass.Width}x{pass.Height}x3), got {imageGradient.Length}.", nameof(imageGradient));
        if (gradients.Count != count || gradients.PlaneCount != pass.PlaneCount)
            throw new ArgumentException($"Expected gradients for {count} Gaussians in {pass.PlaneCount} planes, got {gradients.Count} in {gradients.PlaneCount}.", nameof(gradients));
        if (meanGradient2D.Length != count)
            throw new ArgumentException($"Expected {count} mean-gradient entries, got {meanGradient2D.Length}.", nameof(meanGradient2D));
        if (visibleCount.Length != count)
            throw new ArgumentException($"Expected {count} visibility counts, got {visibleCount.Length}.", nameof(visibleCount));
        if (count == 0)
            return;

        var view = pass.View;
        using var imageGrad = _accelerator.Allocate1D(imageGradient.ToArray());
        using var splatGradient = _accelerator.Allocate1D<float>((long)count * GpuKernels.SplatGradientStride);
        using var gradient = _accelerator.Allocate1D<float>((long)pass.PlaneCount * count);
        using var meanGradient = _accelerator.Allocate1D<float>(count);
        splatGradient.MemSetToZero();
        gradient.MemSetToZero();
        meanGradient.MemSetToZero();
        _compositeBackward(pixels, view, pass.Splats.View, pass.TileStart.View, pass.TileSplats.View, pass.FinalT.View, pass.LastCount.View,
            imageGrad.View, splatGradient.View);
        _projectBackward(count, pass.Parameters.View, view, pass.Splats.View, splatGradient.View, gradient.View, meanGradient.View);
        var flat = new float[(long)pass.PlaneCount * count];
        gradient.CopyToCPU(flat);
        var means = new float[count];
        meanGradient.CopyToCPU(means);
        for (var p = 0; p < pass.PlaneCount; p++)
        {
            var target = gradients.Plane(p);
            var source = flat.AsSpan(p * count, count);
            for (var i = 0; i < count; i++)
                target[i] += source[i];
        }
        var radii = pass.Radii;
        for (var i = 0; i < count; i++)
        {
            meanGradient2D[i] += means[i];
            if (radii[i] > 0)
                visibleCount[i]++;
        }
    }

    /// <summary>Releases the accelerator and the ILGPU context.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _accelerator.Dispose();
        _context.Dispose();
    }

    private static string? FindCuda()
    {
        try
        {
            using var context = Context.Create(b => b.Cuda());
            var devices = context.GetCudaDevices();
            return devices.Count > 0 ? devices[0].Name : null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or CudaException)
        {
            // No driver (libcuda), or a driver that fails to initialise (CudaException): no usable CUDA here.
            return null;
        }
    }
}
