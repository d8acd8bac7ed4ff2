using System.Numerics;
using Augment.Splat;
using TorchSharp;
using static TorchSharp.torch;

namespace Augment.Splat.Training;

/// <summary>
/// The forward pass of the 3DGS rasteriser (Kerbl et al. 2023) written with TorchSharp tensor operations, so that
/// autograd gives every gradient: the oracle the hand-written <c>DifferentiableRasterizer</c> is checked against, and a
/// baseline for its speed. The same pixels as <see cref="SplatRenderer"/>: projection with the 0.2 near plane and the
/// guard-band cull, EWA 2D covariance (Zwicker et al. 2002) with the low-pass variance, conic, the 3-sigma pixel box,
/// per pixel alpha = min(0.99, o exp(power)) skipped below 1/255, front-to-back compositing by depth through a
/// cumulative product that stops before the transmittance falls below 1e-4, SH colour + 0.5 clamped at 0, background.
/// The discrete choices (culls, boxes, skips, the stop) are masks computed without gradient, as the reference does.
/// Work is split over square tiles of pixels (each gathers the Gaussians whose box touches it), dense inside a tile.
/// </summary>
internal sealed class TorchReferenceRasterizer
{
    private const float NearPlane = 0.2f;
    private const float JacobianClamp = 1.3f;
    private const float CullGuardBand = 2f;
    private const float MinAlpha = 1f / 255f;
    private const float MaxAlpha = 0.99f;
    private const float MinTransmittance = 1e-4f;
    private const float C1 = 0.4886025119029199f;
    private static readonly double[] C2 = [1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396];
    private static readonly double[] C3 = [-0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658, 1.445305721320277, -0.5900435899266435];

    private readonly Vector3 _background;
    private readonly float _lowPass;
    private readonly ScalarType _type;
    private readonly int _tileSize;

    /// <summary>Creates the rasteriser.</summary>
    /// <param name="background">Colour behind the Gaussians.</param>
    /// <param name="lowPassVariance">Pixels² added to each 2D covariance (0.3 as the reference).</param>
    /// <param name="doublePrecision">Compute in float64 (finite-difference checks) instead of float32.</param>
    /// <param name="tileSize">Side of the pixel tiles the work is split into; 0 = the whole image at once.</param>
    public TorchReferenceRasterizer(Vector3 background = default, float lowPassVariance = 0.3f, bool doublePrecision = false, int tileSize = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tileSize);
        _background = background;
        _lowPass = lowPassVariance;
        _type = doublePrecision ? ScalarType.Float64 : ScalarType.Float32;
        _tileSize = tileSize;
    }

    /// <summary>Renders <paramref name="scene"/> to a planar RGB image (float[3 W H]).</summary>
    public float[] Render(SplatParameters scene, PinholeCamera camera, int shDegree)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        TorchSharpRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parameters = Leaf(scene, requiresGrad: false);
        return ToArray(Forward(parameters, scene, camera, shDegree));
    }

    /// <summary>
    /// Renders and back-propagates L = sum(image × <paramref name="imageGradient"/>), adding (+=) dL/dparameter to
    /// every plane of <paramref name="gradients"/>; returns the image.
    /// </summary>
    public float[] RenderWithGradients(SplatParameters scene, PinholeCamera camera, int shDegree, ReadOnlySpan<float> imageGradient, SplatParameters gradients)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(gradients);
        if (imageGradient.Length != 3 * camera.Width * camera.Height)
            throw new ArgumentException($"imageGradient holds {imageGradient.Length} values; a {camera.Width}x{camera.Height} RGB image needs {3 * camera.Width * camera.Height}.", nameof(imageGradient));
        if (gradients.Count != scene.Count || gradients.PlaneCount != scene.PlaneCount)
            throw new ArgumentException($"gradients has {gradients.Count} Gaussians x {gradients.PlaneCount} planes; the scene {scene.Count} x {scene.PlaneCount}.", nameof(gradients));
        TorchSharpRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var parameters = Leaf(scene, requiresGrad: true);
        var image = Forward(parameters, scene, camera, shDegree);
        var weight = tensor(imageGradient.ToArray(), [3, camera.Height, camera.Width]).to_type(_type);
        (image * weight).sum().backward();
        if (parameters.grad is { } grad)
        {
            var values = grad.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
            for (var p = 0; p < scene.PlaneCount; p++)
            {
                var plane = gradients.Plane(p);
                for (var i = 0; i < scene.Count; i++)
                    plane[i] += (float)values[((long)p * scene.Count) + i];
            }
        }
        return ToArray(image);
    }

    private Tensor Leaf(SplatParameters scene, bool requiresGrad)
    {
        var flat = new float[(long)scene.PlaneCount * scene.Count];
        for (var p = 0; p < scene.PlaneCount; p++)
            scene.Plane(p).CopyTo(flat.AsSpan(p * scene.Count, scene.Count));
        var leaf = tensor(flat, [scene.PlaneCount, scene.Count]).to_type(_type);
        return requiresGrad ? leaf.requires_grad_() : leaf;
    }

    private static float[] ToArray(Tensor image) =>
        image.detach().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();

    /// <summary>Per-Gaussian screen-space values (one entry per projected Gaussian).</summary>
    private sealed record Projected(Tensor U, Tensor V, Tensor ConicA, Tensor ConicB, Tensor ConicC, Tensor Opacity, Tensor Depth, Tensor Colour,
        Tensor Visible, Tensor X0, Tensor X1, Tensor Y0, Tensor Y1);

    /// <summary>The image (3 × H × W) of the Gaussians in <paramref name="parameters"/> (planes × n, laid out as <paramref name="scene"/>).</summary>
    internal Tensor Forward(Tensor parameters, SplatParameters scene, PinholeCamera camera, int shDegree)
    {
        var degree = Math.Clamp(shDegree, 0, scene.ShDegree);
        int width = camera.Width, height = camera.Height;
        // Which Gaussians survive the culls, without gradient; then the differentiable pass over those only, so that
        // culled ones (behind the camera, degenerate) cannot put NaN into the gradients.
        Tensor visible;
        using (no_grad())
            visible = Project(parameters, scene, camera, degree).Visible;
        var index = nonzero(visible).reshape(-1);
        var background = tensor(new[] { _background.X, _background.Y, _background.Z }).to_type(_type).reshape(3, 1);
        if (index.shape[0] == 0)
            return (zeros(3, (long)width * height, dtype: _type) + background).reshape(3, height, width);

        var s = Project(parameters.index_select(1, index), scene, camera, degree);
        // Front to back; ties by index, as the reference's (depth, index) keys.
        var order = s.Depth.detach().sort(stable: true).Indices;
        var u = s.U.index_select(0, order);
        var v = s.V.index_select(0, order);
        var conicA = s.ConicA.index_select(0, order);
        var conicB = s.ConicB.index_select(0, order);
        var conicC = s.ConicC.index_select(0, order);
        var opacity = s.Opacity.index_select(0, order);
        var colour = s.Colour.index_select(0, order);
        var x0 = s.X0.index_select(0, order).data<int>().ToArray();
        var x1 = s.X1.index_select(0, order).data<int>().ToArray();
        var y0 = s.Y0.index_select(0, order).data<int>().ToArray();
        var y1 = s.Y1.index_select(0, order).data<int>().ToArray();

        var tile = _tileSize == 0 ? Math.Max(width, height) : _tileSize;
        var outputs = new List<Tensor>();
        var pixelIndices = new List<Tensor>();
        var members = new List<long>();
        for (var ty = 0; ty < height; ty += tile)
        {
            for (var tx = 0; tx < width; tx += tile)
            {
                int tw = Math.Min(tile, width - tx), th = Math.Min(tile, height - ty);
                members.Clear();
                for (var k = 0; k < x0.Length; k++)
                {
                    if (x0[k] <= tx + tw - 1 && x1[k] >= tx && y0[k] <= ty + th - 1 && y1[k] >= ty)
                        members.Add(k);
                }
                var pixels = (arange(th, dtype: ScalarType.Int64).reshape(-1, 1) + ty) * width + (arange(tw, dtype: ScalarType.Int64).reshape(1, -1) + tx);
                pixelIndices.Add(pixels.reshape(-1));
                if (members.Count == 0)
                {
                    outputs.Add(zeros(3, (long)tw * th, dtype: _type) + background);
                    continue;
                }
                var pick = tensor(members.ToArray());
                var px = (arange(tw, dtype: _type) + tx + 0.5).reshape(1, -1).expand(th, tw).reshape(-1, 1);
                var py = (arange(th, dtype: _type) + ty + 0.5).reshape(-1, 1).expand(th, tw).reshape(-1, 1);
                var xi = (arange(tw, dtype: ScalarType.Int32) + tx).reshape(1, -1).expand(th, tw).reshape(-1, 1);
                var yi = (arange(th, dtype: ScalarType.Int32) + ty).reshape(-1, 1).expand(th, tw).reshape(-1, 1);
                outputs.Add(Composite(px, py, xi, yi, pick, u, v, conicA, conicB, conicC, opacity, colour, x0, x1, y0, y1, background));
            }
        }
        var all = cat(outputs, 1);
        var where = cat(pixelIndices, 0);
        return zeros(3, (long)width * height, dtype: _type).index_copy(1, where, all).reshape(3, height, width);
    }

    /// <summary>Front-to-back compositing of the Gaussians <paramref name="pick"/> (in depth order) over the given pixels; returns 3 × pixels.</summary>
    private Tensor Composite(Tensor px, Tensor py, Tensor xi, Tensor yi, Tensor pick, Tensor u, Tensor v, Tensor conicA, Tensor conicB, Tensor conicC,
        Tensor opacity, Tensor colour, int[] x0, int[] x1, int[] y0, int[] y1, Tensor background)
    {
        var boxX0 = tensor(x0).index_select(0, pick).reshape(1, -1);
        var boxX1 = tensor(x1).index_select(0, pick).reshape(1, -1);
        var boxY0 = tensor(y0).index_select(0, pick).reshape(1, -1);
        var boxY1 = tensor(y1).index_select(0, pick).reshape(1, -1);
        var dx = px - u.index_select(0, pick).reshape(1, -1);
        var dy = py - v.index_select(0, pick).reshape(1, -1);
        var a = conicA.index_select(0, pick).reshape(1, -1);
        var b = conicB.index_select(0, pick).reshape(1, -1);
        var c = conicC.index_select(0, pick).reshape(1, -1);
        var power = (-0.5 * ((a * dx * dx) + (c * dy * dy))) - (b * dx * dy);
        var alpha = clamp_max(opacity.index_select(0, pick).reshape(1, -1) * exp(power), MaxAlpha);
        Tensor used;
        using (no_grad())
        {
            var valid = (xi >= boxX0) & (xi <= boxX1) & (yi >= boxY0) & (yi <= boxY1) & (power <= 0) & (alpha >= MinAlpha);
            var kept = where(valid, alpha, zeros_like(alpha));
            // The pixel stops at the first Gaussian that would take T below 1e-4 (that one is not added): T after each
            // Gaussian only falls, so the Gaussians added are those whose inclusive product stays >= 1e-4.
            var after = cumprod(1 - kept, 1);
            used = valid & (after >= MinTransmittance);
        }
        var alphaUsed = where(used, alpha, zeros_like(alpha));
        var keep = 1 - alphaUsed;
        var inclusive = cumprod(keep, 1);
        var transmittance = cat([ones(keep.shape[0], 1, dtype: _type), inclusive.narrow(1, 0, keep.shape[1] - 1)], 1);
        var weight = transmittance * alphaUsed;
        var rgb = weight.matmul(colour.index_select(0, pick)).t();
        var last = inclusive.narrow(1, keep.shape[1] - 1, 1).t();
        return rgb + (last * background);
    }

    private Projected Project(Tensor p, SplatParameters scene, PinholeCamera camera, int degree)
    {
        var halfX = camera.Width / (2 * camera.FocalX);
        var halfY = camera.Height / (2 * camera.FocalY);
        var midX = ((camera.Width / 2f) - camera.CenterX) / camera.FocalX;
        var midY = ((camera.Height / 2f) - camera.CenterY) / camera.FocalY;
        Vector3 o = camera.Position, r = camera.Right, dn = camera.Down, f = camera.Forward;
        var dxw = p[0] - o.X;
        var dyw = p[1] - o.Y;
        var dzw = p[2] - o.Z;
        var tz = (dxw * f.X) + (dyw * f.Y) + (dzw * f.Z);
        var invZ = 1 / tz;
        var xz = ((dxw * r.X) + (dyw * r.Y) + (dzw * r.Z)) * invZ;
        var yz = ((dxw * dn.X) + (dyw * dn.Y) + (dzw * dn.Z)) * invZ;
        var opacity = sigmoid(p[SplatParameters.Opacity]);

        // Sigma = R S S^T R^T, R from the normalised quaternion (w, x, y, z), S = diag(exp(log-scale)).
        var qw = p[SplatParameters.RotationW];
        var qx = p[SplatParameters.RotationW + 1];
        var qy = p[SplatParameters.RotationW + 2];
        var qz = p[SplatParameters.RotationW + 3];
        var norm = sqrt((qw * qw) + (qx * qx) + (qy * qy) + (qz * qz));
        qw /= norm;
        qx /= norm;
        qy /= norm;
        qz /= norm;
        var s0 = exp(p[SplatParameters.LogScaleX]);
        var s1 = exp(p[SplatParameters.LogScaleX + 1]);
        var s2 = exp(p[SplatParameters.LogScaleX + 2]);
        var m00 = (1 - (2 * ((qy * qy) + (qz * qz)))) * s0;
        var m01 = 2 * ((qx * qy) - (qw * qz)) * s1;
        var m02 = 2 * ((qx * qz) + (qw * qy)) * s2;
        var m10 = 2 * ((qx * qy) + (qw * qz)) * s0;
        var m11 = (1 - (2 * ((qx * qx) + (qz * qz)))) * s1;
        var m12 = 2 * ((qy * qz) - (qw * qx)) * s2;
        var m20 = 2 * ((qx * qz) - (qw * qy)) * s0;
        var m21 = 2 * ((qy * qz) + (qw * qx)) * s1;
        var m22 = (1 - (2 * ((qx * qx) + (qy * qy)))) * s2;
        var c00 = (m00 * m00) + (m01 * m01) + (m02 * m02);
        var c01 = (m00 * m10) + (m01 * m11) + (m02 * m12);
        var c02 = (m00 * m20) + (m01 * m21) + (m02 * m22);
        var c11 = (m10 * m10) + (m11 * m11) + (m12 * m12);
        var c12 = (m10 * m20) + (m11 * m21) + (m12 * m22);
        var c22 = (m20 * m20) + (m21 * m21) + (m22 * m22);

        // EWA (Zwicker et al. 2002, eq. 31): cov2D = T Sigma T^T, T = J W with the Jacobian at the clamped centre.
        var cxz = clamp(xz, midX - (JacobianClamp * halfX), midX + (JacobianClamp * halfX));
        var cyz = clamp(yz, midY - (JacobianClamp * halfY), midY + (JacobianClamp * halfY));
        var fx = camera.FocalX * invZ;
        var fy = camera.FocalY * invZ;
        var t0x = fx * (r.X - (cxz * f.X));
        var t0y = fx * (r.Y - (cxz * f.Y));
        var t0z = fx * (r.Z - (cxz * f.Z));
        var t1x = fy * (dn.X - (cyz * f.X));
        var t1y = fy * (dn.Y - (cyz * f.Y));
        var t1z = fy * (dn.Z - (cyz * f.Z));
        var s0x = (c00 * t0x) + (c01 * t0y) + (c02 * t0z);
        var s0y = (c01 * t0x) + (c11 * t0y) + (c12 * t0z);
        var s0z = (c02 * t0x) + (c12 * t0y) + (c22 * t0z);
        var s1x = (c00 * t1x) + (c01 * t1y) + (c02 * t1z);
        var s1y = (c01 * t1x) + (c11 * t1y) + (c12 * t1z);
        var s1z = (c02 * t1x) + (c12 * t1y) + (c22 * t1z);
        var a = (t0x * s0x) + (t0y * s0y) + (t0z * s0z) + _lowPass;
        var b = (t0x * s1x) + (t0y * s1y) + (t0z * s1z);
        var c = (t1x * s1x) + (t1y * s1y) + (t1z * s1z) + _lowPass;
        var det = (a * c) - (b * b);
        var u = (camera.FocalX * xz) + camera.CenterX;
        var v = (camera.FocalY * yz) + camera.CenterY;

        Tensor visible, x0, x1, y0, y1;
        using (no_grad())
        {
            var mid = 0.5 * (a + c);
            var lambda = mid + sqrt(clamp_min((mid * mid) - det, 0.1));
            var radius = ceil(3 * sqrt(lambda));
            x0 = clamp_min(ceil(u - 0.5 - radius), 0);
            x1 = clamp_max(floor(u - 0.5 + radius), camera.Width - 1);
            y0 = clamp_min(ceil(v - 0.5 - radius), 0);
            y1 = clamp_max(floor(v - 0.5 + radius), camera.Height - 1);
            visible = (tz > NearPlane) & isfinite(tz)
                & ((xz - midX).abs() <= CullGuardBand * halfX) & ((yz - midY).abs() <= CullGuardBand * halfY)
                & (opacity >= MinAlpha) & (det > 0) & isfinite(det) & (x0 <= x1) & (y0 <= y1);
            x0 = nan_to_num(x0).to_type(ScalarType.Int32);
            x1 = nan_to_num(x1).to_type(ScalarType.Int32);
            y0 = nan_to_num(y0).to_type(ScalarType.Int32);
            y1 = nan_to_num(y1).to_type(ScalarType.Int32);
        }

        // Colour: SH along the unit direction camera centre -> Gaussian, + 0.5, clamped at 0 (computeColorFromSH).
        var length = sqrt((dxw * dxw) + (dyw * dyw) + (dzw * dzw));
        var basis = Basis(dxw / length, dyw / length, dzw / length, degree);
        var channels = new Tensor[3];
        for (var ch = 0; ch < 3; ch++)
        {
            var sum = basis[0] * p[SplatParameters.ShDcRed + ch];
            for (var k = 1; k < basis.Count; k++)
                sum += basis[k] * p[scene.RestPlane(ch, k - 1)];
            channels[ch] = clamp_min(sum + 0.5, 0);
        }
        var colour = stack(channels, 1);
        return new Projected(u, v, c / det, -b / det, a / det, opacity, tz, colour, visible, x0, x1, y0, y1);
    }

    /// <summary>The real SH basis of the 3DGS reference (its constants and signs) for unit direction (x, y, z).</summary>
    private static List<Tensor> Basis(Tensor x, Tensor y, Tensor z, int degree)
    {
        var basis = new List<Tensor>(16) { ones_like(x) * GaussianCloud.ShC0 };
        if (degree < 1)
            return basis;
        basis.Add(-C1 * y);
        basis.Add(C1 * z);
        basis.Add(-C1 * x);
        if (degree < 2)
            return basis;
        Tensor xx = x * x, yy = y * y, zz = z * z, xy = x * y, yz = y * z, xz = x * z;
        basis.Add(C2[0] * xy);
        basis.Add(C2[1] * yz);
        basis.Add(C2[2] * ((2 * zz) - xx - yy));
        basis.Add(C2[3] * xz);
        basis.Add(C2[4] * (xx - yy));
        if (degree < 3)
            return basis;
        basis.Add(C3[0] * y * ((3 * xx) - yy));
        basis.Add(C3[1] * xy * z);
        basis.Add(C3[2] * y * ((4 * zz) - xx - yy));
        basis.Add(C3[3] * z * ((2 * zz) - (3 * xx) - (3 * yy)));
        basis.Add(C3[4] * x * ((4 * zz) - xx - yy));
        basis.Add(C3[5] * z * (xx - yy));
        basis.Add(C3[6] * x * (xx - (3 * yy)));
        return basis;
    }
}
