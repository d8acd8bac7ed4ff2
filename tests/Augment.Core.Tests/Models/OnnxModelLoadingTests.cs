using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Core.Tests.Models;

public class OnnxModelLoadingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly byte[] ConvBytes = ModelReference.ConvModel.Random(3, 3, seed: 20).Build();

    [Fact]
    public void Inputs_and_outputs_report_names_element_types_and_symbolic_dims()
    {
        using var model = OnnxModel.Load(ConvBytes);

        var input = Assert.Single(model.Inputs);
        Assert.Equal(OnnxGraphBuilder.DefaultInputName, input.Name);
        Assert.Equal(TensorElementType.Float, input.ElementType);
        Assert.Equal([TensorDim.Named("n"), 3, TensorDim.Named("h"), TensorDim.Named("w")], input.Dims);
        Assert.Equal("input: Float[n, 3, h, w]", input.ToString());
        var output = Assert.Single(model.Outputs);
        Assert.Equal(OnnxGraphBuilder.DefaultOutputName, output.Name);
        Assert.Equal(4, output.Rank);
    }

    [Fact]
    public void Fixed_dims_are_reported_as_sizes()
    {
        using var model = OnnxModel.Load(ModelReference.ConvModel.Random(3, 3, seed: 21).Build(fixedSize: 32));
        Assert.Equal([1, 3, 32, 32], model.Inputs[0].Dims.Select(d => d.Size));
    }

    [Fact]
    public void Empty_file_gives_InvalidModelException_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"augment-empty-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, []);
        try
        {
            var e = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("empty", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Truncated_model_gives_InvalidModelException_with_the_reason(double keep)
    {
        var length = keep >= 1 ? ConvBytes.Length - (int)keep : (int)(ConvBytes.Length * keep);
        var truncated = ConvBytes.AsSpan(0, length).ToArray();

        var e = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(truncated, sourceName: "cut.onnx"));

        Assert.Contains("'cut.onnx'", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 1000)]
    [InlineData(3, 4096)]
    [InlineData(4, 65536)]
    public void Random_garbage_gives_InvalidModelException(int seed, int length)
    {
        var garbage = new byte[length];
        new Random(seed).NextBytes(garbage);
        var path = Path.Combine(Path.GetTempPath(), $"augment-garbage-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, garbage);
        try
        {
            var e = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Well_formed_protobuf_that_onnx_runtime_rejects_gives_InvalidModelException()
    {
        // Structurally sound, but the operator does not exist: ONNX Runtime's own error is wrapped.
        var bytes = new OnnxGraphBuilder()
            .Input("x", 1, 4)
            .Node("NoSuchOperator", ["x"], ["y"])
            .Output("y", 1, 4)
            .ToBytes();

        var e = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(bytes, sourceName: "odd.onnx"));

        Assert.Contains("'odd.onnx'", e.Message);
        Assert.Contains("NoSuchOperator", e.Message);
    }

    [Fact]
    public void A_text_file_is_not_mistaken_for_a_model()
    {
        var text = "This is not an ONNX model, just a README that was renamed."u8.ToArray();
        Assert.Throws<InvalidModelException>(() => OnnxModel.Load(text));
    }

    [Fact]
    public void Missing_file_gives_FileNotFoundException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"augment-missing-{Guid.NewGuid():N}.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(path));
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Auto_provider_is_the_best_the_runtime_offers_and_the_cpu_here()
    {
        using var model = OnnxModel.Load(ConvBytes);
        if (!ComputeDevice.Current.HasExecutionProvider("CUDAExecutionProvider"))
        {
            Assert.Equal("CPUExecutionProvider", model.ExecutionProvider);
            Assert.Null(model.ProviderFallbackReason);
        }
    }

    [Fact]
    public void Requesting_an_absent_provider_falls_back_to_the_cpu_and_says_why()
    {
        Assert.SkipWhen(ComputeDevice.Current.HasExecutionProvider("CUDAExecutionProvider"), "CUDA is present here.");
        using var model = OnnxModel.Load(ConvBytes, new OnnxModelOptions { ExecutionProvider = OnnxExecutionProvider.Cuda });

        Assert.Equal("CPUExecutionProvider", model.ExecutionProvider);
        Assert.Contains("CUDAExecutionProvider", model.ProviderFallbackReason);
        using var frame = ModelReference.RandomFrame(8, 8, 3, seed: 22);
        using var output = model.Run(frame, cancellationToken: Ct);
        Assert.Equal(8, output.Width);
    }

    [Fact]
    public void Disposed_model_refuses_to_run()
    {
        var model = OnnxModel.Load(ConvBytes);
        model.Dispose();
        model.Dispose();
        using var frame = ModelReference.RandomFrame(8, 8, 3, seed: 23);
        Assert.Throws<ObjectDisposedException>(() => model.Run(frame, cancellationToken: Ct));
    }
}
