namespace Augment.Vision.Tests.Skin;

/// <summary>The ONNX skin-segmentation hook of <see cref="SkinMask.Estimate"/>, against per-pixel formulas.</summary>
public class SkinModelTests
{
    private static readonly float[] Weights = [2f, -1f, 0.5f];
    private static readonly float[] Bias = [-0.3f];

    private static double Logit(ImageFrame frame, int i, float[] weights, float bias, int row = 0) =>
        (weights[row * 3] * (double)frame.Plane(0)[i]) + (weights[(row * 3) + 1] * (double)frame.Plane(1)[i]) + (weights[(row * 3) + 2] * (double)frame.Plane(2)[i]) + bias;

    [Fact]
    public void Conv_and_sigmoid_model_gives_the_scalar_formula_at_every_pixel()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid");
        using var frame = SkinModels.RandomSrgb(37, 23, seed: 1);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0 };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        Assert.Equal(1, mask.Channels);
        for (var i = 0; i < frame.PixelCount; i++)
            Assert.Equal(SkinModels.Sigmoid(Logit(frame, i, Weights, Bias[0])), mask.Plane(0)[i], 1e-5);
    }

    [Fact]
    public void Logit_output_is_passed_through_a_sigmoid()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1);
        using var frame = SkinModels.RandomSrgb(19, 11, seed: 2);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0, ModelOutput = SkinModelOutput.Logit };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        for (var i = 0; i < frame.PixelCount; i++)
            Assert.Equal(SkinModels.Sigmoid(Logit(frame, i, Weights, Bias[0])), mask.Plane(0)[i], 1e-5);
    }

    [Fact]
    public void ImageNet_normalisation_feeds_mean_and_std_scaled_values()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid");
        using var frame = SkinModels.RandomSrgb(16, 9, seed: 3);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0, NormalizeImageNet = true };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        double[] mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225];
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var z = (double)Bias[0];
            for (var c = 0; c < 3; c++)
                z += Weights[c] * ((frame.Plane(c)[i] - mean[c]) / std[c]);
            Assert.Equal(SkinModels.Sigmoid(z), mask.Plane(0)[i], 1e-5);
        }
    }

    [Fact]
    public void Linear_light_frames_reach_the_model_sRGB_encoded()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid");
        using var encoded = SkinModels.RandomSrgb(21, 8, seed: 4);
        using var linear = encoded.ConvertColorSpace(ColorSpace.LinearSrgb, TestContext.Current.CancellationToken);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0 };
        using var mask = SkinMask.Estimate(linear, options, TestContext.Current.CancellationToken);
        for (var i = 0; i < linear.PixelCount; i++)
        {
            var z = (double)Bias[0];
            for (var c = 0; c < 3; c++)
                z += Weights[c] * TransferFunctions.FromLinear(TransferFunction.Srgb, linear.Plane(c)[i]);
            Assert.Equal(SkinModels.Sigmoid(z), mask.Plane(0)[i], 1e-5);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void Two_class_scores_take_the_softmax_of_the_skin_class(int skinClass)
    {
        float[] weights = [0.5f, 1f, -2f, -1f, 0.25f, 3f];
        float[] bias = [0.1f, -0.2f];
        using var model = SkinModels.PixelModel(weights, bias, 2);
        using var frame = SkinModels.RandomSrgb(23, 14, seed: 5);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0, ModelOutput = SkinModelOutput.ClassScores, SkinClassIndex = skinClass };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        for (var i = 0; i < frame.PixelCount; i++)
        {
            var z0 = Logit(frame, i, weights, bias[0], 0);
            var z1 = Logit(frame, i, weights, bias[1], 1);
            var expected = Math.Exp(skinClass == 1 ? z1 : z0) / (Math.Exp(z0) + Math.Exp(z1));
            Assert.Equal(expected, mask.Plane(0)[i], 1e-5);
        }
    }

    [Fact]
    public void Class_probabilities_from_a_softmax_model_are_read_at_the_skin_class()
    {
        float[] weights = [0.5f, 1f, -2f, -1f, 0.25f, 3f, 1f, 1f, 1f];
        float[] bias = [0.1f, -0.2f, 0f];
        using var model = SkinModels.PixelModel(weights, bias, 3, "Softmax");
        using var frame = SkinModels.RandomSrgb(17, 10, seed: 6);
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0, ModelOutput = SkinModelOutput.ClassProbabilities, SkinClassIndex = 2 };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        for (var i = 0; i < frame.PixelCount; i++)
        {
            double sum = 0;
            for (var k = 0; k < 3; k++)
                sum += Math.Exp(Logit(frame, i, weights, bias[k], k));
            Assert.Equal(Math.Exp(Logit(frame, i, weights, bias[2], 2)) / sum, mask.Plane(0)[i], 1e-5);
        }
    }

    [Fact]
    public void Fixed_size_model_gets_a_resized_frame_and_its_mask_is_resized_back()
    {
        // Fixed 8 high x 12 wide: ONNX Runtime rejects any other input shape, so the model running at
        // all shows the frame was resized to it (and not transposed).
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid", fixedHeight: 8, fixedWidth: 12);
        const int width = 96, height = 40;
        using var frame = ImageFrame.Create(width, height, 3, ColorSpace.Srgb);
        float[] left = [0.8f, 0.2f, 0.1f], right = [0.1f, 0.3f, 0.9f];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                    frame.Plane(c)[(y * width) + x] = x < width / 2 ? left[c] : right[c];
            }
        }
        var options = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0 };
        using var mask = SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken);
        Assert.Equal(width, mask.Width);
        Assert.Equal(height, mask.Height);
        var leftValue = SkinModels.Sigmoid(Logit(left, Bias[0]));
        var rightValue = SkinModels.Sigmoid(Logit(right, Bias[0]));
        for (var y = 0; y < height; y++)
        {
            // Away from the edge (one model pixel is 8 frame pixels wide) each half is exact.
            for (var x = 0; x < 32; x++)
                Assert.Equal(leftValue, mask.Plane(0)[(y * width) + x], 1e-5);
            for (var x = 64; x < width; x++)
                Assert.Equal(rightValue, mask.Plane(0)[(y * width) + x], 1e-5);
            // Across the edge the mask moves monotonically from one value to the other.
            for (var x = 33; x < 64; x++)
                Assert.True(mask.Plane(0)[(y * width) + x] <= mask.Plane(0)[(y * width) + x - 1] + 1e-6f);
        }

        static double Logit(float[] rgb, float bias) => (Weights[0] * rgb[0]) + (Weights[1] * rgb[1]) + (Weights[2] * rgb[2]) + bias;
    }

    [Fact]
    public void Large_frames_run_tiled_with_the_same_result_as_whole()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid");
        using var frame = SkinModels.RandomSrgb(150, 90, seed: 7);
        var whole = new SkinMaskOptions { Model = model, SmoothingRadiusPixels = 0 };
        var tiled = whole with { ModelTileThresholdPixels = 1000 };
        using var a = SkinMask.Estimate(frame, whole, TestContext.Current.CancellationToken);
        using var b = SkinMask.Estimate(frame, tiled, TestContext.Current.CancellationToken);
        for (var i = 0; i < frame.PixelCount; i++)
            Assert.Equal(a.Plane(0)[i], b.Plane(0)[i], 1e-5f);
    }

    [Theory]
    [InlineData(SkinModelCombine.Product)]
    [InlineData(SkinModelCombine.Maximum)]
    public void Model_and_chroma_masks_combine_by_product_or_maximum(SkinModelCombine combine)
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid");
        using var chart = SkinChart.Create();
        var plain = new SkinMaskOptions { SmoothingRadiusPixels = 0 };
        using var chroma = SkinMask.Estimate(chart, plain, TestContext.Current.CancellationToken);
        using var modelOnly = SkinMask.Estimate(chart, plain with { Model = model }, TestContext.Current.CancellationToken);
        using var combined = SkinMask.Estimate(chart, plain with { Model = model, Combine = combine }, TestContext.Current.CancellationToken);
        for (var i = 0; i < chart.PixelCount; i++)
        {
            float c = chroma.Plane(0)[i], m = modelOnly.Plane(0)[i];
            Assert.Equal(combine == SkinModelCombine.Product ? c * m : Math.Max(c, m), combined.Plane(0)[i], 1e-6f);
        }
    }

    [Fact]
    public void Protection_follows_the_model_mask_rather_than_skin_colour()
    {
        var grade = ColorTransform.ForAffine(ColorMatchMethod.Mkl, new ColorMatrix3x3(0.35, 0.10, 0.00, 0.10, 0.90, 0.20, 0.00, 0.20, 1.40), (0.0, 0.02, 0.05), 1.0);
        using var chart = SkinChart.Create();
        using var plainGrade = grade.Apply(chart, null, TestContext.Current.CancellationToken);

        // A model that calls everything skin protects every patch, skin-coloured or not ...
        using var everything = SkinModels.PixelModel([0f, 0f, 0f], [30f], 1, "Sigmoid");
        using var allProtected = grade.ApplyProtectingSkin(chart, 1.0, new SkinMaskOptions { Model = everything }, TestContext.Current.CancellationToken);
        for (var i = 0; i < chart.Data.Length; i++)
            Assert.Equal(chart.Data[i], allProtected.Data[i], 1e-4f);

        // ... and one that sees no skin lets the grade through even on the skin patches.
        using var nothing = SkinModels.PixelModel([0f, 0f, 0f], [-30f], 1, "Sigmoid");
        using var noneProtected = grade.ApplyProtectingSkin(chart, 1.0, new SkinMaskOptions { Model = nothing }, TestContext.Current.CancellationToken);
        for (var i = 0; i < chart.Data.Length; i++)
            Assert.Equal(plainGrade.Data[i], noneProtected.Data[i], 1e-4f);
    }

    [Fact]
    public void Model_with_the_wrong_input_channels_fails_up_front_and_stays_usable()
    {
        using var model = SkinModels.PixelModel([1f], [0f], 1, "Sigmoid", inputChannels: 1);
        using var frame = SkinModels.RandomSrgb(8, 8, seed: 8);
        var error = Assert.Throws<ModelSignatureException>(() =>
            SkinMask.Estimate(frame, new SkinMaskOptions { Model = model }, TestContext.Current.CancellationToken));
        Assert.Contains("skin-test.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 1", error.Message, StringComparison.Ordinal);
        // The caller owns the model: a failed check must not dispose it.
        using var gray = ImageFrame.Create(4, 4, 1, ColorSpace.Unspecified);
        using var output = model.Run(gray, TestContext.Current.CancellationToken);
        Assert.Equal(0.5f, output.Plane(0)[0], 1e-6f);
    }

    [Fact]
    public void Two_channel_output_read_as_a_probability_is_a_signature_error()
    {
        using var model = SkinModels.PixelModel([1f, 0f, 0f, 0f, 1f, 0f], [0f, 0f], 2);
        using var frame = SkinModels.RandomSrgb(8, 8, seed: 9);
        var error = Assert.Throws<ModelSignatureException>(() => SkinMask.Estimate(frame, new SkinMaskOptions { Model = model }, TestContext.Current.CancellationToken));
        Assert.Contains("output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skin_class_index_beyond_the_classes_is_a_signature_error()
    {
        using var model = SkinModels.PixelModel([1f, 0f, 0f, 0f, 1f, 0f], [0f, 0f], 2);
        using var frame = SkinModels.RandomSrgb(8, 8, seed: 10);
        var options = new SkinMaskOptions { Model = model, ModelOutput = SkinModelOutput.ClassScores, SkinClassIndex = 2 };
        var error = Assert.Throws<ModelSignatureException>(() => SkinMask.Estimate(frame, options, TestContext.Current.CancellationToken));
        Assert.Contains("SkinClassIndex 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_fixed_and_one_dynamic_spatial_dimension_is_a_signature_error()
    {
        using var model = SkinModels.PixelModel(Weights, Bias, 1, "Sigmoid", fixedHeight: 8);
        using var frame = SkinModels.RandomSrgb(8, 8, seed: 11);
        var error = Assert.Throws<ModelSignatureException>(() => SkinMask.Estimate(frame, new SkinMaskOptions { Model = model }, TestContext.Current.CancellationToken));
        Assert.Contains("both must be fixed", error.Message, StringComparison.Ordinal);
    }
}
