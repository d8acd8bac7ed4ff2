namespace Augment.Splat;

/// <summary>What <see cref="SyntheticScene.Create"/> builds: size, randomness and the deliberate flaws of a real capture.</summary>
public sealed record SyntheticSceneOptions
{
    private readonly int _splatCount = 200_000;
    private readonly int _shDegree = 3;
    private readonly int? _floaters;
    private readonly float _faintFraction = 0.25f;
    private readonly int _referenceSamplesPerAxis = 2;

    /// <summary>Total splats in the cloud, floaters, faint splats and the pedestrian included (default 200 000; at least 1 000).</summary>
    public int SplatCount
    {
        get => _splatCount;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1000);
            _splatCount = value;
        }
    }

    /// <summary>Seed for where splats sit on the surfaces and for the floaters; the surfaces and colours do not change with it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Spherical-harmonic degree of the colour field and of the splats (default 3; 0 is view-independent).</summary>
    public int ShDegree
    {
        get => _shDegree;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, GaussianCloud.MaxShDegree);
            _shDegree = value;
        }
    }

    /// <summary>
    /// Splats of junk floating in mid-air at low opacity, as a real capture has (default: 0.5% of <see cref="SplatCount"/>;
    /// 0 for none). They are not in the ground truth.
    /// </summary>
    public int? Floaters
    {
        get => _floaters;
        init
        {
            if (value is { } v)
                ArgumentOutOfRangeException.ThrowIfNegative(v);
            _floaters = value;
        }
    }

    /// <summary>Whether a person-sized box of splats stands on the ground (default false). It is not in the ground truth.</summary>
    public bool Pedestrian { get; init; }

    /// <summary>
    /// Share of the splats that are small and faint (alpha 0.01-0.12, a third of the surface spacing) on and just off the
    /// surfaces (default 0.25, 0 to 0.9): trained scenes carry such a long tail that adds little to any image.
    /// </summary>
    public float FaintFraction
    {
        get => _faintFraction;
        init
        {
            if (!(value >= 0 && value <= 0.9f))
                throw new ArgumentOutOfRangeException(nameof(FaintFraction), value, "faint fraction must be between 0 and 0.9.");
            _faintFraction = value;
        }
    }

    /// <summary>
    /// Rays per pixel side for <see cref="SyntheticScene.RenderReference"/> (default 2: four rays on a stratified grid,
    /// averaged, so that silhouettes are anti-aliased roughly as a splat renderer draws them); 1 to 8.
    /// </summary>
    public int ReferenceSamplesPerAxis
    {
        get => _referenceSamplesPerAxis;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 8);
            _referenceSamplesPerAxis = value;
        }
    }

    /// <summary>Threads and memory for generating the cloud and ray-casting the ground truth.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
