using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static Augment.Core.Tests.Models.ModelReference;

namespace Augment.Core.Tests.Models;

public class OnnxGraphBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Conv3x3_model_output_equals_scalar_convolution_within_1e_5()
    {
        var conv = ConvModel.Random(3, 2, seed: 1);
        using var model = OnnxModel.Load(conv.Build());
        using var frame = RandomFrame(23, 17, 3, seed: 2);

        using var output = model.Run(frame, cancellationToken: Ct);

        Assert.Equal((23, 17, 2), (output.Width, output.Height, output.Channels));
        Assert.True(MaxAbsDifference(conv.Apply(frame), output.Data) <= 1e-5f);
    }

    [Fact]
    public void Depthwise_conv3x3_applies_the_same_kernel_to_each_channel_alone()
    {
        float[] kernel = [0, -1, 0, -1, 5, -1, 0, -1, 0];
        using var model = OnnxModel.Load(OnnxGraphBuilder.DepthwiseConv3x3(3, kernel).ToBytes());
        using var frame = RandomFrame(19, 11, 3, seed: 3);

        using var output = model.Run(frame, cancellationToken: Ct);

        // The same filter as a mixing convolution whose weights are zero off the diagonal.
        var weights = new float[3 * 3 * 9];
        for (var c = 0; c < 3; c++) kernel.CopyTo(weights.AsSpan((c * 3 + c) * 9, 9));
        var expected = Conv3x3(frame.Data, 3, 11, 19, weights, [], 3);
        Assert.True(MaxAbsDifference(expected, output.Data) <= 1e-5f);
    }

    [Fact]
    public void Pixel_shuffle_upscaler_doubles_the_size_and_matches_conv_then_depth_to_space()
    {
        var upscaler = PixelShuffleModel.Random(3, seed: 4);
        using var model = OnnxModel.Load(upscaler.Build());
        using var frame = RandomFrame(13, 9, 3, seed: 5);

        using var output = model.Run(frame, cancellationToken: Ct);

        Assert.Equal((26, 18, 3), (output.Width, output.Height, output.Channels));
        Assert.True(MaxAbsDifference(upscaler.Apply(frame), output.Data) <= 1e-5f);
    }

    [Fact]
    public void Multiply_model_has_named_dynamic_axes_and_scales_every_element()
    {
        using var model = OnnxModel.Load(OnnxGraphBuilder.Multiply(0.25f).ToBytes());
        Assert.Equal(["d0", "d1", "d2", "d3"], model.Inputs[0].Dims.Select(d => d.Symbol));
        Assert.All(model.Inputs[0].Dims, d => Assert.False(d.IsFixed));

        using var frame = RandomFrame(7, 5, 4, seed: 6);
        using var output = model.Run(frame, cancellationToken: Ct);

        for (var i = 0; i < frame.Data.Length; i++) Assert.Equal(frame.Data[i] * 0.25f, output.Data[i]);
    }

    [Fact]
    public void Conv1d_model_output_equals_scalar_reference_within_1e_5()
    {
        var weights = RandomFloats(3 * 2 * 5, seed: 7);
        var bias = RandomFloats(3, seed: 8);
        using var model = OnnxModel.Load(OnnxGraphBuilder.Conv1d(2, 3, 5, weights, bias).ToBytes());
        using var sound = RandomSound(2, 300, seed: 9);

        using var output = model.Run(sound, cancellationToken: Ct);

        Assert.Equal((3, 300, 48000), (output.Channels, output.Frames, output.SampleRate));
        Assert.True(MaxAbsDifference(Conv1d(sound.Data, 2, 300, weights, bias, 3, 5), output.Data) <= 1e-5f);
    }

    [Fact]
    public void General_builder_writes_int64_initializers_and_int_ints_float_and_string_attributes()
    {
        // x [2, 6] → Reshape to [2, 3, 2] → LeakyRelu(alpha 0.1) → Transpose(perm 0, 2, 1) → Flatten(axis 1).
        // The string attribute has its own test below.
        var bytes = new OnnxGraphBuilder("attributes")
            .Input("x", 2, 6)
            .Int64Initializer("shape", [2, 3, 2], 3)
            .Node("Reshape", ["x", "shape"], ["r"])
            .Node("LeakyRelu", ["r"], ["l"], OnnxAttributeValue.Float("alpha", 0.1f))
            .Node("Transpose", ["l"], ["t"], OnnxAttributeValue.Ints("perm", 0, 2, 1))
            .Node("Flatten", ["t"], ["y"], OnnxAttributeValue.Int("axis", 1))
            .Output("y", 2, 6)
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var x = RandomFloats(12, seed: 10);
        using var value = OrtValue.CreateTensorValueFromMemory(x, [2, 6]);

        using var results = model.Run(new Dictionary<string, OrtValue> { ["x"] = value }, cancellationToken: Ct);

        var y = results[0].GetTensorDataAsSpan<float>();
        for (var b = 0; b < 2; b++)
        for (var i = 0; i < 3; i++)
        for (var j = 0; j < 2; j++)
        {
            var v = x[b * 6 + i * 2 + j];
            var expected = v < 0 ? 0.1f * v : v;
            Assert.Equal(expected, y[b * 6 + j * 3 + i], 6);
        }
    }

    [Fact]
    public void String_attribute_selects_the_depth_to_space_mode()
    {
        // DCR and CRD order the four sub-pixels differently; a 4-channel 1x1 input tells them apart.
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8];
        foreach (var (mode, expected) in new[] { ("CRD", new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }), ("DCR", new float[] { 1, 3, 5, 7, 2, 4, 6, 8 }) })
        {
            var bytes = new OnnxGraphBuilder()
                .Input("x", 1, 8, 1, 1)
                .Node("DepthToSpace", ["x"], ["y"], OnnxAttributeValue.Int("blocksize", 2), OnnxAttributeValue.String("mode", mode))
                .Output("y", 1, 2, 2, 2)
                .ToBytes();
            using var model = OnnxModel.Load(bytes);
            using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 8, 1, 1]);
            using var results = model.Run(new Dictionary<string, OrtValue> { ["x"] = value }, cancellationToken: Ct);
            Assert.Equal(expected, results[0].GetTensorDataAsSpan<float>().ToArray());
        }
    }

    [Fact]
    public void Save_writes_a_file_that_loads_from_its_path_and_from_a_stream()
    {
        var folder = Directory.CreateTempSubdirectory("augment-onnx-");
        try
        {
            var path = Path.Combine(folder.FullName, "half.onnx");
            OnnxGraphBuilder.Multiply(0.5f, rank: 3).Save(path);

            using var fromPath = OnnxModel.Load(path);
            using var stream = File.OpenRead(path);
            using var fromStream = OnnxModel.Load(stream, sourceName: "half.onnx stream");

            Assert.Equal(path, fromPath.Source);
            Assert.Equal("half.onnx stream", fromStream.Source);
            Assert.Equal(TensorElementType.Float, fromPath.Outputs[0].ElementType);
            Assert.Equal(3, fromStream.Inputs[0].Rank);
            Assert.Empty(Directory.GetFiles(folder.FullName, "*.tmp"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
