namespace Augment.Vision;

/// <summary>
/// HDR↔SDR mapping of <see cref="ImageFrame"/>s: BT.2390 EETF or BT.2446-1 method A tone mapping to SDR,
/// and BT.2446-1 method A inverse tone mapping to PQ or HLG in Rec.2020, with SIMD kernels
/// (<c>HdrSimdKernels</c>) checked against the scalar references (<c>HdrKernels</c>). See docs/vision-hdr.md.
/// </summary>
public static class HdrMapping
{
    /// <summary>
    /// Tone-maps an HDR frame (any defined colour space; usually <see cref="ColorSpace.Rec2020Pq"/> or
    /// <see cref="ColorSpace.Rec2020Hlg"/>) to SDR in Rec.709 primaries, clipped to 0..1. Alpha is copied unchanged.
    /// </summary>
    /// <param name="frame">A frame with three colour channels and a defined colour space.</param>
    /// <param name="options">Method and luminance ranges; <see cref="HdrToSdrOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the mapping.</param>
    /// <returns>A new frame tagged <see cref="HdrToSdrOptions.Output"/> that the caller disposes.</returns>
    public static ImageFrame ToSdr(ImageFrame frame, HdrToSdrOptions? options = null, CancellationToken cancellationToken = default) =>
        ToSdrCore(frame, options, useReference: false, cancellationToken);

    /// <summary><see cref="ToSdr(ImageFrame, HdrToSdrOptions?, CancellationToken)"/> with a choice of the scalar reference kernel (tests, benchmarks).</summary>
    internal static ImageFrame ToSdrCore(ImageFrame frame, HdrToSdrOptions? options, bool useReference, CancellationToken cancellationToken)
    {
        ValidateFrame(frame);
        options ??= HdrToSdrOptions.Default;
        ValidateOptions(options);

        var eetf = new Bt2390Eetf(options.SourceMinNits, options.SourceMaxNits, options.TargetMinNits, options.TargetMaxNits);
        var result = frame.ConvertColorSpace(ColorSpace.LinearRec2020, cancellationToken);
        try
        {
            RowBands.Run(result, (first, end) =>
            {
                for (var y = first; y < end; y++)
                {
                    if (useReference)
                        HdrKernels.ToSdrRow(eetf, options, result.Row(0, y), result.Row(1, y), result.Row(2, y));
                    else
                        HdrSimdKernels.ToSdrRow(eetf, options, result.Row(0, y), result.Row(1, y), result.Row(2, y));
                }
            }, cancellationToken);
            result.ColorSpace = options.Output;
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Expands an SDR frame (<see cref="ColorSpace.Srgb"/>, <see cref="ColorSpace.Rec709"/> or
    /// <see cref="ColorSpace.LinearSrgb"/>) to HDR with ITU-R BT.2446-1 method A, in Rec.2020 PQ or HLG,
    /// values in 0..1 (fit for 16-bit PNG/TIFF). Alpha is copied unchanged.
    /// </summary>
    /// <param name="frame">An SDR frame with three colour channels.</param>
    /// <param name="options">Target signal and peak; <see cref="SdrToHdrOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Cancels the mapping.</param>
    /// <returns>A new frame tagged <see cref="ColorSpace.Rec2020Pq"/> or <see cref="ColorSpace.Rec2020Hlg"/> that the caller disposes.</returns>
    public static ImageFrame ToHdr(ImageFrame frame, SdrToHdrOptions? options = null, CancellationToken cancellationToken = default) =>
        ToHdrCore(frame, options, useReference: false, cancellationToken);

    /// <summary><see cref="ToHdr(ImageFrame, SdrToHdrOptions?, CancellationToken)"/> with a choice of the scalar reference kernel (tests, benchmarks).</summary>
    internal static ImageFrame ToHdrCore(ImageFrame frame, SdrToHdrOptions? options, bool useReference, CancellationToken cancellationToken)
    {
        ValidateFrame(frame);
        if (frame.ColorSpace is not (ColorSpace.Srgb or ColorSpace.Rec709 or ColorSpace.LinearSrgb))
            throw new ArgumentException($"SDR→HDR mapping needs an SDR frame (Srgb, Rec709 or LinearSrgb); the frame is {frame.ColorSpace}.", nameof(frame));
        options ??= SdrToHdrOptions.Default;
        if (!double.IsFinite(options.PeakNits) || options.PeakNits <= 0.0 || options.PeakNits > HdrReference.PqPeakNits)
            throw new ArgumentOutOfRangeException(nameof(options), options.PeakNits, "PeakNits must be in (0, 10000] cd/m².");
        if (!Enum.IsDefined(options.Target))
            throw new ArgumentOutOfRangeException(nameof(options), options.Target, "Unknown HDR target.");

        var result = frame.ConvertColorSpace(ColorSpace.LinearSrgb, cancellationToken);
        try
        {
            var peakNits = options.PeakNits;
            RowBands.Run(result, (first, end) =>
            {
                for (var y = first; y < end; y++)
                {
                    if (useReference)
                        HdrKernels.ToHdrRow(peakNits, result.Row(0, y), result.Row(1, y), result.Row(2, y));
                    else
                        HdrSimdKernels.ToHdrRow(peakNits, result.Row(0, y), result.Row(1, y), result.Row(2, y));
                }
            }, cancellationToken);
            result.ColorSpace = ColorSpace.LinearRec2020;
            result.ConvertColorSpaceInPlace(options.Target == HdrTarget.Pq ? ColorSpace.Rec2020Pq : ColorSpace.Rec2020Hlg, cancellationToken);
            RowBands.Run(result, (first, end) =>
            {
                for (var c = 0; c < 3; c++)
                    for (var y = first; y < end; y++)
                        HdrKernels.ClampUnit(result.Row(c, y));
            }, cancellationToken);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void ValidateFrame(ImageFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.ColorChannels != 3)
            throw new ArgumentException($"HDR mapping needs three colour channels; the frame has {frame.ColorChannels}.", nameof(frame));
        if (frame.ColorSpace == ColorSpace.Unspecified)
            throw new ArgumentException("HDR mapping needs a frame with a defined colour space.", nameof(frame));
    }

    private static void ValidateOptions(HdrToSdrOptions options)
    {
        if (options.Output is not (ColorSpace.Srgb or ColorSpace.Rec709 or ColorSpace.LinearSrgb))
            throw new ArgumentOutOfRangeException(nameof(options), options.Output, "Output must be Srgb, Rec709 or LinearSrgb.");
        if (!Enum.IsDefined(options.Method))
            throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown tone-mapping method.");
        if (!double.IsFinite(options.SourceMinNits) || options.SourceMinNits < 0.0
            || !double.IsFinite(options.SourceMaxNits) || options.SourceMaxNits <= options.SourceMinNits || options.SourceMaxNits > HdrReference.PqPeakNits)
            throw new ArgumentOutOfRangeException(nameof(options), "Source range must satisfy 0 <= SourceMinNits < SourceMaxNits <= 10000 cd/m².");
        if (!double.IsFinite(options.TargetMinNits) || options.TargetMinNits < options.SourceMinNits
            || !double.IsFinite(options.TargetMaxNits) || options.TargetMaxNits <= options.TargetMinNits || options.TargetMaxNits > HdrReference.PqPeakNits)
            throw new ArgumentOutOfRangeException(nameof(options), "Target range must satisfy SourceMinNits <= TargetMinNits < TargetMaxNits <= 10000 cd/m².");
    }
}
