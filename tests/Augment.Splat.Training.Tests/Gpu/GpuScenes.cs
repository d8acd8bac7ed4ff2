using System.Numerics;
using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Gpu;

/// <summary>Tiny random scenes and a small camera for the GPU rasteriser's tests (ILGPU's CPU accelerator is slow).</summary>
internal static class GpuScenes
{
    public static PinholeCamera Camera(int width = 32, int height = 24) =>
        PinholeCamera.LookAt(new Vector3(0.3f, -0.4f, -3f), Vector3.Zero, width, height, 50);

    /// <summary>Gaussians in a box around the origin, seen by <see cref="Camera"/>: varied sizes, rotations, opacities and colours.</summary>
    /// <param name="count">Gaussians.</param>
    /// <param name="shDegree">SH degree.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="maxOpacityLogit">Largest opacity logit: at most -0.7 (opacity 0.33) keeps every alpha at a pixel box's
    /// edge (3 sigma or more out, e^-4.5 x opacity) below the 1/255 cut-off, so the box does not cut the image off there
    /// and finite differences see a smooth image.</param>
    public static SplatParameters Random(int count, int shDegree, int seed, float maxOpacityLogit = 3f)
    {
        var random = new Random(seed);
        var scene = new SplatParameters(count, shDegree);
        float Uniform(float low, float high) => low + ((high - low) * (float)random.NextDouble());
        for (var i = 0; i < count; i++)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                scene.Plane(SplatParameters.PositionX + axis)[i] = Uniform(-0.8f, 0.8f);
                scene.Plane(SplatParameters.LogScaleX + axis)[i] = MathF.Log(Uniform(0.04f, 0.2f));
                scene.Plane(SplatParameters.ShDcRed + axis)[i] = Uniform(-1.2f, 1.2f);
            }
            for (var q = 0; q < 4; q++)
                scene.Plane(SplatParameters.RotationW + q)[i] = Uniform(-1f, 1f);
            scene.Plane(SplatParameters.Opacity)[i] = Uniform(maxOpacityLogit - 2.5f, maxOpacityLogit);
            for (var k = 0; k < 3 * scene.RestCount; k++)
                scene.Plane(SplatParameters.FirstRest + k)[i] = Uniform(-0.3f, 0.3f);
        }
        return scene;
    }

    public static GpuRasterizerOptions Options { get; } = new()
    {
        Background = new Vector3(0.1f, 0.2f, 0.3f),
        Accelerator = GpuAccelerator.CpuEmulation,
    };
}
