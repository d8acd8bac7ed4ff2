using System.Buffers;

namespace Augment.Vision;

/// <summary>
/// The 2-D discrete Fourier power spectrum |X[ky, kx]|² of a square tile (no scaling, numpy.fft.fft2's
/// convention): real FFTs along the rows, complex FFTs down the n/2 + 1 kept columns, the other half of
/// the plane from Hermitian symmetry X[ky, kx] = conj(X[−ky, −kx]). Any tile size (Core's plans use
/// Bluestein's algorithm for lengths that are not powers of two).
/// </summary>
internal static class TileSpectrum
{
    /// <summary>Writes the size x size power spectrum (row ky, column kx) of <paramref name="tile"/> into <paramref name="power"/>.</summary>
    public static void Power(ReadOnlySpan<float> tile, int size, Span<float> power)
    {
        if (tile.Length < size * size || power.Length < size * size)
            throw new ArgumentException($"A {size}x{size} tile needs {size * size} values.");
        var rows = RealFftPlan.Create(size);
        var columns = FftPlan.Create(size);
        var bins = rows.BinCount;
        var rented = ArrayPool<float>.Shared.Rent((2 * size * bins) + (2 * size));
        try
        {
            var real = rented.AsSpan(0, size * bins);
            var imag = rented.AsSpan(size * bins, size * bins);
            var columnReal = rented.AsSpan(2 * size * bins, size);
            var columnImag = rented.AsSpan((2 * size * bins) + size, size);
            for (var y = 0; y < size; y++)
                rows.Forward(tile.Slice(y * size, size), real.Slice(y * bins, bins), imag.Slice(y * bins, bins));
            for (var kx = 0; kx < bins; kx++)
            {
                for (var y = 0; y < size; y++)
                {
                    columnReal[y] = real[(y * bins) + kx];
                    columnImag[y] = imag[(y * bins) + kx];
                }
                columns.Forward(columnReal, columnImag);
                for (var ky = 0; ky < size; ky++)
                {
                    var p = (columnReal[ky] * columnReal[ky]) + (columnImag[ky] * columnImag[ky]);
                    power[(ky * size) + kx] = p;
                    // Hermitian mirror: bin (−ky, −kx) has the same power.
                    var mirrorX = (size - kx) % size;
                    if (mirrorX >= bins)
                        power[(((size - ky) % size) * size) + mirrorX] = p;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
