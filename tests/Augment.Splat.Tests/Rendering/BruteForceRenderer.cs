using System.Numerics;

namespace Augment.Splat.Tests.Rendering;

/// <summary>
/// The test oracle: every splat projected in double precision by an independent route (axes rotated by the quaternion
/// sandwich product, the projection's Jacobian by central finite differences, SH degree 0-1 from the published constants),
/// then every pixel composites every splat whose 3-sigma box holds it, sorted by depth, in double. Same rules as the
/// renderer (near plane 0.2, guard band 2x the half field of view, alpha >= 1/255, 0.99 clamp, stop before T &lt; 1e-4);
/// the Jacobian is not clamped, so scenes must keep their centres inside 1.3x the half field of view.
/// </summary>
internal static class BruteForceRenderer
{
    private const double C0 = 0.28209479177387814;
    private const double C1 = 0.4886025119029199;

    public readonly record struct Splat(int Index, bool Visible, double U, double V, double Depth, double A, double B, double C,
        double Alpha, double Red, double Green, double Blue, int X0, int X1, int Y0, int Y1, double CovXX, double CovXY, double CovYY);

    public static Splat Project(GaussianCloud cloud, int i, PinholeCamera camera, double lowPass, int maxShDegree = 3)
    {
        var invisible = new Splat { Index = i, Visible = false };
        var p = new[] { (double)cloud.X[i], cloud.Y[i], cloud.Z[i] };
        var (u, v, z) = Pixel(camera, p);
        if (!(z > 0.2) || !double.IsFinite(u) || !double.IsFinite(v))
            return invisible;
        var halfX = camera.Width / (2.0 * camera.FocalX);
        var halfY = camera.Height / (2.0 * camera.FocalY);
        var midX = ((camera.Width / 2.0) - camera.CenterX) / camera.FocalX;
        var midY = ((camera.Height / 2.0) - camera.CenterY) / camera.FocalY;
        var xz = (u - camera.CenterX) / camera.FocalX;
        var yz = (v - camera.CenterY) / camera.FocalY;
        if (Math.Abs(xz - midX) > 2 * halfX || Math.Abs(yz - midY) > 2 * halfY)
            return invisible;
        var alpha = 1 / (1 + Math.Exp(-cloud.Opacity[i]));
        if (alpha < 1 / 255.0)
            return invisible;

        // Covariance = sum_k s_k² a_k a_k^T, a_k = q e_k q* (unit quaternion q).
        double w = cloud.RotationW[i], qx = cloud.RotationX[i], qy = cloud.RotationY[i], qz = cloud.RotationZ[i];
        var n = Math.Sqrt((w * w) + (qx * qx) + (qy * qy) + (qz * qz));
        (w, qx, qy, qz) = (w / n, qx / n, qy / n, qz / n);
        double[] scales = [Math.Exp(cloud.ScaleX[i]), Math.Exp(cloud.ScaleY[i]), Math.Exp(cloud.ScaleZ[i])];
        var cov = new double[3, 3];
        for (var k = 0; k < 3; k++)
        {
            var e = new double[3];
            e[k] = 1;
            var a = Rotate(w, qx, qy, qz, e);
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                    cov[r, c] += scales[k] * scales[k] * a[r] * a[c];
            }
        }

        // Jacobian of p -> (u, v) by central differences.
        var jac = new double[2, 3];
        var h = 1e-5 * z;
        for (var k = 0; k < 3; k++)
        {
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[k] += h;
            minus[k] -= h;
            var (up, vp, _) = Pixel(camera, plus);
            var (um, vm, _) = Pixel(camera, minus);
            jac[0, k] = (up - um) / (2 * h);
            jac[1, k] = (vp - vm) / (2 * h);
        }
        var cov2 = new double[2, 2];
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 2; c++)
            {
                double sum = 0;
                for (var a = 0; a < 3; a++)
                {
                    for (var b = 0; b < 3; b++)
                        sum += jac[r, a] * cov[a, b] * jac[c, b];
                }
                cov2[r, c] = sum;
            }
        }
        double xx = cov2[0, 0] + lowPass, xy = cov2[0, 1], yy = cov2[1, 1] + lowPass;
        var det = (xx * yy) - (xy * xy);
        if (!(det > 0))
            return invisible;
        var mid = 0.5 * (xx + yy);
        var lambda = mid + Math.Sqrt(Math.Max(0.1, (mid * mid) - det));
        var radius = Math.Ceiling(3 * Math.Sqrt(lambda));
        var x0 = (int)Math.Max(0, Math.Ceiling(u - 0.5 - radius));
        var x1 = (int)Math.Min(camera.Width - 1, Math.Floor(u - 0.5 + radius));
        var y0 = (int)Math.Max(0, Math.Ceiling(v - 0.5 - radius));
        var y1 = (int)Math.Min(camera.Height - 1, Math.Floor(v - 0.5 + radius));
        if (x0 > x1 || y0 > y1)
            return invisible;

        var dir = new[] { p[0] - camera.Position.X, p[1] - camera.Position.Y, p[2] - camera.Position.Z };
        var length = Math.Sqrt((dir[0] * dir[0]) + (dir[1] * dir[1]) + (dir[2] * dir[2]));
        double dx = dir[0] / length, dy = dir[1] / length, dz = dir[2] / length;
        var colour = new double[3];
        var degree = Math.Min(cloud.ShDegree, maxShDegree);
        if (degree > 1)
            throw new NotSupportedException("the oracle evaluates SH degree 0 and 1 only");
        for (var c = 0; c < 3; c++)
        {
            var value = 0.5 + (C0 * cloud.ShDc(c)[i]);
            if (degree == 1)
                value += C1 * ((-dy * cloud.ShRest(c, 0)[i]) + (dz * cloud.ShRest(c, 1)[i]) - (dx * cloud.ShRest(c, 2)[i]));
            colour[c] = Math.Max(0, value);
        }
        return new Splat(i, true, u, v, z, yy / det, -xy / det, xx / det, alpha, colour[0], colour[1], colour[2], x0, x1, y0, y1, xx, xy, yy);
    }

    /// <summary>Renders in double: three planes of width x height (row-major) and the final transmittance.</summary>
    public static (double[][] Colour, double[] Transmittance) Render(GaussianCloud cloud, PinholeCamera camera, double lowPass, Vector3 background, int maxShDegree = 3)
    {
        var splats = new List<Splat>();
        for (var i = 0; i < cloud.Count; i++)
        {
            var s = Project(cloud, i, camera, lowPass, maxShDegree);
            if (s.Visible)
                splats.Add(s);
        }
        splats.Sort((a, b) => a.Depth != b.Depth ? a.Depth.CompareTo(b.Depth) : a.Index.CompareTo(b.Index));
        int width = camera.Width, height = camera.Height;
        var colour = new[] { new double[width * height], new double[width * height], new double[width * height] };
        var transmittance = new double[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double t = 1, r = 0, g = 0, b = 0;
                foreach (var s in splats)
                {
                    if (x < s.X0 || x > s.X1 || y < s.Y0 || y > s.Y1)
                        continue;
                    double dx = x + 0.5 - s.U, dy = y + 0.5 - s.V;
                    var power = (-0.5 * ((s.A * dx * dx) + (s.C * dy * dy))) - (s.B * dx * dy);
                    if (power > 0)
                        continue;
                    var alpha = Math.Min(0.99, s.Alpha * Math.Exp(power));
                    if (alpha < 1 / 255.0)
                        continue;
                    var next = t * (1 - alpha);
                    if (next < 1e-4)
                        break;
                    r += t * alpha * s.Red;
                    g += t * alpha * s.Green;
                    b += t * alpha * s.Blue;
                    t = next;
                }
                var p = (y * width) + x;
                colour[0][p] = r + (t * background.X);
                colour[1][p] = g + (t * background.Y);
                colour[2][p] = b + (t * background.Z);
                transmittance[p] = t;
            }
        }
        return (colour, transmittance);
    }

    private static (double U, double V, double Z) Pixel(PinholeCamera camera, double[] p)
    {
        double dx = p[0] - camera.Position.X, dy = p[1] - camera.Position.Y, dz = p[2] - camera.Position.Z;
        var x = (dx * camera.Right.X) + (dy * camera.Right.Y) + (dz * camera.Right.Z);
        var y = (dx * camera.Down.X) + (dy * camera.Down.Y) + (dz * camera.Down.Z);
        var z = (dx * camera.Forward.X) + (dy * camera.Forward.Y) + (dz * camera.Forward.Z);
        return ((camera.FocalX * x / z) + camera.CenterX, (camera.FocalY * y / z) + camera.CenterY, z);
    }

    private static double[] Rotate(double w, double x, double y, double z, double[] v)
    {
        // v' = v + 2w (u x v) + 2 u x (u x v), u = (x, y, z).
        double[] u = [x, y, z];
        var uv = Cross(u, v);
        var uuv = Cross(u, uv);
        return [v[0] + (2 * ((w * uv[0]) + uuv[0])), v[1] + (2 * ((w * uv[1]) + uuv[1])), v[2] + (2 * ((w * uv[2]) + uuv[2]))];
    }

    private static double[] Cross(double[] a, double[] b) =>
        [(a[1] * b[2]) - (a[2] * b[1]), (a[2] * b[0]) - (a[0] * b[2]), (a[0] * b[1]) - (a[1] * b[0])];
}
