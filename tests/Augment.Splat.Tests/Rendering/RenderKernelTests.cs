using System.Numerics;
using System.Runtime.Intrinsics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>The SIMD pieces against their scalar references: the compositor's exp and the eight-wide SH colour.</summary>
public class RenderKernelTests
{
    [Fact]
    public void The_compositor_exp_is_within_1e_6_relative_of_Math_Exp_on_minus_80_to_0()
    {
        var worst = 0.0;
        for (var i = 0; i <= 80_000; i += 8)
        {
            var x = Vector256.Create(-i / 1000f, -(i + 1) / 1000f, -(i + 2) / 1000f, -(i + 3) / 1000f, -(i + 4) / 1000f, -(i + 5) / 1000f, -(i + 6) / 1000f, -(i + 7) / 1000f);
            var e = FastExp.Exp(x);
            for (var j = 0; j < 8; j++)
            {
                var want = Math.Exp(x[j]);
                worst = Math.Max(worst, Math.Abs(e[j] - want) / want);
            }
        }
        Assert.InRange(worst, 0, 1e-6);
        Assert.Equal(1f, FastExp.Exp(Vector256<float>.Zero)[0], 1e-7);
    }

    [Fact]
    public void The_scalar_exp_gives_the_same_bits_as_the_vector_one()
    {
        for (var i = 0; i <= 90_000; i += 8)
        {
            var x = Vector256.Create(-i / 1000f, -(i + 1) / 1000f, -(i + 2) / 1000f, -(i + 3) / 1000f, -(i + 4) / 1000f, -(i + 5) / 1000f, -(i + 6) / 1000f, -(i + 7) / 1000f);
            var e = FastExp.Exp(x);
            for (var j = 0; j < 8; j++)
                Assert.Equal(BitConverter.SingleToInt32Bits(e[j]), BitConverter.SingleToInt32Bits(FastExp.Exp(x[j])));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Eight_wide_SH_colours_equal_the_scalar_ShBasis_colours(int degree)
    {
        var cloud = RenderScenes.Random(203, 12, spreadX: 3, spreadY: 3, shDegree: 3); // wide spread: many directions
        var camera = PinholeCamera.LookAt(new Vector3(0.3f, -0.2f, -1), new Vector3(0, 0, 4), 64, 64, 170);
        var options = new SplatRenderOptions { MaxShDegree = degree };
        var view = new ViewConstants(camera, options, degree, withColour: true);
        var projected = new ProjectedSplat[cloud.Count];
        foreach (ref var p in projected.AsSpan())
        {
            p.X0 = 0;
            p.X1 = 0; // visible: Shade colours only visible splats
        }

        SplatProjection.Shade(cloud, view, 0, cloud.Count, projected);

        for (var i = 0; i < cloud.Count; i++)
        {
            var d = new Vector3(cloud.X[i], cloud.Y[i], cloud.Z[i]) - camera.Position;
            var want = ShBasis.Colour(cloud, i, Vector3.Normalize(d), degree);
            Assert.Equal(MathF.Max(0, want.X), projected[i].Red, 1e-5f);
            Assert.Equal(MathF.Max(0, want.Y), projected[i].Green, 1e-5f);
            Assert.Equal(MathF.Max(0, want.Z), projected[i].Blue, 1e-5f);
        }
    }
}
