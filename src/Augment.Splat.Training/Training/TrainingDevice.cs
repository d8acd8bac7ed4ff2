namespace Augment.Splat.Training;

/// <summary>Where <see cref="SplatTrainer"/> rasterises and back-propagates (the Adam step and density control run on the host either way).</summary>
public enum TrainingDevice
{
    /// <summary>CUDA through ILGPU when it finds a device (<see cref="GpuRasterizer.IsCudaAvailable"/>), else the SIMD CPU rasteriser.</summary>
    Auto,

    /// <summary>The SIMD, multi-threaded CPU rasteriser (<see cref="DifferentiableRasterizer"/>); bit-for-bit deterministic.</summary>
    Cpu,

    /// <summary>The ILGPU kernels on the first CUDA device (<see cref="GpuRasterizer"/>); training fails with an <see cref="AugmentException"/> when there is none.</summary>
    Cuda,

    /// <summary>The same ILGPU kernels on ILGPU's CPU accelerator: slow, for checking the GPU path on a machine without a GPU.</summary>
    GpuEmulation,
}
