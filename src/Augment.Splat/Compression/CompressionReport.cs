using System.Globalization;
using System.Text;

namespace Augment.Splat.Compression;

/// <summary>What <see cref="SplatCompression"/> did: bytes before and after, the steps, and rendered quality per view.</summary>
public sealed record CompressionReport
{
    /// <summary>The file written.</summary>
    public required string OutputPath { get; init; }

    /// <summary>Its format.</summary>
    public required SplatFormat Format { get; init; }

    /// <summary>The preset's name (or "custom").</summary>
    public required string Preset { get; init; }

    /// <summary>Splats in the input cloud.</summary>
    public required int SplatsIn { get; init; }

    /// <summary>Splats written.</summary>
    public required int SplatsOut { get; init; }

    /// <summary>SH degree written.</summary>
    public required int ShDegree { get; init; }

    /// <summary>Bytes of the source (given, or the input as a binary 3DGS PLY).</summary>
    public required long SourceBytes { get; init; }

    /// <summary>Bytes of the file written.</summary>
    public required long OutputBytes { get; init; }

    /// <summary>Source bytes over output bytes.</summary>
    public double Ratio => OutputBytes > 0 ? (double)SourceBytes / OutputBytes : double.PositiveInfinity;

    /// <summary>One row per in-memory step.</summary>
    public required IReadOnlyList<CompressionStepResult> Steps { get; init; }

    /// <summary>Quality per view (empty when no views were measured).</summary>
    public required IReadOnlyList<CompressionViewQuality> Views { get; init; }

    /// <summary>Time of the in-memory steps.</summary>
    public TimeSpan CompressElapsed { get; init; }

    /// <summary>Time to write the file.</summary>
    public TimeSpan WriteElapsed { get; init; }

    /// <summary>Time to read the file back and render and compare the views.</summary>
    public TimeSpan EvaluateElapsed { get; init; }

    /// <summary>Mean PSNR of the compressed renders against the original renders, dB; NaN without views.</summary>
    public double MeanPsnrDb => Mean(v => v.PsnrDb);

    /// <summary>Lowest PSNR of any view, dB; NaN without views.</summary>
    public double MinPsnrDb
    {
        get
        {
            var min = double.NaN;
            foreach (var view in Views)
                min = double.IsNaN(min) ? view.PsnrDb : Math.Min(min, view.PsnrDb);
            return min;
        }
    }

    /// <summary>Mean SSIM of the compressed renders against the original renders; NaN without views.</summary>
    public double MeanSsim => Mean(v => v.Ssim);

    /// <summary>Mean PSNR of the original renders against the reference images, dB; null without references.</summary>
    public double? MeanOriginalReferencePsnrDb => MeanOptional(v => v.OriginalReferencePsnrDb);

    /// <summary>Mean PSNR of the compressed renders against the reference images, dB; null without references.</summary>
    public double? MeanCompressedReferencePsnrDb => MeanOptional(v => v.CompressedReferencePsnrDb);

    /// <summary>Mean PSNR drop against the reference images, dB (original minus compressed); null without references.</summary>
    public double? ReferencePsnrDropDb => MeanOriginalReferencePsnrDb - MeanCompressedReferencePsnrDb;

    /// <summary>Mean SSIM of the original renders against the reference images; null without references.</summary>
    public double? MeanOriginalReferenceSsim => MeanOptional(v => v.OriginalReferenceSsim);

    /// <summary>Mean SSIM of the compressed renders against the reference images; null without references.</summary>
    public double? MeanCompressedReferenceSsim => MeanOptional(v => v.CompressedReferenceSsim);

    /// <summary>A plain-text summary: bytes and ratio, each step, and the quality.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Preset}: {SplatsIn:N0} -> {SplatsOut:N0} splats, SH degree {ShDegree}, {Format}: {SourceBytes:N0} -> {OutputBytes:N0} bytes ({Ratio:0.0}x)");
        foreach (var step in Steps)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {step.Name}: {step.SplatsIn:N0} -> {step.SplatsOut:N0} ({step.Detail}), {step.Elapsed.TotalMilliseconds:0} ms");
        if (Views.Count > 0)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Views.Count} views: PSNR mean {MeanPsnrDb:0.00} dB (min {MinPsnrDb:0.00}), SSIM mean {MeanSsim:0.0000}");
        if (ReferencePsnrDropDb is { } drop)
            text.AppendLine(CultureInfo.InvariantCulture, $"  against the reference: PSNR {MeanOriginalReferencePsnrDb:0.00} -> {MeanCompressedReferencePsnrDb:0.00} dB (drop {drop:0.00}), SSIM {MeanOriginalReferenceSsim:0.0000} -> {MeanCompressedReferenceSsim:0.0000}");
        return text.ToString();
    }

    private double Mean(Func<CompressionViewQuality, double> value)
    {
        if (Views.Count == 0)
            return double.NaN;
        var sum = 0.0;
        foreach (var view in Views)
            sum += value(view);
        return sum / Views.Count;
    }

    private double? MeanOptional(Func<CompressionViewQuality, double?> value)
    {
        if (Views.Count == 0)
            return null;
        var sum = 0.0;
        foreach (var view in Views)
        {
            if (value(view) is not { } v)
                return null;
            sum += v;
        }
        return sum / Views.Count;
    }
}
