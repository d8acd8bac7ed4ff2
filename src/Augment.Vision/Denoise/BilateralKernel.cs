namespace Augment.Vision;

/// <summary>
/// Bilateral filter (Tomasi and Manduchi, ICCV 1998) in OpenCV's form so that its output can be compared with
/// <c>cv2.bilateralFilter</c>: a circular window of radius R, spatial weight <c>exp(−|Δp|²/(2σs²))</c>, range
/// weight <c>exp(−D²/(2σr²))</c> with D the L1 colour distance Σ_c |Δu_c| (OpenCV's choice for colour), reflect-101
/// borders. Channel 0 uses range σ <c>rangeLuma</c>, the others <c>rangeChroma</c>.
/// </summary>
internal static class BilateralKernel
{
    public static void Rows(PaddedPlanes source, int radius, float sigmaSpace, float rangeLuma, float rangeChroma, int firstRow, int endRow, Span<float> destination)
    {
        var channels = source.Channels;
        var width = source.Width;
        var planeSize = width * source.Height;
        var spatialScale = -0.5f / (sigmaSpace * sigmaSpace);
        var lumaScale = -0.5f / (rangeLuma * rangeLuma);
        var chromaScale = -0.5f / (rangeChroma * rangeChroma);
        Span<int> offsetsX = stackalloc int[(2 * radius + 1) * (2 * radius + 1)];
        Span<int> offsetsY = stackalloc int[offsetsX.Length];
        Span<float> spatial = stackalloc float[offsetsX.Length];
        var taps = 0;
        for (var dy = -radius; dy <= radius; dy++)
            for (var dx = -radius; dx <= radius; dx++)
            {
                var r2 = dx * dx + dy * dy;
                if (Math.Sqrt(r2) > radius)
                    continue;
                offsetsX[taps] = dx;
                offsetsY[taps] = dy;
                spatial[taps] = MathF.Exp(r2 * spatialScale);
                taps++;
            }
        Span<float> centre = stackalloc float[channels];
        Span<float> sums = stackalloc float[channels];
        for (var y = firstRow; y < endRow; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var index = source.Index(x, y);
                for (var c = 0; c < channels; c++)
                    centre[c] = source.Plane(c)[index];
                sums.Clear();
                float weightLuma = 0, weightChroma = 0;
                for (var t = 0; t < taps; t++)
                {
                    var neighbour = index + offsetsY[t] * source.Stride + offsetsX[t];
                    var distance = 0f;
                    for (var c = 0; c < channels; c++)
                        distance += MathF.Abs(source.Plane(c)[neighbour] - centre[c]);
                    var d2 = distance * distance;
                    var wl = spatial[t] * MathF.Exp(d2 * lumaScale);
                    var wc = channels == 1 ? wl : spatial[t] * MathF.Exp(d2 * chromaScale);
                    weightLuma += wl;
                    weightChroma += wc;
                    sums[0] += wl * source.Plane(0)[neighbour];
                    for (var c = 1; c < channels; c++)
                        sums[c] += wc * source.Plane(c)[neighbour];
                }
                destination[y * width + x] = sums[0] / weightLuma;
                for (var c = 1; c < channels; c++)
                    destination[c * planeSize + y * width + x] = sums[c] / weightChroma;
            }
        }
    }
}
