using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Core.Tests.Models;

public class ModelSignatureTests
{
    private static OnnxModel LoadConv(int? fixedSize = null) =>
        OnnxModel.Load(ModelReference.ConvModel.Random(3, 3, seed: 30).Build(fixedSize), sourceName: "conv.onnx");

    private static ModelSignature ConvSignature() => new ModelSignature()
        .Input("input", TensorElementType.Float, DimSpec.Any, 3, DimSpec.Dynamic, DimSpec.Dynamic)
        .Output("output", TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);

    [Fact]
    public void Matching_signature_passes_and_returns_the_model()
    {
        using var model = LoadConv();
        Assert.Same(model, model.Expect(ConvSignature()));
        Assert.Same(model, model.Expect(ModelSignature.ImageToImage(3, 3)));
    }

    [Fact]
    public void A_model_that_fails_its_signature_is_disposed_so_load_expect_chains_do_not_leak()
    {
        var model = LoadConv();
        Assert.Throws<ModelSignatureException>(() => model.Expect(ModelSignature.ImageToImage(4, 4)));
        using var frame = ImageFrame.Create(8, 8, 3);
        Assert.Throws<ObjectDisposedException>(() => model.RunTiled(frame, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Missing_input_is_named()
    {
        using var model = LoadConv();
        var signature = new ModelSignature().Input("x", TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any);

        var e = Assert.Throws<ModelSignatureException>(() => model.Expect(signature));

        Assert.Contains("'conv.onnx'", e.Message);
        Assert.Contains("missing input 'x' (the model's inputs are 'input')", e.Message);
        Assert.Contains("the model has input 'input' that the signature does not declare", e.Message);
    }

    [Fact]
    public void Wrong_element_type_is_named()
    {
        var bytes = new OnnxGraphBuilder()
            .Input("ids", TensorElementType.Int64, "n", 8)
            .Node("Cast", ["ids"], ["y"], OnnxAttributeValue.Int("to", (long)TensorElementType.Float))
            .Output("y", "n", 8)
            .ToBytes();
        using var model = OnnxModel.Load(bytes);
        var signature = new ModelSignature()
            .Input("ids", TensorElementType.Float, DimSpec.Any, 8)
            .Output("y", TensorElementType.Float, DimSpec.Any, 8);

        var e = Assert.Throws<ModelSignatureException>(() => model.Expect(signature));

        Assert.Contains("input 'ids' has element type Int64, expected Float", e.Message);
        Assert.DoesNotContain("output", e.Message);
    }

    [Fact]
    public void Wrong_rank_is_named()
    {
        using var model = LoadConv();
        var signature = ConvSignature() with
        {
            Outputs = [new TensorSpec("output", TensorElementType.Float, [DimSpec.Any, 3, DimSpec.Any])],
        };

        var e = Assert.Throws<ModelSignatureException>(() => model.Expect(signature));

        Assert.Contains("output 'output' has rank 4 [n, 3, h, w], expected 3", e.Message);
    }

    [Fact]
    public void Wrong_fixed_dimension_is_named()
    {
        using var model = LoadConv();
        var signature = new ModelSignature()
            .Input("input", TensorElementType.Float, DimSpec.Any, 4, DimSpec.Any, DimSpec.Any);

        var e = Assert.Throws<ModelSignatureException>(() => model.Expect(signature));

        Assert.Contains("dimension 1 of input 'input' is 3, expected 4", e.Message);
    }

    [Fact]
    public void Fixed_dimension_where_a_dynamic_one_is_expected_is_named()
    {
        using var model = LoadConv(fixedSize: 32);

        var e = Assert.Throws<ModelSignatureException>(() => model.Expect(ConvSignature()));

        Assert.Contains("dimension 2 of input 'input' is fixed at 32, expected dynamic", e.Message);
        Assert.Contains("dimension 3 of input 'input' is fixed at 32, expected dynamic", e.Message);
    }

    [Fact]
    public void A_dynamic_model_dimension_satisfies_a_fixed_expectation()
    {
        using var model = LoadConv();
        var signature = new ModelSignature()
            .Input("input", TensorElementType.Float, 1, 3, 256, 256)
            .Output("output", TensorElementType.Float, 1, 3, 256, 256);
        model.Expect(signature);
    }

    [Fact]
    public void Signature_in_the_options_is_checked_at_load_and_lists_every_difference()
    {
        var signature = new ModelSignature()
            .Input(null, TensorElementType.Float, DimSpec.Any, 1, DimSpec.Any, DimSpec.Any)
            .Output(null, TensorElementType.Int64, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
            .Output(null, TensorElementType.Float, DimSpec.Any);
        var options = new OnnxModelOptions { Signature = signature };

        var e = Assert.Throws<ModelSignatureException>(() =>
            OnnxModel.Load(ModelReference.ConvModel.Random(3, 3, seed: 31).Build(), options, "conv.onnx"));

        Assert.Contains("dimension 1 of input #0 ('input') is 3, expected 1", e.Message);
        Assert.Contains("output #0 ('output') has element type Float, expected Int64", e.Message);
        Assert.Contains("missing output #1 (the model has 1 output)", e.Message);
    }
}
