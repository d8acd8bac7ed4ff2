using Microsoft.ML.OnnxRuntime;

namespace Augment.Core.Tests.Tensors;

public class OrtValueViewTests
{
    [Fact]
    public void Image_frame_ort_value_is_nchw_and_shares_the_frame_memory()
    {
        using var frame = ImageFrame.Create(5, 3, 3);
        frame.Row(2, 1)[4] = 0.75f; // channel 2, y 1, x 4
        using var value = frame.ToOrtValue();

        var shape = value.GetTensorTypeAndShape().Shape;
        Assert.Equal(new long[] { 1, 3, 3, 5 }, shape);
        var data = value.GetTensorDataAsSpan<float>();
        Assert.Equal(0.75f, data[(2 * 3 + 1) * 5 + 4]);

        // Written after the view was made: visible through it, so no copy was taken.
        frame.Plane(0)[0] = -2f;
        Assert.Equal(-2f, value.GetTensorDataAsSpan<float>()[0]);
    }

    [Fact]
    public void Audio_buffer_ort_value_is_batch_channels_frames_and_shares_memory()
    {
        using var buffer = AudioBuffer.Create(2, 7, 48000);
        using var value = buffer.ToOrtValue();
        Assert.Equal(new long[] { 1, 2, 7 }, value.GetTensorTypeAndShape().Shape);
        buffer.Channel(1)[6] = 0.5f;
        Assert.Equal(0.5f, value.GetTensorDataAsSpan<float>()[13]);
    }

    [Fact]
    public void Tensor_span_view_indexes_channel_row_column()
    {
        using var frame = ImageFrame.Create(4, 2, 2);
        frame.Row(1, 1)[3] = 9f;
        var view = frame.AsTensorSpan();
        Assert.Equal(new nint[] { 2, 2, 4 }, view.Lengths.ToArray());
        Assert.Equal(9f, view[1, 1, 3]);
    }
}
