using System.Reflection;
using Augment.Splat.Training;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Augment.SplatTraining.Tests.Gpu;

/// <summary>
/// The CUDA path without a GPU: ILGPU's PTX backend compiles every kernel for the H100/H200 generation (sm_90) and for
/// an older card (sm_75), as it would on a CUDA accelerator. This catches what the CPU accelerator cannot (it runs the
/// kernels as .NET code): constructs ILGPU cannot translate, unmapped math functions. Whether the PTX then runs
/// correctly on a device is the job of the conditional CUDA test and the prepared GPU check.
/// </summary>
public class GpuPtxTests
{
    [Theory]
    [InlineData(nameof(GpuKernels.ProjectKernel))]
    [InlineData(nameof(GpuKernels.CompositeForwardKernel))]
    [InlineData(nameof(GpuKernels.CompositeBackwardKernel))]
    [InlineData(nameof(GpuKernels.ProjectBackwardKernel))]
    public void Kernel_compiles_to_PTX_for_sm_90_and_sm_75(string kernel)
    {
        using var context = Context.Create(b => b.Math(MathMode.Fast32BitOnly));
        var method = typeof(GpuKernels).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!;
        foreach (var (architecture, isa) in new[] { (CudaArchitecture.SM_90, CudaInstructionSet.ISA_80), (CudaArchitecture.SM_75, CudaInstructionSet.ISA_70) })
        {
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, isa, null);
            var entry = EntryPointDescription.FromImplicitlyGroupedKernel(method);
            var compiled = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
            Assert.Contains(".entry", compiled.PTXAssembly, StringComparison.Ordinal);
            if (kernel == nameof(GpuKernels.CompositeBackwardKernel))
                Assert.Matches(@"(atom|red)(\.[a-z]+)*\.add\.f32", compiled.PTXAssembly); // the gradients' float atomics
        }
    }
}
