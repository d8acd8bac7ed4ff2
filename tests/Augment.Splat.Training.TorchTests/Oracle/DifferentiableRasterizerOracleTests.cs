using System.Numerics;
using Augment.Splat.Training;
using TorchSharp;

namespace Augment.Splat.Training.TorchTests.Oracle;

/// <summary>The hand-written backward pass against TorchSharp autograd of the same forward (issue 11's gradient check).</summary>
[Collection(TorchTestGroup.Name)]
public sealed class DifferentiableRasterizerOracleTests
{
    public DifferentiableRasterizerOracleTests()
    {
        TorchSharpRuntime.EnsureLoaded();
        torch.set_num_threads(1);
    }

    [Theory]
    [InlineData(31, 0)]
    [InlineData(32, 1)]
    [InlineData(33, 2)]
    [InlineData(34, 3)]
    public void Backward_agrees_with_torch_autograd_within_1e_3_relative_for_every_parameter_kind(int seed, int degree)
    {
        var scene = TinyScenes.Random(seed, 24, degree);
        var camera = TinyScenes.Camera(40, 30);
        var background = new Vector3(0.1f, 0.2f, 0.3f);
        var random = new Random(seed);
        var weights = new float[3 * camera.Width * camera.Height];
        for (var i = 0; i < weights.Length; i++)
            weights[i] = random.NextSingle() - 0.3f;

        var expected = scene.CreateZeroed();
        var torchImage = new TorchReferenceRasterizer(background, doublePrecision: true).RenderWithGradients(scene, camera, degree, weights, expected);

        var ours = scene.CreateZeroed();
        var rasterizer = new DifferentiableRasterizer(new RasterizerOptions { Background = background });
        using (var pass = rasterizer.Forward(scene, camera, degree, TestContext.Current.CancellationToken))
        {
            var image = pass.Image;
            for (var i = 0; i < image.Length; i++)
                Assert.True(Math.Abs(image[i] - torchImage[i]) <= 1e-5f, $"pixel value {i}: ours {image[i]}, torch {torchImage[i]}");
            rasterizer.Backward(pass, weights, ours, new float[scene.Count], new int[scene.Count]);
        }

        var report = new List<string>();
        for (var p = 0; p < scene.PlaneCount; p++)
        {
            var reference = expected.Plane(p);
            var actual = ours.Plane(p);
            double difference = 0, norm = 0, scale = 0;
            for (var i = 0; i < scene.Count; i++)
            {
                difference += Math.Pow(actual[i] - reference[i], 2);
                norm += Math.Pow(reference[i], 2);
                scale = Math.Max(scale, Math.Abs(reference[i]));
            }
            var relative = Math.Sqrt(difference / Math.Max(norm, 1e-30));
            report.Add($"{p}:{relative:E1}");
            Assert.True(norm > 0 || p >= SplatParameters.FirstRest + (3 * GaussianCloud.RestCountFor(degree)),
                $"plane {p} has no gradient; the scene does not exercise it");
            Assert.True(relative <= 1e-3, $"plane {p}: relative error {relative:E2} (ours vs torch autograd)");
            // Each Gaussian too, with a floor for entries that are tiny next to the plane's largest.
            for (var i = 0; i < scene.Count; i++)
            {
                Assert.True(Math.Abs(actual[i] - reference[i]) <= (1e-3 * Math.Abs(reference[i])) + (1e-4 * scale),
                    $"plane {p}, Gaussian {i}: ours {actual[i]}, torch {reference[i]}");
            }
        }
        TestContext.Current.SendDiagnosticMessage($"degree {degree} relative errors per plane: {string.Join(' ', report)}");
    }
}
