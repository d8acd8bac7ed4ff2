namespace Augment.Vision;

/// <summary>
/// The two perceptual hashes of a picture, computed from one pass over its luma.
/// <see cref="Phash"/> (DCT hash, Zauner 2010 / pHash.org) survives re-encoding, resizing and mild colour edits
/// best; <see cref="Dhash"/> (difference hash, Krawetz 2013) is cheaper and complements it.
/// </summary>
/// <param name="Phash">BT.601 luma area-averaged to 32 x 32, 2-D DCT-II (orthonormal), the 8 x 8 coefficients
/// u, v = 1..8 (DC row and column left out), each bit = coefficient above their median.</param>
/// <param name="Dhash">BT.601 luma area-averaged to 9 x 8, each bit = right neighbour brighter than left.</param>
public readonly record struct ImageHashes(PerceptualHash Phash, PerceptualHash Dhash)
{
    /// <summary>
    /// pHash distance plus dHash distance (0..128 bits). On the generated near-duplicate set (see
    /// docs/vision-library-hashing.md) this sum separates copies from distinct pictures better than either hash alone.
    /// </summary>
    public int DistanceTo(ImageHashes other) => Phash.DistanceTo(other.Phash) + Dhash.DistanceTo(other.Dhash);

    /// <summary>
    /// Hashes <paramref name="frame"/>: luma is 0.299 R + 0.587 G + 0.114 B of the stored values (the grey channel
    /// of a grey frame; alpha is ignored). Runs in parallel row bands within the frame's budget; the result does
    /// not depend on the thread count.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    public static ImageHashes Compute(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var dct = new double[PerceptualHashKernels.DctSize * PerceptualHashKernels.DctSize];
        var gradient = new double[PerceptualHashKernels.DhashWidth * PerceptualHashKernels.DhashHeight];
        PerceptualHashKernels.Downscale(frame, dct, gradient, cancellationToken);
        return new ImageHashes(PerceptualHashKernels.Phash(dct), PerceptualHashKernels.Dhash(gradient));
    }
}
