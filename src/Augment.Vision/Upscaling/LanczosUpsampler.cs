using System.Numerics.Tensors;

namespace Augment.Vision;

/// <summary>
/// Integer-factor Lanczos-3 upsampling, row by row, so that any band of output rows can be made
/// on its own (the upscaler streams its output). For a factor <c>s</c> output sample <c>j</c> sits
/// at source position <c>u = (j + 0.5) / s - 0.5</c> (pixel centres aligned, as ffmpeg's and
/// OpenCV's resizers do) and is <c>Σ L3(u - i) · src[i]</c> over the six nearest source samples,
/// with <c>L3(x) = sinc(x) · sinc(x / 3)</c> for |x| &lt; 3 (Duchon 1979), weights normalised to one
/// and indices clamped at the edges. Only <c>s</c> distinct weight sets exist (one per phase
/// <c>j mod s</c>), so they are computed once.
/// </summary>
internal sealed class LanczosUpsampler
{
    /// <summary>Taps per output sample.</summary>
    public const int Taps = 6;

    private readonly float[] _weights;
    private readonly int[] _offsets;

    public LanczosUpsampler(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        Scale = scale;
        _weights = new float[scale * Taps];
        _offsets = new int[scale];
        Span<double> w = stackalloc double[Taps];
        for (var p = 0; p < scale; p++)
        {
            var u = (p + 0.5) / scale - 0.5;
            var first = (int)Math.Floor(u) - 2;
            _offsets[p] = first;
            var sum = 0.0;
            for (var k = 0; k < Taps; k++)
            {
                w[k] = Kernel(u - (first + k));
                sum += w[k];
            }
            for (var k = 0; k < Taps; k++) _weights[p * Taps + k] = (float)(w[k] / sum);
        }
    }

    /// <summary>The factor.</summary>
    public int Scale { get; }

    /// <summary>The Lanczos-3 window: sinc(x)·sinc(x/3) inside |x| &lt; 3.</summary>
    public static double Kernel(double x)
    {
        if (x == 0) return 1;
        if (Math.Abs(x) >= 3) return 0;
        var px = Math.PI * x;
        return 3 * Math.Sin(px) * Math.Sin(px / 3) / (px * px);
    }

    /// <summary>
    /// Writes output row <paramref name="outputRow"/> of the upsampled <paramref name="plane"/>.
    /// </summary>
    /// <param name="plane">Source plane, <paramref name="width"/> x <paramref name="height"/>.</param>
    /// <param name="width">Source width.</param>
    /// <param name="height">Source height.</param>
    /// <param name="outputRow">Row of the output (0 .. height x scale - 1).</param>
    /// <param name="destination">The output row, width x scale samples.</param>
    /// <param name="scratch">At least <paramref name="width"/> samples.</param>
    public void UpsampleRow(ReadOnlySpan<float> plane, int width, int height, int outputRow, Span<float> destination, Span<float> scratch) =>
        UpsampleRow(plane, width, height, 0, outputRow, destination, scratch);

    /// <summary>
    /// As <see cref="UpsampleRow(ReadOnlySpan{float}, int, int, int, Span{float}, Span{float})"/>, reading
    /// from a band that holds source rows <paramref name="firstRow"/>.. only (it must cover the six
    /// rows the output row needs, after clamping to 0..height-1).
    /// </summary>
    public void UpsampleRow(ReadOnlySpan<float> rows, int width, int height, int firstRow, int outputRow, Span<float> destination, Span<float> scratch)
    {
        var s = Scale;
        var phase = outputRow % s;
        var first = outputRow / s + _offsets[phase];
        var weights = _weights.AsSpan(phase * Taps, Taps);
        var column = scratch[..width];
        // Vertical pass: one source-resolution row, six rows weighted.
        TensorPrimitives.Multiply(rows.Slice((Math.Clamp(first, 0, height - 1) - firstRow) * width, width), weights[0], column);
        for (var k = 1; k < Taps; k++)
        {
            var y = Math.Clamp(first + k, 0, height - 1) - firstRow;
            TensorPrimitives.MultiplyAdd(rows.Slice(y * width, width), weights[k], column, column);
        }
        HorizontalPass(column, destination[..(width * s)]);
    }

    /// <summary>The source rows [first, end) that output rows [<paramref name="outputFirst"/>, <paramref name="outputEnd"/>) read, clamped to the image.</summary>
    public (int First, int End) SourceRows(int outputFirst, int outputEnd, int height)
    {
        var first = outputFirst / Scale + _offsets[outputFirst % Scale];
        var last = (outputEnd - 1) / Scale + _offsets[(outputEnd - 1) % Scale] + Taps - 1;
        return (Math.Clamp(first, 0, height - 1), Math.Clamp(last, 0, height - 1) + 1);
    }

    /// <summary>Upsamples one row across: <paramref name="source"/> (w samples) into <paramref name="destination"/> (w x scale).</summary>
    public void HorizontalPass(ReadOnlySpan<float> source, Span<float> destination)
    {
        var s = Scale;
        var width = source.Length;
        // Interior columns whose six taps are all inside the row need no clamping.
        var safeFirst = 3;
        var safeEnd = width - 3;
        for (var x = 0; x < width; x++)
        {
            var interior = x >= safeFirst && x < safeEnd;
            for (var p = 0; p < s; p++)
            {
                var w = _weights.AsSpan(p * Taps, Taps);
                var first = x + _offsets[p];
                float sum;
                if (interior)
                {
                    var t = source.Slice(first, Taps);
                    sum = t[0] * w[0] + t[1] * w[1] + t[2] * w[2] + t[3] * w[3] + t[4] * w[4] + t[5] * w[5];
                }
                else
                {
                    sum = 0f;
                    for (var k = 0; k < Taps; k++) sum += source[Math.Clamp(first + k, 0, width - 1)] * w[k];
                }
                destination[x * s + p] = sum;
            }
        }
    }

    /// <summary>
    /// Scalar reference: output sample (x, y) straight from the 2-D formula in double precision,
    /// weights recomputed from <see cref="Kernel"/> (the oracle for <see cref="UpsampleRow(ReadOnlySpan{float}, int, int, int, Span{float}, Span{float})"/>).
    /// </summary>
    public static double Reference(ReadOnlySpan<float> plane, int width, int height, int scale, int x, int y)
    {
        var u = (x + 0.5) / scale - 0.5;
        var v = (y + 0.5) / scale - 0.5;
        int fx = (int)Math.Floor(u) - 2, fy = (int)Math.Floor(v) - 2;
        double sum = 0, wsx = 0, wsy = 0;
        for (var k = 0; k < Taps; k++) wsx += Kernel(u - (fx + k));
        for (var k = 0; k < Taps; k++) wsy += Kernel(v - (fy + k));
        for (var j = 0; j < Taps; j++)
        {
            var wy = Kernel(v - (fy + j)) / wsy;
            var row = Math.Clamp(fy + j, 0, height - 1);
            for (var i = 0; i < Taps; i++)
            {
                var wx = Kernel(u - (fx + i)) / wsx;
                sum += wy * wx * plane[row * width + Math.Clamp(fx + i, 0, width - 1)];
            }
        }
        return sum;
    }
}
