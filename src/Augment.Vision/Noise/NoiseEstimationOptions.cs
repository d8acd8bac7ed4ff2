namespace Augment.Vision;

/// <summary>How <see cref="NoiseLevel.Estimate(ImageFrame, NoiseEstimationOptions?, CancellationToken)"/> measures noise.</summary>
public sealed record NoiseEstimationOptions
{
    private readonly float _edgeFraction = 0.1f;
    private readonly int _blockSizePixels = 16;
    private readonly int _intensityBins = 16;

    /// <summary>Defaults: the strongest 10% of Sobel gradients left out, 16-pixel blocks, 16 intensity bins.</summary>
    public static NoiseEstimationOptions Default { get; } = new();

    /// <summary>
    /// Fraction (0..0.9) of pixels with the strongest Sobel gradient left out of the estimate, so that edges and
    /// fine texture are not taken for noise (Tai and Yang 2008 use 0.1). 0 gives Immerkær's plain estimate,
    /// which is exact on flat-plus-noise images and overestimates on detailed ones.
    /// </summary>
    public float EdgeFraction
    {
        get => _edgeFraction;
        init
        {
            if (!(value >= 0 && value <= 0.9f))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The edge fraction must lie in 0..0.9.");
            _edgeFraction = value;
        }
    }

    /// <summary>Side of the square blocks (8..256 pixels) whose local estimates feed the signal-dependent fit.</summary>
    public int BlockSizePixels
    {
        get => _blockSizePixels;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 8);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _blockSizePixels = value;
        }
    }

    /// <summary>Number of equal intensity bins over 0..1 (4..256) in the signal-dependent fit.</summary>
    public int IntensityBins
    {
        get => _intensityBins;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 256);
            _intensityBins = value;
        }
    }
}
