namespace Augment.Splat.Training;

/// <summary>Which ILGPU accelerator a <see cref="GpuRasterizer"/> runs its kernels on.</summary>
public enum GpuAccelerator
{
    /// <summary>The first CUDA device ILGPU finds (an error when there is none; see <see cref="GpuRasterizer.IsCudaAvailable"/>).</summary>
    Cuda,

    /// <summary>
    /// ILGPU's CPU accelerator, which runs the same kernels as .NET code on a few threads. It is slow and exists for
    /// tests on machines without a GPU; for CPU training use the SIMD CPU rasteriser instead.
    /// </summary>
    CpuEmulation,
}
