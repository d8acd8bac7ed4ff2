using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Augment.Splat;

/// <summary>
/// e^x to about 2e-7 relative for x in [-80, 0]: Cody-Waite reduction to x = n ln 2 + r, |r| &lt;= ln 2 / 2, and the
/// degree-6 Taylor polynomial of e^r, cheaper than <see cref="Vector256.Exp(Vector256{float})"/>, which works in double.
/// Below -80 it loses relative precision and is clamped at e^-87, far below the 1/255 alpha cut-off. The scalar and the
/// <see cref="Vector256"/> forms give identical bits: the preview compositor and the training rasteriser (forward and
/// backward, which must recompute exactly the alphas the forward composited) share them.
/// </summary>
internal static class FastExp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x)
    {
        x = MathF.Max(x, -87f);
        var n = MathF.Floor((x * 1.44269504f) + 0.5f);
        var r = (x - (n * 0.693359375f)) - (n * -2.12194440e-4f);
        var p = 1f / 720;
        p = (p * r) + (1f / 120);
        p = (p * r) + (1f / 24);
        p = (p * r) + (1f / 6);
        p = (p * r) + 0.5f;
        p = (p * r) + 1f;
        p = (p * r) + 1f;
        var scale = BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Max(x, Vector256.Create(-87f));
        var n = Vector256.Floor((x * Vector256.Create(1.44269504f)) + Vector256.Create(0.5f));
        var r = (x - (n * Vector256.Create(0.693359375f))) - (n * Vector256.Create(-2.12194440e-4f));
        var p = Vector256.Create(1f / 720);
        p = (p * r) + Vector256.Create(1f / 120);
        p = (p * r) + Vector256.Create(1f / 24);
        p = (p * r) + Vector256.Create(1f / 6);
        p = (p * r) + Vector256.Create(0.5f);
        p = (p * r) + Vector256<float>.One;
        p = (p * r) + Vector256<float>.One;
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }
}
