using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// A fitted colour match (<see cref="ColorMatch"/>): immutable, thread-safe, applicable to any number
/// of frames. Reinhard and MKL are a 3x3 matrix and offset (in OKLab and linear sRGB respectively);
/// histogram matching is one tone curve per OKLab channel; sliced OT, <see cref="ColorMatchMethod.Lut"/>
/// and <see cref="ColorMatchMethod.Model"/> are a 3D LUT over sRGB-encoded colour, applied with
/// tetrahedral interpolation. <see cref="ToLut"/> bakes any of them into a LUT for other tools.
/// </summary>
/// <remarks>
/// A lattice (LUT) transform is defined on the sRGB-encoded cube [0, 1]³: encoded values outside it
/// are clamped to the cube's surface before the lookup (as any <c>.cube</c> LUT does), so
/// super-whites and negative (out-of-gamut) values are not extrapolated. Its strength blends toward
/// the identity in the encoded space.
/// </remarks>
public sealed class ColorTransform
{
    private readonly ColorMatrix3x3 _matrix;
    private readonly (double X, double Y, double Z) _offset;
    private readonly HistogramCurve[]? _curves;
    private readonly Lut3D? _lattice;

    private ColorTransform(ColorMatchMethod method, double strength, ColorMatrix3x3 matrix, (double, double, double) offset, HistogramCurve[]? curves, Lut3D? lattice = null)
    {
        _lattice = lattice;
        Method = method;
        Strength = strength;
        _matrix = matrix;
        _offset = offset;
        _curves = curves;
    }

    /// <summary>The method that produced this transform.</summary>
    public ColorMatchMethod Method { get; }

    /// <summary>How far <see cref="Apply"/> moves each pixel toward its match, 0 (identity) to 1 (full).</summary>
    public double Strength { get; }

    /// <summary>The working space of the affine and curve transforms: OKLab for Reinhard and histogram matching, linear sRGB for MKL.</summary>
    private bool InOklab => Method != ColorMatchMethod.Mkl;

    /// <summary>The same transform at another strength.</summary>
    /// <param name="strength">0 (identity) to 1 (full match).</param>
    public ColorTransform WithStrength(double strength)
    {
        CheckStrength(strength, nameof(strength));
        return new ColorTransform(Method, strength, _matrix, _offset, _curves, _lattice);
    }

    /// <summary>
    /// Applies the transform to a copy of <paramref name="frame"/>. The frame is taken to linear sRGB
    /// (and OKLab where the method works there; sRGB-encoded for a LUT transform, whose input is
    /// clamped to [0, 1]), mapped, and returned in its own colour space; alpha is copied; output values
    /// are not clipped. Runs in parallel within the frame's <see cref="ComputeBudget"/>.
    /// </summary>
    /// <param name="frame">Three colour channels and a defined colour space.</param>
    /// <param name="mask">Optional one-channel 0..1 plane of the frame's size that scales the strength per pixel (1 = full, 0 = untouched).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public ImageFrame Apply(ImageFrame frame, ImageFrame? mask = null, CancellationToken cancellationToken = default)
    {
        CheckFrame(frame, nameof(frame));
        CheckMask(mask, frame, nameof(mask));
        if (_lattice is not null)
            return ApplyLattice(frame, mask, cancellationToken);
        var result = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
        try
        {
            Span<float> coefficients = stackalloc float[AffineColorKernels.CoefficientCount];
            StrengthCoefficients(coefficients);
            var affine = coefficients.ToArray();
            var strength = (float)Strength;
            PlaneBands.Run(result.PixelCount, result.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
                ApplyBand(result, mask, affine, strength, start, length));
            result.ConvertColorSpaceInPlace(frame.ColorSpace, cancellationToken);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private ImageFrame ApplyLattice(ImageFrame frame, ImageFrame? mask, CancellationToken cancellationToken)
    {
        var result = frame.ConvertColorSpace(ColorSpace.Srgb, cancellationToken);
        try
        {
            var strength = (float)Strength;
            PlaneBands.Run(result.PixelCount, result.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
                ApplyLatticeBand(result, mask, strength, start, length));
            result.ConvertColorSpaceInPlace(frame.ColorSpace, cancellationToken);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private void ApplyLatticeBand(ImageFrame frame, ImageFrame? mask, float strength, int start, int length)
    {
        var x = frame.Plane(0).Slice(start, length);
        var y = frame.Plane(1).Slice(start, length);
        var z = frame.Plane(2).Slice(start, length);
        var mapped = ArrayPool<float>.Shared.Rent(3 * length);
        try
        {
            var mx = mapped.AsSpan(0, length);
            var my = mapped.AsSpan(length, length);
            var mz = mapped.AsSpan(2 * length, length);
            LutKernels.ApplyFast(_lattice!, LutInterpolation.Tetrahedral, x, y, z, mx, my, mz);
            if (mask is null && strength == 1f)
            {
                mx.CopyTo(x);
                my.CopyTo(y);
                mz.CopyTo(z);
                return;
            }
            ReadOnlySpan<float> weight = mask is null ? default : mask.Plane(0).Slice(start, length);
            for (var i = 0; i < length; i++)
            {
                var f = weight.IsEmpty ? strength : strength * weight[i];
                x[i] += f * (mx[i] - x[i]);
                y[i] += f * (my[i] - y[i]);
                z[i] += f * (mz[i] - z[i]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(mapped);
        }
    }

    /// <summary>
    /// Bakes the transform (at its strength) into a 3D LUT over sRGB-encoded input, for <c>.cube</c>
    /// export or <see cref="LutExtensions.ApplyLut"/>: every lattice point, taken as an sRGB pixel, is
    /// mapped by <see cref="Apply"/> and clipped to [0, 1] (as an image file would store it).
    /// </summary>
    /// <param name="size">Lattice points per axis, 2..256 (17, 33 or 65 are usual); 33 by default.</param>
    /// <param name="skinProtection">
    /// 0 (none) to 1: each lattice colour is blended back toward itself by skinProtection × its skin
    /// likelihood (the chroma model of <see cref="SkinMask"/>). This is a global, colour-only
    /// approximation of <see cref="SkinProtection.ApplyProtectingSkin"/>: a LUT sees one colour at a
    /// time, so the mask's spatial smoothing (and hue keeping by neighbourhood) cannot be baked.
    /// </param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new LUT whose title names the method.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is outside 2..256 or <paramref name="skinProtection"/> outside 0..1.</exception>
    public Lut3D ToLut(int size = 33, double skinProtection = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, Lut3D.MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Lut3D.MaxSize);
        if (!(skinProtection >= 0.0 && skinProtection <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(skinProtection), skinProtection, "Skin protection must be between 0 and 1.");
        var lut = new Lut3D(size) { Title = $"Augment colour match ({Method}, strength {Strength:0.###})" };
        using var grid = ImageFrame.Create(size * size, size, 3, ColorSpace.Srgb);
        var red = grid.Plane(0);
        var green = grid.Plane(1);
        var blue = grid.Plane(2);
        var step = 1f / (size - 1);
        var p = 0;
        for (var b = 0; b < size; b++)
        {
            for (var g = 0; g < size; g++)
            {
                for (var r = 0; r < size; r++, p++)
                {
                    red[p] = r * step;
                    green[p] = g * step;
                    blue[p] = b * step;
                }
            }
        }
        using var mapped = Apply(grid, null, cancellationToken);
        ReadOnlySpan<float> mr = mapped.Plane(0), mg = mapped.Plane(1), mb = mapped.Plane(2);
        var lattice = lut.Lattice;
        var protect = (float)skinProtection;
        for (var i = 0; i < mr.Length; i++)
        {
            float outR = Math.Clamp(mr[i], 0f, 1f), outG = Math.Clamp(mg[i], 0f, 1f), outB = Math.Clamp(mb[i], 0f, 1f);
            if (protect > 0f)
            {
                float ir = red[i], ig = green[i], ib = blue[i];
                var likelihood = SkinChromaModel.Likelihood(
                    (float)TransferKernels.SrgbToLinear(ir), (float)TransferKernels.SrgbToLinear(ig), (float)TransferKernels.SrgbToLinear(ib));
                var keep = protect * likelihood;
                outR += keep * (ir - outR);
                outG += keep * (ig - outG);
                outB += keep * (ib - outB);
            }
            lattice[3 * i] = outR;
            lattice[(3 * i) + 1] = outG;
            lattice[(3 * i) + 2] = outB;
        }
        return lut;
    }

    private void ApplyBand(ImageFrame frame, ImageFrame? mask, float[] affine, float strength, int start, int length)
    {
        var x = frame.Plane(0).Slice(start, length);
        var y = frame.Plane(1).Slice(start, length);
        var z = frame.Plane(2).Slice(start, length);
        if (InOklab)
            OklabPlaneKernels.FromLinearSrgb(x, y, z);
        float[]? original = null;
        if (mask is not null)
        {
            original = ArrayPool<float>.Shared.Rent(3 * length);
            x.CopyTo(original.AsSpan(0, length));
            y.CopyTo(original.AsSpan(length, length));
            z.CopyTo(original.AsSpan(2 * length, length));
        }
        if (_curves is null)
        {
            AffineColorKernels.Apply(affine, x, y, z);
        }
        else
        {
            _curves[0].Apply(x, strength);
            _curves[1].Apply(y, strength);
            _curves[2].Apply(z, strength);
        }
        if (original is not null)
        {
            ReadOnlySpan<float> weight = mask!.Plane(0).Slice(start, length);
            AffineColorKernels.BlendToward(original.AsSpan(0, length), weight, x);
            AffineColorKernels.BlendToward(original.AsSpan(length, length), weight, y);
            AffineColorKernels.BlendToward(original.AsSpan(2 * length, length), weight, z);
            ArrayPool<float>.Shared.Return(original);
        }
        if (InOklab)
            OklabPlaneKernels.ToLinearSrgb(x, y, z);
    }

    /// <summary>Row-major M and o blended with the identity by strength: I + s(M − I), s·o.</summary>
    internal void StrengthCoefficients(Span<float> coefficients)
    {
        var s = Strength;
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                var identity = r == c ? 1.0 : 0.0;
                coefficients[r * 4 + c] = (float)(identity + s * (_matrix[r, c] - identity));
            }
        }
        coefficients[3] = (float)(s * _offset.X);
        coefficients[7] = (float)(s * _offset.Y);
        coefficients[11] = (float)(s * _offset.Z);
    }

    /// <summary>The full-strength matrix (identity for histogram matching); for tests.</summary>
    internal ColorMatrix3x3 Matrix => _matrix;

    /// <summary>The full-strength offset; for tests.</summary>
    internal (double X, double Y, double Z) Offset => _offset;

    internal static ColorTransform ForAffine(ColorMatchMethod method, ColorMatrix3x3 matrix, (double, double, double) offset, double strength) =>
        new(method, strength, matrix, offset, null);

    /// <summary>The fitted LUT of a lattice transform (full strength), or null; for tests.</summary>
    internal Lut3D? Lattice => _lattice;

    internal static ColorTransform ForLattice(ColorMatchMethod method, Lut3D lattice, double strength) =>
        new(method, strength, ColorMatrix3x3.Identity, (0, 0, 0), null, lattice);

    internal static ColorTransform ForCurves(HistogramCurve[] curves, double strength) =>
        new(ColorMatchMethod.Histogram, strength, ColorMatrix3x3.Identity, (0, 0, 0), curves);

    /// <summary>A linear-sRGB copy of <paramref name="frame"/>, converted on to OKLab in place when asked.</summary>
    internal static ImageFrame ToWorkingSpace(ImageFrame frame, bool inOklab, CancellationToken cancellationToken)
    {
        var work = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
        if (!inOklab)
            return work;
        try
        {
            PlaneBands.Run(work.PixelCount, work.Budget, cancellationToken: cancellationToken, body: (band, start, length) =>
                OklabPlaneKernels.FromLinearSrgb(work.Plane(0).Slice(start, length), work.Plane(1).Slice(start, length), work.Plane(2).Slice(start, length)));
            work.ColorSpace = ColorSpace.Unspecified;
            return work;
        }
        catch
        {
            work.Dispose();
            throw;
        }
    }

    internal static void CheckStrength(double strength, string parameter)
    {
        if (!(strength >= 0.0 && strength <= 1.0))
            throw new ArgumentOutOfRangeException(parameter, strength, "Strength must be between 0 and 1.");
    }

    internal static void CheckFrame(ImageFrame frame, string parameter)
    {
        ArgumentNullException.ThrowIfNull(frame, parameter);
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"Colour matching needs three colour channels; the frame has {frame.ColorChannels}.", parameter);
        if (frame.ColorSpace == ColorSpace.Unspecified)
            throw new ArgumentException("The frame's colour space is unspecified; tag it (e.g. Srgb) before colour matching.", parameter);
    }

    internal static void CheckMask(ImageFrame? mask, ImageFrame frame, string parameter)
    {
        if (mask is null)
            return;
        if (mask.Channels != 1)
            throw new ArgumentException($"A mask has one channel; this one has {mask.Channels}.", parameter);
        if (mask.Width != frame.Width || mask.Height != frame.Height)
            throw new ArgumentException($"The mask is {mask.Width}x{mask.Height} but its frame is {frame.Width}x{frame.Height}.", parameter);
    }
}
