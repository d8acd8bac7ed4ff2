using System.Numerics.Tensors;

namespace Augment.Provenance.Watermarks;

/// <summary>
/// Detector kernels on a working-resolution luma plane: whitening high-pass, folding of the matched-filtered cells
/// into one tile per cell phase, circular pilot correlation, soft-bit extraction.
/// </summary>
internal static class WatermarkKernels
{
    /// <summary>Half-width of the box whose mean is subtracted (7 x 7 box): removes the image's low frequencies, keeps the 4-pixel cells.</summary>
    public const int HighPassRadius = 3;

    /// <summary>Rec. 601 luma weights (what JPEG's YCbCr uses, so the mark sits where JPEG keeps the most precision).</summary>
    public const float LumaR = 0.299f, LumaG = 0.587f, LumaB = 0.114f;

    /// <summary>Half-width of the window (17 x 17) over which the high-passed signal's local energy is measured.</summary>
    public const int EnergyRadius = 8;

    // Floor of the local RMS (full-scale units), so that flat areas are not amplified without bound.
    private const float EnergyFloor = 0.004f;

    /// <summary>plane minus its (2r+1)^2 box mean (r = <see cref="HighPassRadius"/>), edges clamped. Scalar reference: <see cref="HighPassReference"/>.</summary>
    public static float[] HighPass(ReadOnlySpan<float> plane, int width, int height)
    {
        var result = BoxMean(plane, width, height, HighPassRadius);
        TensorPrimitives.Subtract(plane, result, result);
        return result;
    }

    /// <summary>
    /// Divides a high-passed plane in place by its local RMS (17 x 17 window, floored): the detector's noise is
    /// the image's own texture, which varies across the picture, and weighting each pixel by the inverse of the
    /// local noise level is what a matched filter in non-stationary noise does (here to the first power, which
    /// keeps strong edges from dominating without letting flat areas dominate either).
    /// </summary>
    public static void NormaliseLocalEnergy(Span<float> highPassed, int width, int height)
    {
        var squares = new float[highPassed.Length];
        TensorPrimitives.Multiply(highPassed, highPassed, squares);
        var energy = BoxMean(squares, width, height, EnergyRadius);
        TensorPrimitives.Add(energy, EnergyFloor * EnergyFloor, energy);
        TensorPrimitives.Sqrt(energy, energy);
        TensorPrimitives.Divide(highPassed, energy, highPassed);
    }

    /// <summary>Mean over the (2r+1)^2 box around each pixel, edges clamped (separable sliding sums).</summary>
    public static float[] BoxMean(ReadOnlySpan<float> plane, int width, int height, int r)
    {
        var horizontal = new float[width * height];
        var prefix = new float[width + 2 * r + 1];
        for (var y = 0; y < height; y++)
        {
            var row = plane.Slice(y * width, width);
            // Prefix sums over the row extended by clamping, so each box is one subtraction.
            prefix[0] = 0;
            for (var i = 0; i < width + 2 * r; i++)
                prefix[i + 1] = prefix[i] + row[Math.Clamp(i - r, 0, width - 1)];
            var dst = horizontal.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
                dst[x] = prefix[x + 2 * r + 1] - prefix[x];
        }
        // Vertical box as a sliding sum of whole rows (row-major, vectorised), clamped at the edges.
        var result = new float[width * height];
        var window = new float[width];
        for (var dy = -r; dy <= r; dy++)
            TensorPrimitives.Add(window, horizontal.AsSpan(Math.Clamp(dy, 0, height - 1) * width, width), window);
        var inverseArea = 1f / ((2 * r + 1) * (2 * r + 1));
        for (var y = 0; y < height; y++)
        {
            TensorPrimitives.Multiply(window, inverseArea, result.AsSpan(y * width, width));
            TensorPrimitives.Add(window, horizontal.AsSpan(Math.Min(y + r + 1, height - 1) * width, width), window);
            TensorPrimitives.Subtract(window, horizontal.AsSpan(Math.Max(y - r, 0) * width, width), window);
        }
        return result;
    }

    /// <summary>Direct (2r+1)^2 summation, for tests.</summary>
    public static float[] HighPassReference(ReadOnlySpan<float> plane, int width, int height)
    {
        const int r = HighPassRadius;
        var result = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double sum = 0;
                for (var dy = -r; dy <= r; dy++)
                {
                    for (var dx = -r; dx <= r; dx++)
                        sum += plane[Math.Clamp(y + dy, 0, height - 1) * width + Math.Clamp(x + dx, 0, width - 1)];
                }
                result[y * width + x] = (float)(plane[y * width + x] - sum / ((2 * r + 1) * (2 * r + 1)));
            }
        }
        return result;
    }

    /// <summary>
    /// Folds the matched-filtered cells of a high-passed plane into one tile for the cell phase (phaseX, phaseY):
    /// tile[(j mod 32) * 32 + (i mod 32)] sums cell (i, j) whose first pixel is (phaseX + 4i, phaseY + 4j).
    /// </summary>
    public static void Fold(ReadOnlySpan<float> highPassed, int width, int height, int phaseX, int phaseY, Span<float> tile, Span<float> rowScratch)
    {
        const int c = WatermarkLayout.CellPixels;
        const int n = WatermarkLayout.TileCells;
        tile.Clear();
        var cellsX = (width - phaseX) / c;
        var cellsY = (height - phaseY) / c;
        Span<float> weight = stackalloc float[c];
        for (var a = 0; a < c; a++)
            weight[a] = WatermarkLayout.BumpWeight(a);
        var cells = rowScratch[..cellsX];
        for (var j = 0; j < cellsY; j++)
        {
            cells.Clear();
            for (var b = 0; b < c; b++)
            {
                var row = highPassed.Slice((phaseY + c * j + b) * width + phaseX, cellsX * c);
                var wb = weight[b];
                for (var i = 0; i < cellsX; i++)
                {
                    var p = row.Slice(i * c, c);
                    cells[i] += wb * (weight[0] * p[0] + weight[1] * p[1] + weight[2] * p[2] + weight[3] * p[3]);
                }
            }
            var tileRow = tile.Slice((j % n) * n, n);
            for (var i = 0; i < cellsX; i++)
                tileRow[i % n] += cells[i];
        }
    }

    /// <summary>
    /// Best circular shift of the pilot template in a folded tile: the tile's cell (i, j) is assumed to be the
    /// marked tile's cell ((i + shiftX) mod 32, (j + shiftY) mod 32). Returns the z-score of the best shift.
    /// </summary>
    public static double BestPilotShift(ReadOnlySpan<float> tile, WatermarkLayout layout, out int shiftX, out int shiftY)
    {
        const int n = WatermarkLayout.TileCells;
        double energy = 0;
        foreach (var v in tile)
            energy += v * v;
        shiftX = shiftY = 0;
        if (energy <= 0)
            return 0;
        var sigma = Math.Sqrt(energy / tile.Length);
        var pilots = layout.Pilots;
        var best = double.NegativeInfinity;
        for (var sy = 0; sy < n; sy++)
        {
            for (var sx = 0; sx < n; sx++)
            {
                var sum = 0f;
                for (var k = 0; k < pilots.Length; k++)
                {
                    var (x, y, sign) = pilots[k];
                    sum += sign * tile[(((y - sy) & (n - 1)) * n) + ((x - sx) & (n - 1))];
                }
                if (sum > best)
                {
                    best = sum;
                    shiftX = sx;
                    shiftY = sy;
                }
            }
        }
        return best / (sigma * Math.Sqrt(pilots.Length));
    }

    /// <summary>Soft coded bits (positive means 1) from a folded tile at a known shift.</summary>
    public static void SoftBits(ReadOnlySpan<float> tile, WatermarkLayout layout, int shiftX, int shiftY, Span<float> soft)
    {
        const int n = WatermarkLayout.TileCells;
        soft.Clear();
        for (var cell = 0; cell < WatermarkLayout.Cells; cell++)
        {
            var role = layout.Role[cell];
            if (role < 0)
                continue;
            var x = cell % n;
            var y = cell / n;
            soft[role] += layout.Sign[cell] * tile[(((y - shiftY) & (n - 1)) * n) + ((x - shiftX) & (n - 1))];
        }
    }
}
