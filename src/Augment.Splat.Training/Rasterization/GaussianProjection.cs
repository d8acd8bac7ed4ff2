using System.Numerics;

namespace Augment.Splat.Training;

/// <summary>
/// Per-Gaussian preprocessing of the 3DGS rasteriser (Kerbl et al. 2023, <c>preprocessCUDA</c>) and its gradient
/// (<c>preprocessCUDA</c> / <c>computeCov2DCUDA</c> backward). The forward repeats, operation for operation, Augment.Splat's
/// SplatProjection (near plane 0.2, Jacobian clamp 1.3 x half field of view, cull guard band 2, low-pass variance on the
/// 2D covariance diagonal, radius ceil(3 sqrt(lambda_max)), SH colour + 0.5 clamped at 0), so that the training image
/// equals the preview. Both directions recompute the geometry through <see cref="TryGeometry"/>, so the backward sees the
/// very floats the forward used. Scalar on purpose: a small part of a pass, and it reads like the paper.
/// </summary>
internal static class GaussianProjection
{
    /// <summary>Gaussians whose peak alpha is below this can never be composited (the preview's cut).</summary>
    public const float MinAlpha = SplatProjection.MinAlpha;

    /// <summary>Floats of the per-Gaussian screen-space gradient: dL/d(u, v, conic A, B, C, peak alpha, red, green, blue).</summary>
    public const int ScreenGradientSize = 9;

    /// <summary>The view-dependent geometry of one Gaussian, as the forward computes it.</summary>
    internal struct Geometry
    {
        public Vector3 D;
        public float InvZ, Xz, Yz;
        public bool ClampedX, ClampedY;
        public float Cxz, Cyz;
        public float W, Qi, Qj, Qk, InvNorm;
        public bool Normalised;
        public float S0, S1, S2;
        public float M00, M01, M02, M10, M11, M12, M20, M21, M22;
        public float C00, C01, C02, C11, C12, C22;
        public Vector3 T0, T1;
        public float A, B, C, Det;
        public float Alpha, Depth;
    }

    /// <summary>
    /// Computes the geometry of Gaussian <paramref name="i"/>; false when it is culled before the box test (behind the
    /// near plane, outside the guard band, too transparent, degenerate 2D covariance or any non-finite parameter).
    /// </summary>
    public static bool TryGeometry(float[][] planes, int i, in ViewConstants view, out Geometry g)
    {
        g = default;
        float px = planes[0][i], py = planes[1][i], pz = planes[2][i];
        float lx = planes[3][i], ly = planes[4][i], lz = planes[5][i];
        float w = planes[6][i], qi = planes[7][i], qj = planes[8][i], qk = planes[9][i];
        var logit = planes[10][i];
        // Any non-finite parameter culls the Gaussian, so neither the image nor the gradients see a NaN (the preview
        // renderer would draw a NaN quaternion as the identity; training must not).
        if (!float.IsFinite(px + py + pz + lx + ly + lz + w + qi + qj + qk + logit) && !AllFinite(px, py, pz, lx, ly, lz, w, qi, qj, qk, logit))
            return false;
        var d = new Vector3(px, py, pz) - view.Position;
        var tz = Vector3.Dot(d, view.Forward);
        if (!(tz > SplatProjection.NearPlane) || !float.IsFinite(tz))
            return false;
        var invZ = 1 / tz;
        var xz = Vector3.Dot(d, view.Right) * invZ;
        var yz = Vector3.Dot(d, view.Down) * invZ;
        if (!(MathF.Abs(xz - view.MidX) <= view.CullX && MathF.Abs(yz - view.MidY) <= view.CullY))
            return false;
        var alpha = 1 / (1 + MathF.Exp(-logit));
        if (!(alpha >= MinAlpha))
            return false;

        // Sigma = R S S^T R^T, R from the normalised quaternion (w, x, y, z), S = diag(exp(log-scale)).
        var norm2 = (w * w) + (qi * qi) + (qj * qj) + (qk * qk);
        if (norm2 > 0 && float.IsFinite(norm2))
        {
            var inv = 1 / MathF.Sqrt(norm2);
            g.InvNorm = inv;
            g.Normalised = true;
            w *= inv;
            qi *= inv;
            qj *= inv;
            qk *= inv;
        }
        else
        {
            // As GaussianCloud.NormalizeRotations: a zero quaternion is the identity (and gets no gradient).
            (w, qi, qj, qk) = (1, 0, 0, 0);
        }
        float s0 = MathF.Exp(lx), s1 = MathF.Exp(ly), s2 = MathF.Exp(lz);
        var m00 = (1 - (2 * ((qj * qj) + (qk * qk)))) * s0;
        var m01 = 2 * ((qi * qj) - (w * qk)) * s1;
        var m02 = 2 * ((qi * qk) + (w * qj)) * s2;
        var m10 = 2 * ((qi * qj) + (w * qk)) * s0;
        var m11 = (1 - (2 * ((qi * qi) + (qk * qk)))) * s1;
        var m12 = 2 * ((qj * qk) - (w * qi)) * s2;
        var m20 = 2 * ((qi * qk) - (w * qj)) * s0;
        var m21 = 2 * ((qj * qk) + (w * qi)) * s1;
        var m22 = (1 - (2 * ((qi * qi) + (qj * qj)))) * s2;
        var c00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        var c01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        var c02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        var c11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        var c12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        var c22 = (m20 * m20) + (m21 * m21) + (m22 * m22);

        // EWA (Zwicker et al. 2002, eq. 31): cov2D = T Sigma T^T, T = J W, J the Jacobian of the perspective projection at
        // the centre with x/z, y/z clamped (3DGS), W the world-to-camera rotation (rows right, down, forward).
        var cxz = Math.Clamp(xz, view.MidX - view.ClampX, view.MidX + view.ClampX);
        var cyz = Math.Clamp(yz, view.MidY - view.ClampY, view.MidY + view.ClampY);
        var t0 = view.FocalX * invZ * (view.Right - (cxz * view.Forward));
        var t1 = view.FocalY * invZ * (view.Down - (cyz * view.Forward));
        var s0x = (c00 * t0.X) + (c01 * t0.Y) + (c02 * t0.Z);
        var s0y = (c01 * t0.X) + (c11 * t0.Y) + (c12 * t0.Z);
        var s0z = (c02 * t0.X) + (c12 * t0.Y) + (c22 * t0.Z);
        var s1x = (c00 * t1.X) + (c01 * t1.Y) + (c02 * t1.Z);
        var s1y = (c01 * t1.X) + (c11 * t1.Y) + (c12 * t1.Z);
        var s1z = (c02 * t1.X) + (c12 * t1.Y) + (c22 * t1.Z);
        var a = (t0.X * s0x) + (t0.Y * s0y) + (t0.Z * s0z) + view.LowPassVariance;
        var b = (t0.X * s1x) + (t0.Y * s1y) + (t0.Z * s1z);
        var c = (t1.X * s1x) + (t1.Y * s1y) + (t1.Z * s1z) + view.LowPassVariance;
        var det = (a * c) - (b * b);
        if (!(det > 0) || !float.IsFinite(det))
            return false;

        g.D = d;
        g.InvZ = invZ;
        g.Xz = xz;
        g.Yz = yz;
        g.Cxz = cxz;
        g.Cyz = cyz;
        g.ClampedX = cxz != xz;
        g.ClampedY = cyz != yz;
        (g.W, g.Qi, g.Qj, g.Qk) = (w, qi, qj, qk);
        (g.S0, g.S1, g.S2) = (s0, s1, s2);
        (g.M00, g.M01, g.M02, g.M10, g.M11, g.M12, g.M20, g.M21, g.M22) = (m00, m01, m02, m10, m11, m12, m20, m21, m22);
        (g.C00, g.C01, g.C02, g.C11, g.C12, g.C22) = (c00, c01, c02, c11, c12, c22);
        g.T0 = t0;
        g.T1 = t1;
        (g.A, g.B, g.C, g.Det) = (a, b, c, det);
        g.Alpha = alpha;
        g.Depth = tz;
        return true;
    }

    private static bool AllFinite(params ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                return false;
        }
        return true;
    }

    /// <summary>
    /// Projects Gaussians [start, end) into <paramref name="output"/> (the preview renderer's record), <paramref name="radii"/>
    /// (0 = culled) and <paramref name="clamped"/> (bit c set: colour channel c was clamped at 0, so its gradient is zero),
    /// indexed like the scene.
    /// </summary>
    public static void Project(SplatParameters scene, in ViewConstants view, int start, int end, Span<ProjectedSplat> output, Span<int> radii, Span<byte> clamped)
    {
        var planes = scene.Planes;
        Span<float> basis = stackalloc float[16];
        Span<float> rgb = stackalloc float[3];
        var restStride = scene.RestCount;
        var restUsed = ShMath.CountFor(view.ShDegree) - 1;
        for (var i = start; i < end; i++)
        {
            ref var o = ref output[i];
            o.Cull();
            radii[i] = 0;
            clamped[i] = 0;
            if (!TryGeometry(planes, i, view, out var g))
                continue;
            var invDet = 1 / g.Det;
            var mid = 0.5f * (g.A + g.C);
            var lambda = mid + MathF.Sqrt(MathF.Max(0.1f, (mid * mid) - g.Det));
            var radius = MathF.Ceiling(3 * MathF.Sqrt(lambda));
            var u = (view.FocalX * g.Xz) + view.CenterX;
            var v = (view.FocalY * g.Yz) + view.CenterY;
            // Pixels whose centre (p + 0.5) is within the radius on each axis, clipped to the image.
            var x0 = MathF.Max(0, MathF.Ceiling(u - 0.5f - radius));
            var x1 = MathF.Min(view.Width - 1, MathF.Floor(u - 0.5f + radius));
            var y0 = MathF.Max(0, MathF.Ceiling(v - 0.5f - radius));
            var y1 = MathF.Min(view.Height - 1, MathF.Floor(v - 0.5f + radius));
            if (!(x0 <= x1 && y0 <= y1))
                continue;

            // Colour: SH along the unit direction camera -> centre, + 0.5, clamped at 0 (computeColorFromSH).
            var d = g.D;
            var length = MathF.Sqrt((d.X * d.X) + (d.Y * d.Y) + (d.Z * d.Z));
            ShMath.Evaluate(d.X / length, d.Y / length, d.Z / length, view.ShDegree, basis);
            var clampedBits = 0;
            for (var ch = 0; ch < 3; ch++)
            {
                var sum = 0.5f + (basis[0] * planes[SplatParameters.ShDcRed + ch][i]);
                for (var k = 0; k < restUsed; k++)
                    sum += basis[k + 1] * planes[SplatParameters.FirstRest + (ch * restStride) + k][i];
                if (sum < 0)
                    clampedBits |= 1 << ch;
                rgb[ch] = MathF.Max(0, sum);
            }
            if (!float.IsFinite(rgb[0] + rgb[1] + rgb[2]))
                continue;

            o.U = u;
            o.V = v;
            o.ConicA = g.C * invDet;
            o.ConicB = -g.B * invDet;
            o.ConicC = g.A * invDet;
            o.Alpha = g.Alpha;
            o.Red = rgb[0];
            o.Green = rgb[1];
            o.Blue = rgb[2];
            o.Depth = g.Depth;
            o.X0 = (short)x0;
            o.X1 = (short)x1;
            o.Y0 = (short)y0;
            o.Y1 = (short)y1;
            clamped[i] = (byte)clampedBits;
            radii[i] = (int)MathF.Min(radius, int.MaxValue / 2);
        }
    }
}
