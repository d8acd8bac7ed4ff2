using CsCheck;

namespace Augment.Core.Tests.Models;

/// <summary>
/// Property tests for model loading: whatever is done to a valid model's bytes, loading either
/// succeeds (and the model still runs) or raises <see cref="InvalidModelException"/>; nothing else
/// escapes and the native runtime never takes the process down.
/// </summary>
public class OnnxModelPropertyTests
{
    private static readonly byte[] Valid = ModelReference.ConvModel.Random(3, 3, seed: 40).Build();

    private static void LoadsOrIsRejected(byte[] bytes)
    {
        try
        {
            using var model = OnnxModel.Load(bytes, sourceName: "mutated.onnx");
            using var frame = ImageFrame.Create(4, 4, 3);
            try
            {
                using var output = model.Run(frame, TestContext.Current.CancellationToken);
            }
            catch (AugmentException)
            {
                // A model that loads but no longer fits the frame is a typed error too.
            }
        }
        catch (InvalidModelException e)
        {
            Assert.Contains("mutated.onnx", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_flipped_byte_that_blanks_a_symbolic_dimension_loads_as_a_dynamic_dimension()
    {
        // Found by the property below (seed 7XSp0WsAU1X1): byte 577 set to 9 turned a dim_param into
        // whitespace, which reached TensorDim.Named and threw ArgumentException instead of loading.
        var bytes = (byte[])Valid.Clone();
        bytes[577] = 9;
        LoadsOrIsRejected(bytes);
    }

    [Fact]
    public void A_flipped_byte_that_removes_the_outputs_is_a_signature_error_on_run()
    {
        // Found by the property below (seed dFIxDUmcGMJ3): byte 541 set to 225 left a graph with no
        // outputs, and running it indexed past the empty output list.
        var bytes = (byte[])Valid.Clone();
        bytes[541] = 225;
        LoadsOrIsRejected(bytes);
    }

    [Fact]
    public void Models_with_flipped_bytes_load_or_raise_InvalidModelException()
    {
        Gen.Select(Gen.Int[0, Valid.Length - 1].Array[1, 4], Gen.Byte.Array[4]).Sample((positions, values) =>
        {
            var bytes = (byte[])Valid.Clone();
            for (var i = 0; i < positions.Length; i++) bytes[positions[i]] = values[i];
            LoadsOrIsRejected(bytes);
        }, iter: 300);
    }

    [Fact]
    public void Models_cut_anywhere_or_with_bytes_inserted_load_or_raise_InvalidModelException()
    {
        Gen.Select(Gen.Int[0, Valid.Length], Gen.Byte.Array[0, 16]).Sample((cut, inserted) =>
        {
            byte[] bytes = [.. Valid.AsSpan(0, cut), .. inserted];
            LoadsOrIsRejected(bytes);
        }, iter: 300);
    }
}
