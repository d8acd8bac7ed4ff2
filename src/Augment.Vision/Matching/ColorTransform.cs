using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// A fitted colour match (<see cref="ColorMatch"/>): immutable, thread-safe, applicable to any number
/// of frames. Reinhard and MKL are a 3x3 matrix and offset (in OKLab and linear sRGB respectively);
/// histogram matching is one tone curve per OKLab channel.
/// </summary>
public sealed class ColorTransform
{
    private readonly ColorMatrix3x3 _matrix;
    private readonly (double X, double Y, double Z) _offset;
    private readonly HistogramCurve[]? _curves;

    private ColorTransform(ColorMatchMethod method, double strength, ColorMatrix3x3 matrix, (double, double, double) offset, HistogramCurve[]? curves)
    {
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

    /// <summary>The working space of the transform: OKLab for Reinhard and histogram matching, linear sRGB for MKL.</summary>
    private bool InOklab => Method != ColorMatchMethod.Mkl;

    /// <summary>The same transform at another strength.</summary>
    /// <param name="strength">0 (identity) to 1 (full match).</param>
    public ColorTransform WithStrength(double strength)
    {
        CheckStrength(strength, nameof(strength));
        return new ColorTransform(Method, strength, _matrix, _offset, _curves);
    }

    /// <summary>
    /// Applies the transform to a copy of <paramref name="frame"/>. The frame is taken to linear sRGB
    /// (and OKLab where the method works there), mapped, and returned in its own colour space; alpha is
    /// copied; values are not clipped. Runs in parallel within the frame's <see cref="ComputeBudget"/>.
    /// </summary>
    /// <param name="frame">Three colour channels and a defined colour space.</param>
    /// <param name="mask">Optional one-channel 0..1 plane of the frame's size that scales the strength per pixel (1 = full, 0 = untouched).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A new frame that the caller disposes.</returns>
    public ImageFrame Apply(ImageFrame frame, ImageFrame? mask = null, CancellationToken cancellationToken = default)
    {
        CheckFrame(frame, nameof(frame));
        CheckMask(mask, frame, nameof(mask));
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
