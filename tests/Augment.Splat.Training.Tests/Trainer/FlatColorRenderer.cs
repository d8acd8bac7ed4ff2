using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests;

/// <summary>
/// A test double for the rasteriser: every pixel shows Gaussian 0's SH DC colour (so dImage/dDC = 1 per pixel).
/// Lets the trainer's loop (order, loss, Adam, NaN recovery, checkpoints) be tested without the real rasteriser.
/// </summary>
internal sealed class FlatColorRenderer : ITrainingRenderer
{
    public int Calls { get; private set; }

    /// <summary>Forward calls (0-based) whose gradients are NaN.</summary>
    public HashSet<int> PoisonedCalls { get; } = [];

    public ITrainingPass Forward(SplatParameters scene, PinholeCamera camera, int shDegree, CancellationToken cancellationToken)
    {
        var pixels = camera.Width * camera.Height;
        var image = new float[3 * pixels];
        for (var c = 0; c < 3; c++)
            image.AsSpan(c * pixels, pixels).Fill(scene.Plane(SplatParameters.ShDcRed + c)[0]);
        var radii = new int[scene.Count];
        radii.AsSpan().Fill(1);
        return new Pass(image, radii, pixels, PoisonedCalls.Contains(Calls++));
    }

    public void Backward(ITrainingPass pass, ReadOnlySpan<float> imageGradient, SplatParameters gradients, Span<float> meanGradient2D, Span<int> visibleCount)
    {
        var p = (Pass)pass;
        for (var c = 0; c < 3; c++)
        {
            var sum = 0f;
            foreach (var g in imageGradient.Slice(c * p.Pixels, p.Pixels))
                sum += g;
            gradients.Plane(SplatParameters.ShDcRed + c)[0] += p.Poisoned ? float.NaN : sum;
        }
        for (var i = 0; i < visibleCount.Length; i++)
            visibleCount[i]++;
    }

    private sealed class Pass(float[] image, int[] radii, int pixels, bool poisoned) : ITrainingPass
    {
        public int Pixels { get; } = pixels;

        public bool Poisoned { get; } = poisoned;

        public ReadOnlySpan<float> Image => image;

        public ReadOnlySpan<int> Radii => radii;

        public void Dispose()
        {
        }
    }
}
