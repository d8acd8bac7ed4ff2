using Augment.Splat;
using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Rasterization;

/// <summary>
/// A deliberately plain double-precision forward for the gradient checks: every Gaussian projected on its own (the
/// rules of the 3DGS reference and Augment.Splat's renderer: near plane 0.2, Jacobian clamp 1.3 and cull guard band 2
/// half fields of view, low-pass on the 2D covariance, radius ceil(3 sqrt(lambda_max)), SH colour + 0.5 clamped at 0),
/// sorted by depth, then each pixel composited front to back over all of them (alpha = min(0.99, opacity exp(power)),
/// skip below 1/255, stop before T falls below 1e-4, background times the final T). No tiles, no SIMD, no shared code
/// with the rasteriser under test.
/// </summary>
internal static class ReferenceRasterizer
{
    private sealed record Splat(double U, double V, double A, double B, double C, double Alpha, double[] Colour, double Depth, int Index,
        double X0, double X1, double Y0, double Y1);

    /// <summary>Parameters as double planes, in <see cref="SplatParameters"/>' layout.</summary>
    public static double[][] ToDouble(SplatParameters scene)
    {
        var planes = new double[scene.PlaneCount][];
        for (var p = 0; p < planes.Length; p++)
        {
            planes[p] = new double[scene.Count];
            var plane = scene.Plane(p);
            for (var i = 0; i < scene.Count; i++)
                planes[p][i] = plane[i];
        }
        return planes;
    }

    /// <summary>Renders planar RGB (R plane, G plane, B plane).</summary>
    public static double[] Render(double[][] planes, int restCount, PinholeCamera camera, int shDegree, double[] background, double lowPass,
        double? centerX = null, double? centerY = null)
    {
        int width = camera.Width, height = camera.Height;
        double cx = centerX ?? camera.CenterX, cy = centerY ?? camera.CenterY;
        var count = planes[0].Length;
        var splats = new List<Splat>();
        for (var i = 0; i < count; i++)
        {
            var s = Project(planes, restCount, i, camera, shDegree, lowPass, cx, cy);
            if (s is not null)
                splats.Add(s);
        }
        splats.Sort((a, b) => a.Depth != b.Depth ? a.Depth.CompareTo(b.Depth) : a.Index.CompareTo(b.Index));
        var image = new double[3 * width * height];
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
                    if (alpha < 1.0 / 255)
                        continue;
                    var next = t * (1 - alpha);
                    if (next < 1e-4)
                        break;
                    r += t * alpha * s.Colour[0];
                    g += t * alpha * s.Colour[1];
                    b += t * alpha * s.Colour[2];
                    t = next;
                }
                var p = (y * width) + x;
                image[p] = r + (t * background[0]);
                image[(width * height) + p] = g + (t * background[1]);
                image[(2 * width * height) + p] = b + (t * background[2]);
            }
        }
        return image;
    }

    private static Splat? Project(double[][] planes, int restCount, int i, PinholeCamera camera, int shDegree, double lowPass, double cx, double cy)
    {
        double[] pos = [planes[0][i], planes[1][i], planes[2][i]];
        double[] eye = [camera.Position.X, camera.Position.Y, camera.Position.Z];
        double[] right = [camera.Right.X, camera.Right.Y, camera.Right.Z];
        double[] down = [camera.Down.X, camera.Down.Y, camera.Down.Z];
        double[] forward = [camera.Forward.X, camera.Forward.Y, camera.Forward.Z];
        double[] d = [pos[0] - eye[0], pos[1] - eye[1], pos[2] - eye[2]];
        double Dot(double[] a, double[] b) => (a[0] * b[0]) + (a[1] * b[1]) + (a[2] * b[2]);
        var tz = Dot(d, forward);
        if (!(tz > 0.2))
            return null;
        var xz = Dot(d, right) / tz;
        var yz = Dot(d, down) / tz;
        double fx = camera.FocalX, fy = camera.FocalY, w = camera.Width, h = camera.Height;
        double halfX = w / (2 * fx), halfY = h / (2 * fy);
        double midX = ((w / 2) - cx) / fx, midY = ((h / 2) - cy) / fy;
        if (Math.Abs(xz - midX) > 2 * halfX || Math.Abs(yz - midY) > 2 * halfY)
            return null;
        var alpha = 1 / (1 + Math.Exp(-planes[10][i]));
        if (alpha < 1.0 / 255)
            return null;

        double qw = planes[6][i], qx = planes[7][i], qy = planes[8][i], qz = planes[9][i];
        var n = Math.Sqrt((qw * qw) + (qx * qx) + (qy * qy) + (qz * qz));
        (qw, qx, qy, qz) = (qw / n, qx / n, qy / n, qz / n);
        double[,] rot =
        {
            { 1 - (2 * ((qy * qy) + (qz * qz))), 2 * ((qx * qy) - (qw * qz)), 2 * ((qx * qz) + (qw * qy)) },
            { 2 * ((qx * qy) + (qw * qz)), 1 - (2 * ((qx * qx) + (qz * qz))), 2 * ((qy * qz) - (qw * qx)) },
            { 2 * ((qx * qz) - (qw * qy)), 2 * ((qy * qz) + (qw * qx)), 1 - (2 * ((qx * qx) + (qy * qy))) },
        };
        double[] scale = [Math.Exp(planes[3][i]), Math.Exp(planes[4][i]), Math.Exp(planes[5][i])];
        var sigma = new double[3, 3];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                double sum = 0;
                for (var k = 0; k < 3; k++)
                    sum += rot[r, k] * scale[k] * scale[k] * rot[c, k];
                sigma[r, c] = sum;
            }
        }
        var cxz = Math.Clamp(xz, midX - (1.3 * halfX), midX + (1.3 * halfX));
        var cyz = Math.Clamp(yz, midY - (1.3 * halfY), midY + (1.3 * halfY));
        var t0 = new double[3];
        var t1 = new double[3];
        for (var k = 0; k < 3; k++)
        {
            t0[k] = fx / tz * (right[k] - (cxz * forward[k]));
            t1[k] = fy / tz * (down[k] - (cyz * forward[k]));
        }
        double Quad(double[] a, double[] b)
        {
            double sum = 0;
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 3; c++)
                    sum += a[r] * sigma[r, c] * b[c];
            }
            return sum;
        }
        var a2 = Quad(t0, t0) + lowPass;
        var b2 = Quad(t0, t1);
        var c2 = Quad(t1, t1) + lowPass;
        var det = (a2 * c2) - (b2 * b2);
        if (!(det > 0))
            return null;
        var mid = 0.5 * (a2 + c2);
        var lambda = mid + Math.Sqrt(Math.Max(0.1, (mid * mid) - det));
        var radius = Math.Ceiling(3 * Math.Sqrt(lambda));
        var u = (fx * xz) + cx;
        var v = (fy * yz) + cy;
        var x0 = Math.Max(0, Math.Ceiling(u - 0.5 - radius));
        var x1 = Math.Min(w - 1, Math.Floor(u - 0.5 + radius));
        var y0 = Math.Max(0, Math.Ceiling(v - 0.5 - radius));
        var y1 = Math.Min(h - 1, Math.Floor(v - 0.5 + radius));
        if (!(x0 <= x1 && y0 <= y1))
            return null;

        var length = Math.Sqrt(Dot(d, d));
        var basis = Basis(d[0] / length, d[1] / length, d[2] / length, shDegree);
        var colour = new double[3];
        for (var ch = 0; ch < 3; ch++)
        {
            var sum = 0.5 + (basis[0] * planes[SplatParameters.ShDcRed + ch][i]);
            for (var k = 1; k < basis.Length; k++)
                sum += basis[k] * planes[SplatParameters.FirstRest + (ch * restCount) + k - 1][i];
            colour[ch] = Math.Max(0, sum);
        }
        return new Splat(u, v, c2 / det, -b2 / det, a2 / det, alpha, colour, tz, i, x0, x1, y0, y1);
    }

    /// <summary>The real SH basis of the 3DGS reference (constants from its <c>forward.cu</c>), written out again in double.</summary>
    private static double[] Basis(double x, double y, double z, int degree)
    {
        var basis = new double[(degree + 1) * (degree + 1)];
        basis[0] = 0.28209479177387814;
        if (degree < 1)
            return basis;
        basis[1] = -0.4886025119029199 * y;
        basis[2] = 0.4886025119029199 * z;
        basis[3] = -0.4886025119029199 * x;
        if (degree < 2)
            return basis;
        basis[4] = 1.0925484305920792 * x * y;
        basis[5] = -1.0925484305920792 * y * z;
        basis[6] = 0.31539156525252005 * ((2 * z * z) - (x * x) - (y * y));
        basis[7] = -1.0925484305920792 * x * z;
        basis[8] = 0.5462742152960396 * ((x * x) - (y * y));
        if (degree < 3)
            return basis;
        basis[9] = -0.5900435899266435 * y * ((3 * x * x) - (y * y));
        basis[10] = 2.890611442640554 * x * y * z;
        basis[11] = -0.4570457994644658 * y * ((4 * z * z) - (x * x) - (y * y));
        basis[12] = 0.3731763325901154 * z * ((2 * z * z) - (3 * x * x) - (3 * y * y));
        basis[13] = -0.4570457994644658 * x * ((4 * z * z) - (x * x) - (y * y));
        basis[14] = 1.445305721320277 * z * ((x * x) - (y * y));
        basis[15] = -0.5900435899266435 * x * ((x * x) - (3 * y * y));
        return basis;
    }
}
