using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Augment.Splat.Training;

/// <summary>
/// Gradient of <see cref="GaussianProjection"/>: from each Gaussian's summed screen gradient (centre, conic, peak alpha,
/// colour) to its parameters, as the 3DGS reference's preprocess backward: conic -> 2D covariance -> 3D covariance and
/// the Jacobian -> scale and rotation (through the quaternion normalisation) and position; centre -> position through
/// the perspective projection; colour -> SH coefficients and -> position through the view direction. Clamped Jacobian
/// components and colour channels clamped at 0 pass no gradient (the reference's rule).
/// </summary>
internal static class ProjectionBackward
{
    /// <summary>Gaussians handled per block: the SH part runs plane by plane over a block so that its loops are long and SIMD.</summary>
    private const int Block = 256;

    /// <summary>
    /// Accumulates (+=) the gradients of Gaussians [start, end) into <paramref name="gradients"/> and sets
    /// <paramref name="screenNorm"/>[i] to |dL/d(u, v)| (0 for Gaussians not visible or whose gradient is not finite).
    /// Per block: the geometry per Gaussian (scalar), then the SH coefficients plane by plane (TensorPrimitives over the
    /// block: 48 planes at degree 3 are most of the memory traffic), then the view-direction term per Gaussian.
    /// </summary>
    public static void Run(SplatParameters scene, in ViewConstants view, ReadOnlySpan<byte> clamped, ReadOnlySpan<int> radii,
        ReadOnlySpan<float> screen, int start, int end, SplatParameters gradients, Span<float> screenNorm)
    {
        var planes = scene.Planes;
        var grads = gradients.Planes;
        var restStride = scene.RestCount;
        var basisCount = ShMath.CountFor(view.ShDegree);
        var scratch = ArrayPool<float>.Shared.Rent((2 * 16 * Block) + (3 * Block) + (4 * Block));
        try
        {
            var basis = scratch.AsSpan(0, 16 * Block);
            var weights = scratch.AsSpan(16 * Block, 16 * Block);
            var dColour = scratch.AsSpan(32 * Block, 3 * Block);
            var direction = scratch.AsSpan(35 * Block, 4 * Block);
            Span<float> one = stackalloc float[16];
            Span<float> weight = stackalloc float[16];
            for (var blockStart = start; blockStart < end; blockStart += Block)
            {
                var n = Math.Min(Block, end - blockStart);
                basis.Clear();
                weights.Clear();
                dColour.Clear();
                direction.Clear();
                for (var j = 0; j < n; j++)
                {
                    var i = blockStart + j;
                    if (Geometric(planes, grads, view, clamped, radii, screen, i, screenNorm, out var dir, out var length, dColour, j))
                    {
                        ShMath.Evaluate(dir.X, dir.Y, dir.Z, view.ShDegree, one);
                        for (var k = 0; k < basisCount; k++)
                            basis[(k * Block) + j] = one[k];
                        direction[j] = dir.X;
                        direction[Block + j] = dir.Y;
                        direction[(2 * Block) + j] = dir.Z;
                        direction[(3 * Block) + j] = length;
                    }
                }

                // colour_c = 0.5 + sum_k basis_k coef_ck: d/dcoef_ck = basis_k dL/dcolour_c; the direction term needs
                // w_k = sum_c dL/dcolour_c coef_ck. Culled Gaussians have zero basis and zero colour gradient here.
                for (var ch = 0; ch < 3; ch++)
                {
                    var dc = dColour.Slice(ch * Block, n);
                    var target = grads[SplatParameters.ShDcRed + ch].AsSpan(blockStart, n);
                    TensorPrimitives.MultiplyAdd(basis[..n], dc, target, target);
                    for (var k = 1; k < basisCount; k++)
                    {
                        var plane = SplatParameters.FirstRest + (ch * restStride) + k - 1;
                        var rest = grads[plane].AsSpan(blockStart, n);
                        TensorPrimitives.MultiplyAdd(basis.Slice(k * Block, n), dc, rest, rest);
                        var w = weights.Slice(k * Block, n);
                        TensorPrimitives.MultiplyAdd(dc, planes[plane].AsSpan(blockStart, n), w, w);
                    }
                }
                if (basisCount == 1)
                    continue;
                for (var j = 0; j < n; j++)
                {
                    var length = direction[(3 * Block) + j];
                    if (length == 0)
                        continue;
                    for (var k = 1; k < basisCount; k++)
                        weight[k] = weights[(k * Block) + j];
                    var dir = new Vector3(direction[j], direction[Block + j], direction[(2 * Block) + j]);
                    var dDir = ShMath.Gradient(dir.X, dir.Y, dir.Z, view.ShDegree, weight);
                    // dir = d / |d|: dL/dd = (dL/ddir - dir (dir . dL/ddir)) / |d|.
                    var gPosition = (dDir - (dir * Vector3.Dot(dir, dDir))) / length;
                    if (!float.IsFinite(gPosition.X + gPosition.Y + gPosition.Z))
                        continue;
                    var i = blockStart + j;
                    grads[0][i] += gPosition.X;
                    grads[1][i] += gPosition.Y;
                    grads[2][i] += gPosition.Z;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The geometric part for Gaussian <paramref name="i"/>: adds its position (without the view-direction term), scale,
    /// rotation and opacity gradients, sets its screen-gradient norm, and writes its colour gradient (zero where clamped)
    /// into <paramref name="dColour"/>[c * Block + j]. False (and nothing written) when it is not visible or its gradient is
    /// not finite.
    /// </summary>
    private static bool Geometric(float[][] planes, float[][] grads, in ViewConstants view, ReadOnlySpan<byte> clamped, ReadOnlySpan<int> radii,
        ReadOnlySpan<float> screen, int i, Span<float> screenNorm, out Vector3 dir, out float length, Span<float> dColour, int j)
    {
        screenNorm[i] = 0;
        dir = default;
        length = 0;
        if (radii[i] == 0)
            return false;
        var sg = screen.Slice(i * GaussianProjection.ScreenGradientSize, GaussianProjection.ScreenGradientSize);
        float gU = sg[0], gV = sg[1], gConA = sg[2], gConB = sg[3], gConC = sg[4], gPeak = sg[5];
        if (!GaussianProjection.TryGeometry(planes, i, view, out var g))
            return false;
        var bits = clamped[i];
        var dRed = (bits & 1) != 0 ? 0 : sg[6];
        var dGreen = (bits & 2) != 0 ? 0 : sg[7];
        var dBlue = (bits & 4) != 0 ? 0 : sg[8];
        var d = g.D;
        length = MathF.Sqrt((d.X * d.X) + (d.Y * d.Y) + (d.Z * d.Z));
        dir = new Vector3(d.X / length, d.Y / length, d.Z / length);
        var gPosition = Vector3.Zero;

        // Conic (A, B, C) = (c, -b, a) / det with det = a c - b²: chain to the 2D covariance (a, b, c).
        float a = g.A, b = g.B, c = g.C;
        var invDet2 = 1 / (g.Det * g.Det);
        var ga = invDet2 * ((-c * c * gConA) + (b * c * gConB) - (b * b * gConC));
        var gb = invDet2 * ((2 * b * c * gConA) - ((g.Det + (2 * b * b)) * gConB) + (2 * a * b * gConC));
        var gc = invDet2 * ((-b * b * gConA) + (a * b * gConB) - (a * a * gConC));

        // cov2D = (t0^T Sigma t0, t0^T Sigma t1, t1^T Sigma t1) (+ low-pass on the diagonal).
        var t0 = g.T0;
        var t1 = g.T1;
        var sigmaT0 = new Vector3((g.C00 * t0.X) + (g.C01 * t0.Y) + (g.C02 * t0.Z), (g.C01 * t0.X) + (g.C11 * t0.Y) + (g.C12 * t0.Z), (g.C02 * t0.X) + (g.C12 * t0.Y) + (g.C22 * t0.Z));
        var sigmaT1 = new Vector3((g.C00 * t1.X) + (g.C01 * t1.Y) + (g.C02 * t1.Z), (g.C01 * t1.X) + (g.C11 * t1.Y) + (g.C12 * t1.Z), (g.C02 * t1.X) + (g.C12 * t1.Y) + (g.C22 * t1.Z));
        var gT0 = (2 * ga * sigmaT0) + (gb * sigmaT1);
        var gT1 = (gb * sigmaT0) + (2 * gc * sigmaT1);
        // dL/dSigma as a full matrix (entries independent): ga t0 t0^T + gb t0 t1^T + gc t1 t1^T; Sigma = M M^T gives
        // dL/dM = (G + G^T) M, so only the symmetric part H = G + G^T is needed.
        var h00 = 2 * ((ga * t0.X * t0.X) + (gb * t0.X * t1.X) + (gc * t1.X * t1.X));
        var h11 = 2 * ((ga * t0.Y * t0.Y) + (gb * t0.Y * t1.Y) + (gc * t1.Y * t1.Y));
        var h22 = 2 * ((ga * t0.Z * t0.Z) + (gb * t0.Z * t1.Z) + (gc * t1.Z * t1.Z));
        var h01 = (2 * ga * t0.X * t0.Y) + (gb * ((t0.X * t1.Y) + (t0.Y * t1.X))) + (2 * gc * t1.X * t1.Y);
        var h02 = (2 * ga * t0.X * t0.Z) + (gb * ((t0.X * t1.Z) + (t0.Z * t1.X))) + (2 * gc * t1.X * t1.Z);
        var h12 = (2 * ga * t0.Y * t0.Z) + (gb * ((t0.Y * t1.Z) + (t0.Z * t1.Y))) + (2 * gc * t1.Y * t1.Z);
        var gm00 = (h00 * g.M00) + (h01 * g.M10) + (h02 * g.M20);
        var gm01 = (h00 * g.M01) + (h01 * g.M11) + (h02 * g.M21);
        var gm02 = (h00 * g.M02) + (h01 * g.M12) + (h02 * g.M22);
        var gm10 = (h01 * g.M00) + (h11 * g.M10) + (h12 * g.M20);
        var gm11 = (h01 * g.M01) + (h11 * g.M11) + (h12 * g.M21);
        var gm12 = (h01 * g.M02) + (h11 * g.M12) + (h12 * g.M22);
        var gm20 = (h02 * g.M00) + (h12 * g.M10) + (h22 * g.M20);
        var gm21 = (h02 * g.M01) + (h12 * g.M11) + (h22 * g.M21);
        var gm22 = (h02 * g.M02) + (h12 * g.M12) + (h22 * g.M22);

        // M = R S: M_ij = R_ij s_j, so dL/ds_j = sum_i dL/dM_ij R_ij = sum_i dL/dM_ij M_ij / s_j and d s_j / d log s_j = s_j.
        var gLogScaleX = (gm00 * g.M00) + (gm10 * g.M10) + (gm20 * g.M20);
        var gLogScaleY = (gm01 * g.M01) + (gm11 * g.M11) + (gm21 * g.M21);
        var gLogScaleZ = (gm02 * g.M02) + (gm12 * g.M12) + (gm22 * g.M22);
        float gW = 0, gX = 0, gY = 0, gZ = 0;
        if (g.Normalised)
        {
            // dL/dR_ij = dL/dM_ij s_j; then the derivative of the rotation matrix entries in the unit quaternion.
            float r00 = gm00 * g.S0, r01 = gm01 * g.S1, r02 = gm02 * g.S2;
            float r10 = gm10 * g.S0, r11 = gm11 * g.S1, r12 = gm12 * g.S2;
            float r20 = gm20 * g.S0, r21 = gm21 * g.S1, r22 = gm22 * g.S2;
            float w = g.W, x = g.Qi, y = g.Qj, z = g.Qk;
            var uw = 2 * ((-z * r01) + (y * r02) + (z * r10) - (x * r12) - (y * r20) + (x * r21));
            var ux = 2 * ((y * r01) + (z * r02) + (y * r10) - (2 * x * r11) - (w * r12) + (z * r20) + (w * r21) - (2 * x * r22));
            var uy = 2 * ((-2 * y * r00) + (x * r01) + (w * r02) + (x * r10) + (z * r12) - (w * r20) + (z * r21) - (2 * y * r22));
            var uz = 2 * ((-2 * z * r00) - (w * r01) + (x * r02) + (w * r10) - (2 * z * r11) + (y * r12) + (x * r20) + (y * r21));
            // q_hat = q / |q|: dL/dq = (dL/dq_hat - q_hat (q_hat . dL/dq_hat)) / |q|.
            var dot = (w * uw) + (x * ux) + (y * uy) + (z * uz);
            gW = (uw - (w * dot)) * g.InvNorm;
            gX = (ux - (x * dot)) * g.InvNorm;
            gY = (uy - (y * dot)) * g.InvNorm;
            gZ = (uz - (z * dot)) * g.InvNorm;
        }

        // t0 = fx invZ (right - cxz forward), t1 = fy invZ (down - cyz forward).
        var gInvZ = (view.FocalX * Vector3.Dot(view.Right - (g.Cxz * view.Forward), gT0)) + (view.FocalY * Vector3.Dot(view.Down - (g.Cyz * view.Forward), gT1));
        var gXz = view.FocalX * gU;
        var gYz = view.FocalY * gV;
        if (!g.ClampedX)
            gXz -= view.FocalX * g.InvZ * Vector3.Dot(view.Forward, gT0);
        if (!g.ClampedY)
            gYz -= view.FocalY * g.InvZ * Vector3.Dot(view.Forward, gT1);
        // invZ = 1 / (d . forward); xz = (d . right) invZ; yz = (d . down) invZ.
        gPosition += (-g.InvZ * g.InvZ * gInvZ * view.Forward)
            + (gXz * g.InvZ * (view.Right - (g.Xz * view.Forward)))
            + (gYz * g.InvZ * (view.Down - (g.Yz * view.Forward)));
        var gLogit = gPeak * g.Alpha * (1 - g.Alpha);
        var check = gPosition.X + gPosition.Y + gPosition.Z + gLogScaleX + gLogScaleY + gLogScaleZ + gW + gX + gY + gZ + gLogit + dRed + dGreen + dBlue + length;
        if (!float.IsFinite(check))
            return false;
        screenNorm[i] = MathF.Sqrt((gU * gU) + (gV * gV));
        grads[0][i] += gPosition.X;
        grads[1][i] += gPosition.Y;
        grads[2][i] += gPosition.Z;
        grads[3][i] += gLogScaleX;
        grads[4][i] += gLogScaleY;
        grads[5][i] += gLogScaleZ;
        grads[6][i] += gW;
        grads[7][i] += gX;
        grads[8][i] += gY;
        grads[9][i] += gZ;
        grads[10][i] += gLogit;
        dColour[j] = dRed;
        dColour[Block + j] = dGreen;
        dColour[(2 * Block) + j] = dBlue;
        return true;
    }
}
