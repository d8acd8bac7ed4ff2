using System.Numerics.Tensors;

namespace Augment.Provenance.Watermarks;

/// <summary>
/// Separable triangle-filter resampling of one plane (bilinear when enlarging, area-like when reducing, the filter
/// widened by the reduction ratio so that small working images do not alias). Pixel centres are aligned:
/// output pixel j samples input coordinate (j + 0.5) / ratio - 0.5.
/// </summary>
internal sealed class WatermarkResampler
{
    private readonly int[] _index;
    private readonly float[] _weight;

    public int InputLength { get; }

    public int OutputLength { get; }

    public int Taps { get; }

    public WatermarkResampler(int inputLength, int outputLength)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        var ratio = (double)outputLength / inputLength;
        var support = ratio < 1 ? 1 / ratio : 1.0;
        Taps = (int)Math.Ceiling(2 * support) + 1;
        _index = new int[outputLength * Taps];
        _weight = new float[outputLength * Taps];
        for (var j = 0; j < outputLength; j++)
        {
            var centre = (j + 0.5) / ratio - 0.5;
            var first = (int)Math.Floor(centre - support) + 1;
            var sum = 0.0;
            for (var k = 0; k < Taps; k++)
            {
                var i = first + k;
                var w = Math.Max(0, 1 - Math.Abs(i - centre) / support);
                _index[j * Taps + k] = Math.Clamp(i, 0, inputLength - 1);
                _weight[j * Taps + k] = (float)w;
                sum += w;
            }
            for (var k = 0; k < Taps; k++)
                _weight[j * Taps + k] = (float)(_weight[j * Taps + k] / sum);
        }
    }

    /// <summary>Resamples one row (input length to output length).</summary>
    public void Row(ReadOnlySpan<float> input, Span<float> output)
    {
        var taps = Taps;
        for (var j = 0; j < OutputLength; j++)
        {
            var offset = j * taps;
            var acc = 0f;
            for (var k = 0; k < taps; k++)
                acc += _weight[offset + k] * input[_index[offset + k]];
            output[j] = acc;
        }
    }

    /// <summary>Output row <paramref name="j"/> of a column pass: a weighted sum of input rows of <paramref name="plane"/> (row length <paramref name="width"/>).</summary>
    public void Column(ReadOnlySpan<float> plane, int width, int j, Span<float> output)
    {
        output[..width].Clear();
        var offset = j * Taps;
        for (var k = 0; k < Taps; k++)
        {
            var w = _weight[offset + k];
            if (w == 0)
                continue;
            var row = plane.Slice(_index[offset + k] * width, width);
            TensorPrimitives.MultiplyAdd(row, w, output[..width], output[..width]);
        }
    }

    /// <summary>Resamples a whole plane to <paramref name="outWidth"/> x <paramref name="outHeight"/>.</summary>
    public static float[] Plane(ReadOnlySpan<float> plane, int width, int height, int outWidth, int outHeight)
    {
        var horizontal = new WatermarkResampler(width, outWidth);
        var vertical = new WatermarkResampler(height, outHeight);
        var middle = new float[outWidth * height];
        for (var y = 0; y < height; y++)
            horizontal.Row(plane.Slice(y * width, width), middle.AsSpan(y * outWidth, outWidth));
        var output = new float[outWidth * outHeight];
        for (var y = 0; y < outHeight; y++)
            vertical.Column(middle, outWidth, y, output.AsSpan(y * outWidth, outWidth));
        return output;
    }
}
