using ILGPU;
using ILGPU.Runtime;

namespace Augment.Splat.Training;

/// <summary>
/// The device kernels of the GPU rasteriser, written once in C# and compiled by ILGPU (to PTX on CUDA; run as .NET on
/// ILGPU's CPU accelerator in tests). They follow the structure of the 3DGS reference rasteriser (Kerbl et al. 2023:
/// <c>preprocessCUDA</c>, <c>renderCUDA</c> and their backward passes) and reproduce the forward of Augment.Splat's
/// preview renderer (SplatProjection + TileCompositor) exactly: near plane 0.2, Jacobian clamp 1.3 x the half field of
/// view, cull guard band 2, low-pass variance added to the 2D covariance, radius ceil(3 sqrt(lambda max)), pixel centres
/// at p + 0.5, alpha = min(0.99, opacity e^power), skip alpha &lt; 1/255, stop before T &lt; 1e-4, colour = SH + 0.5
/// clamped at 0, background x final T. Kernels use plain floats (no spans, no Vector3) so that ILGPU can compile them.
/// Parameters are one flat buffer of planes in <see cref="SplatParameters"/> order: plane p of Gaussian i at p x count + i.
/// </summary>
internal static class GpuKernels
{
    // The preview renderer's constants (compile-time, so ILGPU sees plain literals).
    public const int TileSize = TileCompositor.TileSize;
    public const float NearPlane = SplatProjection.NearPlane;
    public const float JacobianClamp = SplatProjection.JacobianClamp;
    public const float CullGuardBand = SplatProjection.CullGuardBand;
    public const float MinAlpha = TileCompositor.MinAlpha;
    public const float MaxAlpha = TileCompositor.MaxAlpha;
    public const float MinTransmittance = TileCompositor.MinTransmittance;

    /// <summary>Per-Gaussian screen-space gradients the compositing backward accumulates: u, v, conic A B C, opacity, r g b.</summary>
    public const int SplatGradientStride = 9;

    private const float ShC0 = 0.28209479177387814f;
    private const float ShC1 = 0.4886025119029199f;

    /// <summary>Projection forward, one thread per Gaussian.</summary>
    public static void ProjectKernel(Index1D index, ArrayView<float> parameters, GpuView view, ArrayView<GpuSplat> splats)
    {
        splats[index] = Project(parameters, index, view);
    }

    /// <summary>
    /// Cull, 3D covariance Sigma = R S S^T R^T, EWA projection cov2D = J W Sigma W^T J^T + low-pass (Zwicker et al. 2002,
    /// eq. 31), conic, radius, pixel box and SH colour of Gaussian <paramref name="i"/>; Radius 0 when culled.
    /// </summary>
    public static GpuSplat Project(ArrayView<float> p, int i, GpuView v)
    {
        var s = default(GpuSplat);
        var n = v.Count;
        float dx = p[i] - v.PositionX, dy = p[n + i] - v.PositionY, dz = p[(2 * n) + i] - v.PositionZ;
        var tz = (dx * v.ForwardX) + (dy * v.ForwardY) + (dz * v.ForwardZ);
        if (!(tz > NearPlane) || !IsFinite(tz))
            return s;
        var invZ = 1 / tz;
        var xz = ((dx * v.RightX) + (dy * v.RightY) + (dz * v.RightZ)) * invZ;
        var yz = ((dx * v.DownX) + (dy * v.DownY) + (dz * v.DownZ)) * invZ;
        if (!(MathF.Abs(xz - v.MidX) <= v.CullX && MathF.Abs(yz - v.MidY) <= v.CullY))
            return s;
        var alpha = 1 / (1 + Exp(-p[(SplatParameters.Opacity * n) + i]));
        if (!(alpha >= MinAlpha))
            return s;
        Covariance(p, i, n, out var c00, out var c01, out var c02, out var c11, out var c12, out var c22);

        var e = Ewa(v, xz, yz, invZ, c00, c01, c02, c11, c12, c22);
        float a = e.A, b = e.B, c = e.C;
        var det = (a * c) - (b * b);
        if (!(det > 0) || !IsFinite(det))
            return s;
        var invDet = 1 / det;
        var mid = 0.5f * (a + c);
        var lambda = mid + MathF.Sqrt(MathF.Max(0.1f, (mid * mid) - det));
        var radius = Ceiling(3 * MathF.Sqrt(lambda));
        var u = (v.FocalX * xz) + v.CenterX;
        var vv = (v.FocalY * yz) + v.CenterY;
        var x0 = MathF.Max(0, Ceiling(u - 0.5f - radius));
        var x1 = MathF.Min(v.Width - 1, Floor(u - 0.5f + radius));
        var y0 = MathF.Max(0, Ceiling(vv - 0.5f - radius));
        var y1 = MathF.Min(v.Height - 1, Floor(vv - 0.5f + radius));
        if (!(x0 <= x1 && y0 <= y1))
            return s;

        // Colour along the unit direction from the camera centre to the mean (the reference's computeColorFromSH).
        var length = MathF.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        float ux = dx / length, uy = dy / length, uz = dz / length;
        var restUsed = ((v.ShDegree + 1) * (v.ShDegree + 1)) - 1;
        var clamped = 0;
        float red = 0, green = 0, blue = 0;
        for (var ch = 0; ch < 3; ch++)
        {
            var sum = 0.5f + (ShC0 * p[((SplatParameters.ShDcRed + ch) * n) + i]);
            var restBase = SplatParameters.FirstRest + (ch * v.RestStride);
            for (var k = 0; k < restUsed; k++)
                sum += Basis(k + 1, ux, uy, uz) * p[((restBase + k) * n) + i];
            if (!IsFinite(sum))
                return s;
            if (sum < 0)
            {
                clamped |= 1 << ch;
                sum = 0;
            }
            if (ch == 0)
                red = sum;
            else if (ch == 1)
                green = sum;
            else
                blue = sum;
        }

        s.U = u;
        s.V = vv;
        s.ConicA = c * invDet;
        s.ConicB = -b * invDet;
        s.ConicC = a * invDet;
        s.Alpha = alpha;
        s.Depth = tz;
        s.Red = red;
        s.Green = green;
        s.Blue = blue;
        s.X0 = (int)x0;
        s.X1 = (int)x1;
        s.Y0 = (int)y0;
        s.Y1 = (int)y1;
        s.Radius = (int)radius;
        s.Clamped = clamped;
        return s;
    }

    /// <summary>
    /// Front-to-back compositing, one thread per pixel over its tile's depth-sorted list (the reference's renderCUDA):
    /// writes the planar image (with background x final T), the final transmittance and how many list entries were
    /// walked up to the last one that contributed (where the backward pass starts).
    /// </summary>
    public static void CompositeForwardKernel(Index1D index, GpuView v, ArrayView<GpuSplat> splats, ArrayView<int> tileStart,
        ArrayView<int> tileSplats, ArrayView<float> image, ArrayView<float> finalT, ArrayView<int> lastCount)
    {
        int pixel = index;
        var x = pixel % v.Width;
        var y = pixel / v.Width;
        var tile = ((y / TileSize) * v.TilesX) + (x / TileSize);
        var start = tileStart[tile];
        var end = tileStart[tile + 1];
        float t = 1, red = 0, green = 0, blue = 0;
        var last = 0;
        var px = x + 0.5f;
        var py = y + 0.5f;
        for (var k = start; k < end; k++)
        {
            var s = splats[tileSplats[k]];
            if (x < s.X0 || x > s.X1 || y < s.Y0 || y > s.Y1)
                continue;
            var ddx = px - s.U;
            var ddy = py - s.V;
            var power = (-0.5f * ((s.ConicA * ddx * ddx) + (s.ConicC * ddy * ddy))) - (s.ConicB * ddx * ddy);
            if (power > 0)
                continue;
            var alpha = MathF.Min(MaxAlpha, s.Alpha * Exp(power));
            if (alpha < MinAlpha)
                continue;
            var next = t * (1 - alpha);
            if (next < MinTransmittance)
                break;
            var w = t * alpha;
            red += w * s.Red;
            green += w * s.Green;
            blue += w * s.Blue;
            t = next;
            last = k - start + 1;
        }
        var plane = v.Width * v.Height;
        image[pixel] = red + (t * v.BackgroundRed);
        image[plane + pixel] = green + (t * v.BackgroundGreen);
        image[(2 * plane) + pixel] = blue + (t * v.BackgroundBlue);
        finalT[pixel] = t;
        lastCount[pixel] = last;
    }

    /// <summary>
    /// Compositing backward, one thread per pixel, back to front from the last contributor (the reference's
    /// renderCUDA backward): recovers each T by division, and adds with atomics per Gaussian the gradients of the loss
    /// with respect to its colour, opacity, conic and 2D mean. The alpha clamp at 0.99 is differentiated exactly (no
    /// gradient to opacity or shape where it clamps).
    /// </summary>
    public static void CompositeBackwardKernel(Index1D index, GpuView v, ArrayView<GpuSplat> splats, ArrayView<int> tileStart,
        ArrayView<int> tileSplats, ArrayView<float> finalT, ArrayView<int> lastCount, ArrayView<float> imageGradient,
        ArrayView<float> splatGradient)
    {
        int pixel = index;
        var x = pixel % v.Width;
        var y = pixel / v.Width;
        var tile = ((y / TileSize) * v.TilesX) + (x / TileSize);
        var start = tileStart[tile];
        var plane = v.Width * v.Height;
        float gr = imageGradient[pixel], gg = imageGradient[plane + pixel], gb = imageGradient[(2 * plane) + pixel];
        var tFinal = finalT[pixel];
        var t = tFinal;
        var backgroundDot = (v.BackgroundRed * gr) + (v.BackgroundGreen * gg) + (v.BackgroundBlue * gb);
        float accR = 0, accG = 0, accB = 0, lastAlpha = 0, lastR = 0, lastG = 0, lastB = 0;
        var px = x + 0.5f;
        var py = y + 0.5f;
        for (var k = start + lastCount[pixel] - 1; k >= start; k--)
        {
            var id = tileSplats[k];
            var s = splats[id];
            if (x < s.X0 || x > s.X1 || y < s.Y0 || y > s.Y1)
                continue;
            var ddx = px - s.U;
            var ddy = py - s.V;
            var power = (-0.5f * ((s.ConicA * ddx * ddx) + (s.ConicC * ddy * ddy))) - (s.ConicB * ddx * ddy);
            if (power > 0)
                continue;
            var gauss = Exp(power);
            var raw = s.Alpha * gauss;
            var alpha = MathF.Min(MaxAlpha, raw);
            if (alpha < MinAlpha)
                continue;
            t /= 1 - alpha;
            var w = alpha * t;
            // acc = colour of everything behind this splat, normalised by the transmittance just behind it.
            accR = (lastAlpha * lastR) + ((1 - lastAlpha) * accR);
            accG = (lastAlpha * lastG) + ((1 - lastAlpha) * accG);
            accB = (lastAlpha * lastB) + ((1 - lastAlpha) * accB);
            lastR = s.Red;
            lastG = s.Green;
            lastB = s.Blue;
            var dAlpha = (((s.Red - accR) * gr) + ((s.Green - accG) * gg) + ((s.Blue - accB) * gb)) * t;
            dAlpha += -tFinal / (1 - alpha) * backgroundDot;
            lastAlpha = alpha;
            var g = id * SplatGradientStride;
            Atomic.Add(ref splatGradient[g + 6], w * gr);
            Atomic.Add(ref splatGradient[g + 7], w * gg);
            Atomic.Add(ref splatGradient[g + 8], w * gb);
            if (raw > MaxAlpha)
                continue;
            Atomic.Add(ref splatGradient[g + 5], gauss * dAlpha);
            // power = -A dx²/2 - C dy²/2 - B dx dy with dx = px - u.
            var dPower = s.Alpha * gauss * dAlpha;
            Atomic.Add(ref splatGradient[g], dPower * ((s.ConicA * ddx) + (s.ConicB * ddy)));
            Atomic.Add(ref splatGradient[g + 1], dPower * ((s.ConicC * ddy) + (s.ConicB * ddx)));
            Atomic.Add(ref splatGradient[g + 2], -0.5f * dPower * ddx * ddx);
            Atomic.Add(ref splatGradient[g + 3], -dPower * ddx * ddy);
            Atomic.Add(ref splatGradient[g + 4], -0.5f * dPower * ddy * ddy);
        }
    }

    /// <summary>
    /// Projection backward, one thread per visible Gaussian: chains the screen-space gradients through the conic,
    /// the EWA covariance, R S and the quaternion's normalisation, the mean's projection and the SH colour to every
    /// parameter plane (written, not added, into <paramref name="gradient"/>), and writes |dL/d(u, v)|.
    /// </summary>
    public static void ProjectBackwardKernel(Index1D index, ArrayView<float> p, GpuView v, ArrayView<GpuSplat> splats,
        ArrayView<float> splatGradient, ArrayView<float> gradient, ArrayView<float> meanGradient)
    {
        int i = index;
        var n = v.Count;
        var s = splats[i];
        if (s.Radius == 0)
            return;
        var g = i * SplatGradientStride;
        float gU = splatGradient[g], gV = splatGradient[g + 1];
        float gConicA = splatGradient[g + 2], gConicB = splatGradient[g + 3], gConicC = splatGradient[g + 4];
        var gAlpha = splatGradient[g + 5];
        meanGradient[i] = MathF.Sqrt((gU * gU) + (gV * gV));

        float dx = p[i] - v.PositionX, dy = p[n + i] - v.PositionY, dz = p[(2 * n) + i] - v.PositionZ;
        var tz = (dx * v.ForwardX) + (dy * v.ForwardY) + (dz * v.ForwardZ);
        var invZ = 1 / tz;
        var xz = ((dx * v.RightX) + (dy * v.RightY) + (dz * v.RightZ)) * invZ;
        var yz = ((dx * v.DownX) + (dy * v.DownY) + (dz * v.DownZ)) * invZ;

        // Opacity: alpha = sigmoid(logit).
        gradient[(SplatParameters.Opacity * n) + i] = gAlpha * s.Alpha * (1 - s.Alpha);

        // Rotation and scale: M = R(q / |q|) diag(e^log-scale), Sigma = M M^T.
        float qw = p[(SplatParameters.RotationW * n) + i], qx = p[((SplatParameters.RotationW + 1) * n) + i];
        float qy = p[((SplatParameters.RotationW + 2) * n) + i], qz = p[((SplatParameters.RotationW + 3) * n) + i];
        var norm2 = (qw * qw) + (qx * qx) + (qy * qy) + (qz * qz);
        var normalised = norm2 > 0 && IsFinite(norm2);
        var invNorm = normalised ? 1 / MathF.Sqrt(norm2) : 0;
        float w = 1, qi = 0, qj = 0, qk = 0;
        if (normalised)
        {
            w = qw * invNorm;
            qi = qx * invNorm;
            qj = qy * invNorm;
            qk = qz * invNorm;
        }
        var sc0 = Exp(p[(SplatParameters.LogScaleX * n) + i]);
        var sc1 = Exp(p[((SplatParameters.LogScaleX + 1) * n) + i]);
        var sc2 = Exp(p[((SplatParameters.LogScaleX + 2) * n) + i]);
        var r00 = 1 - (2 * ((qj * qj) + (qk * qk)));
        var r01 = 2 * ((qi * qj) - (w * qk));
        var r02 = 2 * ((qi * qk) + (w * qj));
        var r10 = 2 * ((qi * qj) + (w * qk));
        var r11 = 1 - (2 * ((qi * qi) + (qk * qk)));
        var r12 = 2 * ((qj * qk) - (w * qi));
        var r20 = 2 * ((qi * qk) - (w * qj));
        var r21 = 2 * ((qj * qk) + (w * qi));
        var r22 = 1 - (2 * ((qi * qi) + (qj * qj)));
        float m00 = r00 * sc0, m01 = r01 * sc1, m02 = r02 * sc2;
        float m10 = r10 * sc0, m11 = r11 * sc1, m12 = r12 * sc2;
        float m20 = r20 * sc0, m21 = r21 * sc1, m22 = r22 * sc2;
        var c00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        var c01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        var c02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        var c11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        var c12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        var c22 = (m20 * m20) + (m21 * m21) + (m22 * m22);

        var xClampLow = v.MidX - v.ClampX;
        var xClampHigh = v.MidX + v.ClampX;
        var yClampLow = v.MidY - v.ClampY;
        var yClampHigh = v.MidY + v.ClampY;
        // The forward's EWA step, recomputed: the same floats, so the gradients belong to the image drawn.
        var e = Ewa(v, xz, yz, invZ, c00, c01, c02, c11, c12, c22);
        float cxz = e.Cxz, cyz = e.Cyz, kx = e.Kx, ky = e.Ky;
        float t0x = e.T0X, t0y = e.T0Y, t0z = e.T0Z, t1x = e.T1X, t1y = e.T1Y, t1z = e.T1Z;
        float s0x = e.S0X, s0y = e.S0Y, s0z = e.S0Z, s1x = e.S1X, s1y = e.S1Y, s1z = e.S1Z;
        float a = e.A, b = e.B, c = e.C;
        var det = (a * c) - (b * b);
        var invDet = 1 / det;
        var invDet2 = invDet * invDet;

        // Conic = [c, -b, a] / det, differentiated entry by entry.
        var ga = (gConicA * (-c * c * invDet2)) + (gConicB * (b * c * invDet2)) + (gConicC * (invDet - (a * c * invDet2)));
        var gb = (gConicA * (2 * b * c * invDet2)) + (gConicB * (-invDet - (2 * b * b * invDet2))) + (gConicC * (2 * a * b * invDet2));
        var gc = (gConicA * (invDet - (a * c * invDet2))) + (gConicB * (a * b * invDet2)) + (gConicC * (-a * a * invDet2));

        // a = t0' Sigma t0, b = t0' Sigma t1, c = t1' Sigma t1: dL/dSigma (symmetrised) = S, dL/dM = S M.
        var sg00 = (2 * ga * t0x * t0x) + (2 * gb * t0x * t1x) + (2 * gc * t1x * t1x);
        var sg01 = (2 * ga * t0x * t0y) + (gb * ((t0x * t1y) + (t1x * t0y))) + (2 * gc * t1x * t1y);
        var sg02 = (2 * ga * t0x * t0z) + (gb * ((t0x * t1z) + (t1x * t0z))) + (2 * gc * t1x * t1z);
        var sg11 = (2 * ga * t0y * t0y) + (2 * gb * t0y * t1y) + (2 * gc * t1y * t1y);
        var sg12 = (2 * ga * t0y * t0z) + (gb * ((t0y * t1z) + (t1y * t0z))) + (2 * gc * t1y * t1z);
        var sg22 = (2 * ga * t0z * t0z) + (2 * gb * t0z * t1z) + (2 * gc * t1z * t1z);
        var gm00 = (sg00 * m00) + (sg01 * m10) + (sg02 * m20);
        var gm01 = (sg00 * m01) + (sg01 * m11) + (sg02 * m21);
        var gm02 = (sg00 * m02) + (sg01 * m12) + (sg02 * m22);
        var gm10 = (sg01 * m00) + (sg11 * m10) + (sg12 * m20);
        var gm11 = (sg01 * m01) + (sg11 * m11) + (sg12 * m21);
        var gm12 = (sg01 * m02) + (sg11 * m12) + (sg12 * m22);
        var gm20 = (sg02 * m00) + (sg12 * m10) + (sg22 * m20);
        var gm21 = (sg02 * m01) + (sg12 * m11) + (sg22 * m21);
        var gm22 = (sg02 * m02) + (sg12 * m12) + (sg22 * m22);
        gradient[(SplatParameters.LogScaleX * n) + i] = ((gm00 * r00) + (gm10 * r10) + (gm20 * r20)) * sc0;
        gradient[((SplatParameters.LogScaleX + 1) * n) + i] = ((gm01 * r01) + (gm11 * r11) + (gm21 * r21)) * sc1;
        gradient[((SplatParameters.LogScaleX + 2) * n) + i] = ((gm02 * r02) + (gm12 * r12) + (gm22 * r22)) * sc2;
        if (normalised)
        {
            float gr00 = gm00 * sc0, gr01 = gm01 * sc1, gr02 = gm02 * sc2;
            float gr10 = gm10 * sc0, gr11 = gm11 * sc1, gr12 = gm12 * sc2;
            float gr20 = gm20 * sc0, gr21 = gm21 * sc1, gr22 = gm22 * sc2;
            var gw = 2 * ((-qk * gr01) + (qj * gr02) + (qk * gr10) - (qi * gr12) - (qj * gr20) + (qi * gr21));
            var gx = 2 * ((qj * gr01) + (qk * gr02) + (qj * gr10) - (2 * qi * gr11) - (w * gr12) + (qk * gr20) + (w * gr21) - (2 * qi * gr22));
            var gy = 2 * ((-2 * qj * gr00) + (qi * gr01) + (w * gr02) + (qi * gr10) + (qk * gr12) - (w * gr20) + (qk * gr21) - (2 * qj * gr22));
            var gz = 2 * ((-2 * qk * gr00) - (w * gr01) + (qi * gr02) + (w * gr10) - (2 * qk * gr11) + (qj * gr12) + (qi * gr20) + (qj * gr21));
            // Through q / |q|: project out the radial part.
            var radial = (w * gw) + (qi * gx) + (qj * gy) + (qk * gz);
            gradient[(SplatParameters.RotationW * n) + i] = (gw - (w * radial)) * invNorm;
            gradient[((SplatParameters.RotationW + 1) * n) + i] = (gx - (qi * radial)) * invNorm;
            gradient[((SplatParameters.RotationW + 2) * n) + i] = (gy - (qj * radial)) * invNorm;
            gradient[((SplatParameters.RotationW + 3) * n) + i] = (gz - (qk * radial)) * invNorm;
        }

        // t0 = fx / tz (right - cxz forward), t1 = fy / tz (down - cyz forward); dL/dt0 = 2 ga Sigma t0 + gb Sigma t1.
        var gt0x = (2 * ga * s0x) + (gb * s1x);
        var gt0y = (2 * ga * s0y) + (gb * s1y);
        var gt0z = (2 * ga * s0z) + (gb * s1z);
        var gt1x = (2 * gc * s1x) + (gb * s0x);
        var gt1y = (2 * gc * s1y) + (gb * s0y);
        var gt1z = (2 * gc * s1z) + (gb * s0z);
        var gtz = -(((gt0x * t0x) + (gt0y * t0y) + (gt0z * t0z)) + ((gt1x * t1x) + (gt1y * t1y) + (gt1z * t1z))) * invZ;
        var gxz = gU * v.FocalX;
        var gyz = gV * v.FocalY;
        if (xz >= xClampLow && xz <= xClampHigh)
            gxz += -kx * ((gt0x * v.ForwardX) + (gt0y * v.ForwardY) + (gt0z * v.ForwardZ));
        if (yz >= yClampLow && yz <= yClampHigh)
            gyz += -ky * ((gt1x * v.ForwardX) + (gt1y * v.ForwardY) + (gt1z * v.ForwardZ));
        // xz = (d . right) / tz, yz = (d . down) / tz, tz = d . forward.
        gtz -= ((gxz * xz) + (gyz * yz)) * invZ;
        var gdx = (gxz * invZ * v.RightX) + (gyz * invZ * v.DownX) + (gtz * v.ForwardX);
        var gdy = (gxz * invZ * v.RightY) + (gyz * invZ * v.DownY) + (gtz * v.ForwardY);
        var gdz = (gxz * invZ * v.RightZ) + (gyz * invZ * v.DownZ) + (gtz * v.ForwardZ);

        // Colour: c = max(0, 0.5 + sum_k basis_k(d / |d|) coef_k).
        var length = MathF.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
        float ux = dx / length, uy = dy / length, uz = dz / length;
        var restUsed = ((v.ShDegree + 1) * (v.ShDegree + 1)) - 1;
        float gux = 0, guy = 0, guz = 0;
        for (var ch = 0; ch < 3; ch++)
        {
            var gColour = (s.Clamped & (1 << ch)) != 0 ? 0 : splatGradient[g + 6 + ch];
            gradient[((SplatParameters.ShDcRed + ch) * n) + i] = gColour * ShC0;
            var restBase = SplatParameters.FirstRest + (ch * v.RestStride);
            for (var k = 0; k < restUsed; k++)
            {
                var plane = (restBase + k) * n;
                gradient[plane + i] = gColour * Basis(k + 1, ux, uy, uz);
                var coefficient = gColour * p[plane + i];
                gux += coefficient * BasisGradient(k + 1, 0, ux, uy, uz);
                guy += coefficient * BasisGradient(k + 1, 1, ux, uy, uz);
                guz += coefficient * BasisGradient(k + 1, 2, ux, uy, uz);
            }
        }
        // Through d / |d|: (I - u u^T) / |d|.
        var along = (ux * gux) + (uy * guy) + (uz * guz);
        gdx += (gux - (ux * along)) / length;
        gdy += (guy - (uy * along)) / length;
        gdz += (guz - (uz * along)) / length;
        gradient[i] = gdx;
        gradient[n + i] = gdy;
        gradient[(2 * n) + i] = gdz;
    }

    /// <summary>Sigma = M M^T with M = R S (R of the normalised quaternion, a zero quaternion being the identity).</summary>
    private static void Covariance(ArrayView<float> p, int i, int n, out float c00, out float c01, out float c02, out float c11, out float c12, out float c22)
    {
        float w = p[(SplatParameters.RotationW * n) + i], qi = p[((SplatParameters.RotationW + 1) * n) + i];
        float qj = p[((SplatParameters.RotationW + 2) * n) + i], qk = p[((SplatParameters.RotationW + 3) * n) + i];
        var norm2 = (w * w) + (qi * qi) + (qj * qj) + (qk * qk);
        if (norm2 > 0 && IsFinite(norm2))
        {
            var inv = 1 / MathF.Sqrt(norm2);
            w *= inv;
            qi *= inv;
            qj *= inv;
            qk *= inv;
        }
        else
        {
            w = 1;
            qi = 0;
            qj = 0;
            qk = 0;
        }
        var s0 = Exp(p[(SplatParameters.LogScaleX * n) + i]);
        var s1 = Exp(p[((SplatParameters.LogScaleX + 1) * n) + i]);
        var s2 = Exp(p[((SplatParameters.LogScaleX + 2) * n) + i]);
        var m00 = (1 - (2 * ((qj * qj) + (qk * qk)))) * s0;
        var m01 = 2 * ((qi * qj) - (w * qk)) * s1;
        var m02 = 2 * ((qi * qk) + (w * qj)) * s2;
        var m10 = 2 * ((qi * qj) + (w * qk)) * s0;
        var m11 = (1 - (2 * ((qi * qi) + (qk * qk)))) * s1;
        var m12 = 2 * ((qj * qk) - (w * qi)) * s2;
        var m20 = 2 * ((qi * qk) - (w * qj)) * s0;
        var m21 = 2 * ((qj * qk) + (w * qi)) * s1;
        var m22 = (1 - (2 * ((qi * qi) + (qj * qj)))) * s2;
        c00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        c01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        c02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        c11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        c12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        c22 = (m20 * m20) + (m21 * m21) + (m22 * m22);
    }

    /// <summary>Real SH basis function <paramref name="k"/> (1..15; the DC term is separate) with the reference's constants and signs.</summary>
    internal static float Basis(int k, float x, float y, float z)
    {
        switch (k)
        {
            case 1: return -ShC1 * y;
            case 2: return ShC1 * z;
            case 3: return -ShC1 * x;
            case 4: return 1.0925484305920792f * x * y;
            case 5: return -1.0925484305920792f * y * z;
            case 6: return 0.31539156525252005f * ((2 * z * z) - (x * x) - (y * y));
            case 7: return -1.0925484305920792f * x * z;
            case 8: return 0.5462742152960396f * ((x * x) - (y * y));
            case 9: return -0.5900435899266435f * y * ((3 * x * x) - (y * y));
            case 10: return 2.890611442640554f * x * y * z;
            case 11: return -0.4570457994644658f * y * ((4 * z * z) - (x * x) - (y * y));
            case 12: return 0.3731763325901154f * z * ((2 * z * z) - (3 * x * x) - (3 * y * y));
            case 13: return -0.4570457994644658f * x * ((4 * z * z) - (x * x) - (y * y));
            case 14: return 1.445305721320277f * z * ((x * x) - (y * y));
            case 15: return -0.5900435899266435f * x * ((x * x) - (3 * y * y));
            default: return 0;
        }
    }

    /// <summary>Partial derivative of <see cref="Basis"/> function <paramref name="k"/> along axis <paramref name="axis"/> (0 x, 1 y, 2 z).</summary>
    internal static float BasisGradient(int k, int axis, float x, float y, float z)
    {
        switch (k)
        {
            case 1: return axis == 1 ? -ShC1 : 0;
            case 2: return axis == 2 ? ShC1 : 0;
            case 3: return axis == 0 ? -ShC1 : 0;
            case 4: return 1.0925484305920792f * (axis == 0 ? y : axis == 1 ? x : 0);
            case 5: return -1.0925484305920792f * (axis == 1 ? z : axis == 2 ? y : 0);
            case 6: return 0.31539156525252005f * (axis == 0 ? -2 * x : axis == 1 ? -2 * y : 4 * z);
            case 7: return -1.0925484305920792f * (axis == 0 ? z : axis == 2 ? x : 0);
            case 8: return 0.5462742152960396f * (axis == 0 ? 2 * x : axis == 1 ? -2 * y : 0);
            case 9: return -0.5900435899266435f * (axis == 0 ? 6 * x * y : axis == 1 ? (3 * x * x) - (3 * y * y) : 0);
            case 10: return 2.890611442640554f * (axis == 0 ? y * z : axis == 1 ? x * z : x * y);
            case 11: return -0.4570457994644658f * (axis == 0 ? -2 * x * y : axis == 1 ? (4 * z * z) - (x * x) - (3 * y * y) : 8 * y * z);
            case 12: return 0.3731763325901154f * (axis == 0 ? -6 * x * z : axis == 1 ? -6 * y * z : (6 * z * z) - (3 * x * x) - (3 * y * y));
            case 13: return -0.4570457994644658f * (axis == 0 ? (4 * z * z) - (3 * x * x) - (y * y) : axis == 1 ? -2 * x * y : 8 * x * z);
            case 14: return 1.445305721320277f * (axis == 0 ? 2 * x * z : axis == 1 ? -2 * y * z : (x * x) - (y * y));
            case 15: return -0.5900435899266435f * (axis == 0 ? (3 * x * x) - (3 * y * y) : axis == 1 ? -6 * x * y : 0);
            default: return 0;
        }
    }

    /// <summary>
    /// e^x to about 2e-7 relative, from arithmetic and one bit cast only: ILGPU's PTX backend has no intrinsic for
    /// MathF.Exp (it would need ILGPU.Algorithms' software math). Cody-Waite reduction x = n ln 2 + r, |r| &lt;= ln 2 / 2,
    /// then the degree-6 Taylor polynomial of e^r, scaled by 2^n built in the exponent bits; x is clamped to [-87, 88].
    /// </summary>
    internal static float Exp(float x)
    {
        x = x < -87f ? -87f : x > 88f ? 88f : x;
        var n = Floor((x * 1.44269504f) + 0.5f);
        var r = (x - (n * 0.693359375f)) - (n * -2.12194440e-4f);
        var p = 1f / 720;
        p = (p * r) + (1f / 120);
        p = (p * r) + (1f / 24);
        p = (p * r) + (1f / 6);
        p = (p * r) + 0.5f;
        p = (p * r) + 1;
        p = (p * r) + 1;
        return p * Interop.IntAsFloat((uint)((int)n + 127) << 23);
    }

    /// <summary>Largest integer &lt;= x, for |x| &lt; 2^31 (pixel coordinates), without a math intrinsic.</summary>
    internal static float Floor(float x)
    {
        var t = (float)(int)x;
        return t > x ? t - 1 : t;
    }

    /// <summary>Smallest integer &gt;= x, for |x| &lt; 2^31.</summary>
    internal static float Ceiling(float x)
    {
        var t = (float)(int)x;
        return t < x ? t + 1 : t;
    }

    /// <summary>False for NaN and infinities (x - x is NaN for both); written without intrinsics so that ILGPU compiles it.</summary>
    private static bool IsFinite(float x) => x - x == 0;

    private static float Clamp(float x, float low, float high) => x < low ? low : x > high ? high : x;

    /// <summary>
    /// EWA step shared by the projection and its backward: T = J W with the Jacobian of the perspective projection at
    /// the centre, x/z and y/z clamped to the Jacobian band (3DGS), and cov2D = T Sigma T^T + low-pass = [[A, B], [B, C]].
    /// </summary>
    private static EwaTerms Ewa(GpuView v, float xz, float yz, float invZ, float c00, float c01, float c02, float c11, float c12, float c22)
    {
        var e = default(EwaTerms);
        e.Cxz = Clamp(xz, v.MidX - v.ClampX, v.MidX + v.ClampX);
        e.Cyz = Clamp(yz, v.MidY - v.ClampY, v.MidY + v.ClampY);
        e.Kx = v.FocalX * invZ;
        e.Ky = v.FocalY * invZ;
        e.T0X = e.Kx * (v.RightX - (e.Cxz * v.ForwardX));
        e.T0Y = e.Kx * (v.RightY - (e.Cxz * v.ForwardY));
        e.T0Z = e.Kx * (v.RightZ - (e.Cxz * v.ForwardZ));
        e.T1X = e.Ky * (v.DownX - (e.Cyz * v.ForwardX));
        e.T1Y = e.Ky * (v.DownY - (e.Cyz * v.ForwardY));
        e.T1Z = e.Ky * (v.DownZ - (e.Cyz * v.ForwardZ));
        e.S0X = (c00 * e.T0X) + (c01 * e.T0Y) + (c02 * e.T0Z);
        e.S0Y = (c01 * e.T0X) + (c11 * e.T0Y) + (c12 * e.T0Z);
        e.S0Z = (c02 * e.T0X) + (c12 * e.T0Y) + (c22 * e.T0Z);
        e.S1X = (c00 * e.T1X) + (c01 * e.T1Y) + (c02 * e.T1Z);
        e.S1Y = (c01 * e.T1X) + (c11 * e.T1Y) + (c12 * e.T1Z);
        e.S1Z = (c02 * e.T1X) + (c12 * e.T1Y) + (c22 * e.T1Z);
        e.A = (e.T0X * e.S0X) + (e.T0Y * e.S0Y) + (e.T0Z * e.S0Z) + v.LowPassVariance;
        e.B = (e.T0X * e.S1X) + (e.T0Y * e.S1Y) + (e.T0Z * e.S1Z);
        e.C = (e.T1X * e.S1X) + (e.T1Y * e.S1Y) + (e.T1Z * e.S1Z) + v.LowPassVariance;
        return e;
    }

    /// <summary>The terms of <see cref="Ewa"/>: clamped centre, focal/z, the rows of T, Sigma T^T and cov2D.</summary>
    private struct EwaTerms
    {
        public float Cxz, Cyz, Kx, Ky;
        public float T0X, T0Y, T0Z, T1X, T1Y, T1Z;
        public float S0X, S0Y, S0Z, S1X, S1Y, S1Z;
        public float A, B, C;
    }
}
