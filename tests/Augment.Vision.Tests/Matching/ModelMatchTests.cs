namespace Augment.Vision.Tests.Matching;

public sealed class ModelMatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>out = src − mean(src) + mean(ref) per channel (means over H, W): a mean-shift transfer in the encoded space.</summary>
    private static OnnxModel MeanShiftModel(int? fixedSize = null)
    {
        TensorDim h = fixedSize is { } s ? s : "h";
        TensorDim w = fixedSize is { } t ? t : "w";
        var builder = new OnnxGraphBuilder("mean_shift")
            .Input("source", 1, 3, h, w)
            .Input("reference", 1, 3, fixedSize is { } u ? u : "rh", fixedSize is { } v ? v : "rw")
            .Node("ReduceMean", ["source"], ["source_mean"], OnnxAttributeValue.Ints("axes", 2, 3), OnnxAttributeValue.Int("keepdims", 1))
            .Node("ReduceMean", ["reference"], ["reference_mean"], OnnxAttributeValue.Ints("axes", 2, 3), OnnxAttributeValue.Int("keepdims", 1))
            .Node("Sub", ["source", "source_mean"], ["centred"])
            .Node("Add", ["centred", "reference_mean"], ["output"])
            .Output("output", 1, 3, h, w);
        return OnnxModel.Load(builder.ToBytes(), sourceName: "mean_shift.onnx");
    }

    private static double[] EncodedMeans(ImageFrame frame)
    {
        using var encoded = frame.ConvertColorSpace(ColorSpace.Srgb);
        var means = new double[3];
        for (var c = 0; c < 3; c++)
        {
            foreach (var v in encoded.Plane(c))
                means[c] += v;
            means[c] /= encoded.PixelCount;
        }
        return means;
    }

    [Fact]
    public void A_mean_shift_model_gives_the_analytic_mean_shift_grade()
    {
        using var model = MeanShiftModel();
        using var source = MatchImages.Scene(96, 64, cast: true);
        using var reference = MatchImages.Scene(80, 60, cast: false);
        var transform = ColorMatch.Fit(source, reference, o => o.UseModel(model), Ct);
        Assert.Equal(ColorMatchMethod.Model, transform.Method);

        var shift = EncodedMeans(reference);
        var sourceMeans = EncodedMeans(source);
        using var matched = transform.Apply(source, cancellationToken: Ct);
        double worst = 0;
        for (var c = 0; c < 3; c++)
        {
            var delta = shift[c] - sourceMeans[c];
            for (var i = 0; i < source.PixelCount; i++)
            {
                var v = source.Plane(c)[i];
                if (v is < 0f or > 1f)
                    continue; // the LUT's domain is the unit cube
                worst = Math.Max(worst, Math.Abs(matched.Plane(c)[i] - (v + delta)));
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"worst deviation from the analytic mean shift {worst:E2}");
        Assert.True(worst < 2e-3, $"worst deviation {worst:E2}");
    }

    [Fact]
    public void A_fixed_size_model_gets_resized_frames()
    {
        using var model = MeanShiftModel(fixedSize: 32);
        using var source = MatchImages.Scene(96, 64, cast: true);
        using var reference = MatchImages.Scene(80, 60, cast: false);
        var transform = ColorMatch.Fit(source, reference, o => o.UseModel(model), Ct);
        using var matched = transform.Apply(source, cancellationToken: Ct);
        var before = ColorMath.MeanDeltaE2000(source, MatchImages.Scene(96, 64, cast: false), Ct);
        var after = ColorMath.MeanDeltaE2000(matched, MatchImages.Scene(96, 64, cast: false), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"fixed 32x32 model: mean ΔE00 {before:F3} → {after:F3}");
        Assert.True(after < before, $"mean ΔE00 {before:F2} → {after:F2}");
    }

    [Fact]
    public void Models_with_the_wrong_inputs_or_channels_are_rejected_and_not_disposed()
    {
        using var frame = MatchImages.Textured(32, 32, seed: 3);
        using var single = OnnxModel.Load(OnnxGraphBuilder.Multiply(2f).ToBytes(), sourceName: "single.onnx");
        var error = Assert.Throws<ModelSignatureException>(() => ColorMatch.Fit(frame, frame, o => o.UseModel(single), Ct));
        Assert.Contains("single.onnx", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(single.Inputs); // still usable: the caller owns it

        var oneChannel = new OnnxGraphBuilder("gray")
            .Input("source", 1, 1, "h", "w")
            .Input("reference", 1, 1, "rh", "rw")
            .Node("Identity", ["source"], ["output"])
            .Output("output", 1, 1, "h", "w");
        using var gray = OnnxModel.Load(oneChannel.ToBytes(), sourceName: "gray.onnx");
        Assert.Throws<ModelSignatureException>(() => ColorMatch.Fit(frame, frame, o => o.UseModel(gray), Ct));
        Assert.Throws<ArgumentException>(() => ColorMatch.Fit(frame, frame, o => o.UseMethod(ColorMatchMethod.Model), Ct));
    }
}
