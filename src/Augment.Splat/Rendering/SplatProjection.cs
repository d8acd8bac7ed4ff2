using System.Numerics;
using System.Runtime.Intrinsics;

namespace Augment.Splat;

/// <summary>
/// Per-splat preprocessing of the 3DGS rasteriser (Kerbl et al. 2023, <c>forward.cu: preprocessCUDA</c>), one splat at a
/// time: cull, 3D covariance from scale and rotation, EWA projection to a 2D conic (Zwicker et al. 2002, eq. 31), radius,
/// pixel box and SH colour. Scalar on purpose: it is a small part of a frame and reads like the paper.
/// </summary>
internal static class SplatProjection
{
    /// <summary>Splats whose view depth is at most this are culled (the reference's near plane).</summary>
    public const float NearPlane = 0.2f;

    /// <summary>The Jacobian of the projection is taken at the centre clamped to this multiple of the half field of view (as the reference).</summary>
    public const float JacobianClamp = 1.3f;

    /// <summary>
    /// Splats whose centre lies beyond this multiple of the half field of view are culled: wide enough that splats
    /// straddling the image edge are kept (the reference keeps every splat in front of the near plane), tight enough
    /// that the clamped Jacobian's error stays bounded.
    /// </summary>
    public const float CullGuardBand = 2f;

    /// <summary>Splats whose peak alpha is below this can never pass the blender's skip test, so they are culled early.</summary>
    public const float MinAlpha = 1f / 255f;

    /// <summary>Projects splats [start, end) of <paramref name="cloud"/> for <paramref name="view"/> into <paramref name="output"/> (indexed like the cloud).</summary>
    public static void Project(GaussianCloud cloud, in ViewConstants view, int start, int end, Span<ProjectedSplat> output)
    {
        ReadOnlySpan<float> x = cloud.X, y = cloud.Y, z = cloud.Z;
        ReadOnlySpan<float> sx = cloud.ScaleX, sy = cloud.ScaleY, sz = cloud.ScaleZ;
        ReadOnlySpan<float> qw = cloud.RotationW, qx = cloud.RotationX, qy = cloud.RotationY, qz = cloud.RotationZ;
        ReadOnlySpan<float> opacity = cloud.Opacity;
        for (var i = start; i < end; i++)
        {
            ref var o = ref output[i];
            o.Cull();
            var centre = new Vector3(x[i], y[i], z[i]);
            var d = centre - view.Position;
            var tz = Vector3.Dot(d, view.Forward);
            if (!(tz > NearPlane) || !float.IsFinite(tz))
                continue;
            var invZ = 1 / tz;
            var xz = Vector3.Dot(d, view.Right) * invZ;
            var yz = Vector3.Dot(d, view.Down) * invZ;
            if (!(MathF.Abs(xz - view.MidX) <= view.CullX && MathF.Abs(yz - view.MidY) <= view.CullY))
                continue;
            var alpha = 1 / (1 + MathF.Exp(-opacity[i]));
            if (!(alpha >= MinAlpha))
                continue;

            // Sigma = R S S^T R^T with R the rotation of the normalised quaternion (w, x, y, z) and S = diag(exp(log-scale)).
            float w = qw[i], qi = qx[i], qj = qy[i], qk = qz[i];
            var norm2 = (w * w) + (qi * qi) + (qj * qj) + (qk * qk);
            if (norm2 > 0 && float.IsFinite(norm2))
            {
                var inv = 1 / MathF.Sqrt(norm2);
                w *= inv;
                qi *= inv;
                qj *= inv;
                qk *= inv;
            }
            else
            {
                // As GaussianCloud.NormalizeRotations: a zero quaternion is the identity.
                (w, qi, qj, qk) = (1, 0, 0, 0);
            }
            float s0 = MathF.Exp(sx[i]), s1 = MathF.Exp(sy[i]), s2 = MathF.Exp(sz[i]);
            // M = R S (columns of R scaled).
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

            // EWA: cov2D = T Sigma T^T with T = J W, J the Jacobian of (x, y, z) -> (fx x / z, fy y / z) at the centre
            // (x/z and y/z clamped to the guard band), W the world-to-camera rotation (rows right, down, forward).
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
                continue;
            var invDet = 1 / det;
            var mid = 0.5f * (a + c);
            var lambda = mid + MathF.Sqrt(MathF.Max(0.1f, (mid * mid) - det));
            var radius = MathF.Ceiling(3 * MathF.Sqrt(lambda));
            var u = (view.FocalX * xz) + view.CenterX;
            var v = (view.FocalY * yz) + view.CenterY;
            // Pixels whose centre (p + 0.5) is within the radius on each axis, clipped to the image.
            var x0 = MathF.Max(0, MathF.Ceiling(u - 0.5f - radius));
            var x1 = MathF.Min(view.Width - 1, MathF.Floor(u - 0.5f + radius));
            var y0 = MathF.Max(0, MathF.Ceiling(v - 0.5f - radius));
            var y1 = MathF.Min(view.Height - 1, MathF.Floor(v - 0.5f + radius));
            if (!(x0 <= x1 && y0 <= y1))
                continue;

            o.U = u;
            o.V = v;
            o.ConicA = c * invDet;
            o.ConicB = -b * invDet;
            o.ConicC = a * invDet;
            o.Alpha = alpha;
            o.Depth = tz;
            o.X0 = (short)x0;
            o.X1 = (short)x1;
            o.Y0 = (short)y0;
            o.Y1 = (short)y1;
        }
        if (view.WithColour)
            Shade(cloud, view, start, end, output);
    }

    /// <summary>
    /// Colours of the visible splats in [start, end) for the view: SH along the unit direction from the camera centre to
    /// the splat centre, + 0.5, clamped at 0 (the reference's <c>computeColorFromSH</c>); splats with a non-finite colour
    /// are culled. Eight splats at a time straight from the cloud's coefficient planes; a range of fewer than eight
    /// splats uses the scalar <see cref="ShBasis"/>. Each splat's colour depends only on its own lane, never on how the
    /// cloud was split into ranges, so renders do not depend on the thread count.
    /// </summary>
    internal static void Shade(GaussianCloud cloud, in ViewConstants view, int start, int end, Span<ProjectedSplat> output)
    {
        var planes = cloud.Planes;
        var restStride = cloud.ShRestCount;
        var restUsed = ShBasis.CountFor(view.ShDegree) - 1;
        if (end - start < Vector256<float>.Count)
        {
            for (var i = start; i < end; i++)
            {
                if (!output[i].Visible)
                    continue;
                var d = new Vector3(planes[0][i], planes[1][i], planes[2][i]) - view.Position;
                var c = ShBasis.Colour(cloud, i, d / d.Length(), view.ShDegree);
                Store(ref output[i], c.X, c.Y, c.Z);
            }
            return;
        }
        Span<Vector256<float>> basis = stackalloc Vector256<float>[16];
        Span<float> red = stackalloc float[8];
        Span<float> green = stackalloc float[8];
        Span<float> blue = stackalloc float[8];
        var zero = Vector256<float>.Zero;
        var px = Vector256.Create(view.Position.X);
        var py = Vector256.Create(view.Position.Y);
        var pz = Vector256.Create(view.Position.Z);
        for (var i = start; i < end; i += 8)
        {
            // The last window is moved back to end inside the range; splats it repeats get the same colour again.
            var at = Math.Min(i, end - 8);
            var dx = Vector256.Create(planes[0].AsSpan(at, 8)) - px;
            var dy = Vector256.Create(planes[1].AsSpan(at, 8)) - py;
            var dz = Vector256.Create(planes[2].AsSpan(at, 8)) - pz;
            var length = Vector256.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
            Basis(dx / length, dy / length, dz / length, view.ShDegree, basis);
            var r = Vector256.Create(0.5f) + (basis[0] * Vector256.Create(planes[11].AsSpan(at, 8)));
            var g = Vector256.Create(0.5f) + (basis[0] * Vector256.Create(planes[12].AsSpan(at, 8)));
            var b = Vector256.Create(0.5f) + (basis[0] * Vector256.Create(planes[13].AsSpan(at, 8)));
            for (var k = 0; k < restUsed; k++)
            {
                var weight = basis[k + 1];
                r += weight * Vector256.Create(planes[GaussianCloudPlanes.Rest(0, k, restStride)].AsSpan(at, 8));
                g += weight * Vector256.Create(planes[GaussianCloudPlanes.Rest(1, k, restStride)].AsSpan(at, 8));
                b += weight * Vector256.Create(planes[GaussianCloudPlanes.Rest(2, k, restStride)].AsSpan(at, 8));
            }
            Vector256.Max(r, zero).CopyTo(red);
            Vector256.Max(g, zero).CopyTo(green);
            Vector256.Max(b, zero).CopyTo(blue);
            for (var j = 0; j < 8; j++)
            {
                if (output[at + j].Visible)
                    Store(ref output[at + j], red[j], green[j], blue[j]);
            }
        }
    }

    private static void Store(ref ProjectedSplat splat, float red, float green, float blue)
    {
        if (!float.IsFinite(red + green + blue))
        {
            splat.Cull();
            return;
        }
        splat.Red = MathF.Max(0, red);
        splat.Green = MathF.Max(0, green);
        splat.Blue = MathF.Max(0, blue);
    }

    /// <summary><see cref="ShBasis.Evaluate"/> for eight directions at once (same constants and expressions).</summary>
    private static void Basis(Vector256<float> x, Vector256<float> y, Vector256<float> z, int degree, Span<Vector256<float>> basis)
    {
        basis[0] = Vector256.Create(GaussianCloud.ShC0);
        if (degree < 1)
            return;
        var c1 = Vector256.Create(ShBasis.C1);
        basis[1] = -c1 * y;
        basis[2] = c1 * z;
        basis[3] = -c1 * x;
        if (degree < 2)
            return;
        Vector256<float> xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        var c2 = ShBasis.C2;
        var two = Vector256.Create(2f);
        basis[4] = Vector256.Create(c2[0]) * xy;
        basis[5] = Vector256.Create(c2[1]) * yz;
        basis[6] = Vector256.Create(c2[2]) * ((two * zz) - xx - yy);
        basis[7] = Vector256.Create(c2[3]) * xz;
        basis[8] = Vector256.Create(c2[4]) * (xx - yy);
        if (degree < 3)
            return;
        var c3 = ShBasis.C3;
        var three = Vector256.Create(3f);
        var four = Vector256.Create(4f);
        basis[9] = Vector256.Create(c3[0]) * y * ((three * xx) - yy);
        basis[10] = Vector256.Create(c3[1]) * xy * z;
        basis[11] = Vector256.Create(c3[2]) * y * ((four * zz) - xx - yy);
        basis[12] = Vector256.Create(c3[3]) * z * ((two * zz) - (three * xx) - (three * yy));
        basis[13] = Vector256.Create(c3[4]) * x * ((four * zz) - xx - yy);
        basis[14] = Vector256.Create(c3[5]) * z * (xx - yy);
        basis[15] = Vector256.Create(c3[6]) * x * (xx - (three * yy));
    }
}
