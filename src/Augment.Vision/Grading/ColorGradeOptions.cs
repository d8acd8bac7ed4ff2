namespace Augment.Vision;

/// <summary>
/// Settings for a <see cref="ColorGrade"/>: how each clip is matched to the reference, how much skin is
/// protected, and what a batch writes. Immutable; the fluent methods return changed copies.
/// </summary>
/// <example>
/// <code>
/// var grade = ColorGrade.MatchTo(hero, o => o.Method(ColorMatchMethod.Mkl).ProtectSkin(0.8).BakeLuts(33));
/// </code>
/// </example>
public sealed record ColorGradeOptions
{
    /// <summary>The defaults: MKL at full strength, no skin protection, five key frames per clip, no LUTs.</summary>
    public static ColorGradeOptions Default { get; } = new();

    /// <summary>How each source is matched to the references (method, strength, masks, correspondences).</summary>
    public ColorMatchOptions Match { get; init; } = ColorMatchOptions.Default;

    /// <summary>0 (grade skin fully) to 1 (leave certain skin untouched); see <see cref="SkinProtection"/>.</summary>
    public double SkinProtection { get; init; }

    /// <summary>Skin-mask settings used when <see cref="SkinProtection"/> is above 0 (chroma model, optional ONNX model, hue keeping).</summary>
    public SkinMaskOptions Skin { get; init; } = SkinMaskOptions.Default;

    /// <summary>
    /// Frames sampled evenly across a video clip to fit its grade (1..64; 5 by default). One grade per
    /// clip means no frame-to-frame flicker; the key frames make it robust to fades and a dark first frame.
    /// </summary>
    public int KeyFrames { get; init; } = 5;

    /// <summary>When set (17, 33 or 65 are usual), a batch also writes each clip's grade as <c>&lt;output&gt;.cube</c> of this size.</summary>
    public int? LutSize { get; init; }

    /// <summary>
    /// Bits per channel of still outputs: null keeps 16 bits where both the source and the output
    /// format have them (PNG, TIFF) and writes 8 otherwise.
    /// </summary>
    public int? OutputBitsPerChannel { get; init; }

    /// <summary>Encoder settings for video outputs; the input's audio is always copied through untouched.</summary>
    public VideoEncodeOptions? Video { get; init; }

    /// <summary>Threads and memory for a batch; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>
    /// When true, a batch records a failed input in its report and goes on with the others; when false
    /// (the default) the first failure cancels the batch and is thrown.
    /// </summary>
    public bool ContinueOnError { get; init; }

    /// <summary>A copy that matches with <paramref name="method"/>.</summary>
    /// <param name="method">The matching method.</param>
    public ColorGradeOptions Method(ColorMatchMethod method) => this with { Match = Match.UseMethod(method) };

    /// <summary>A copy whose grade moves colours only <paramref name="strength"/> of the way to the match.</summary>
    /// <param name="strength">0 (identity) to 1 (full match).</param>
    public ColorGradeOptions Strength(double strength) => this with { Match = Match.WithStrength(strength) };

    /// <summary>A copy with changed matching options.</summary>
    /// <param name="configure">Changes the current <see cref="Match"/> options.</param>
    public ColorGradeOptions Matching(Func<ColorMatchOptions, ColorMatchOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return this with { Match = configure(Match) };
    }

    /// <summary>A copy that protects skin tones.</summary>
    /// <param name="protection">0 (grade skin fully) to 1 (leave certain skin untouched); 0.8 keeps skin natural yet consistent.</param>
    /// <param name="keepHue">Also turn the hue of skin back toward the original.</param>
    public ColorGradeOptions ProtectSkin(double protection = 0.8, bool keepHue = false) =>
        this with { SkinProtection = protection, Skin = Skin with { KeepSkinHue = keepHue || Skin.KeepSkinHue } };

    /// <summary>A copy whose batch also writes each clip's grade as a <c>.cube</c> LUT.</summary>
    /// <param name="size">Lattice points per axis (2..256; 33 is the common exchange size).</param>
    public ColorGradeOptions BakeLuts(int size = 33) => this with { LutSize = size };

    /// <summary>A copy that fits video grades on <paramref name="count"/> key frames.</summary>
    /// <param name="count">1..64.</param>
    public ColorGradeOptions WithKeyFrames(int count) => this with { KeyFrames = count };

    /// <summary>A copy that runs within <paramref name="budget"/>.</summary>
    /// <param name="budget">Threads and memory.</param>
    public ColorGradeOptions WithBudget(ComputeBudget budget) => this with { Budget = budget };

    internal void Validate()
    {
        if (!(SkinProtection >= 0.0 && SkinProtection <= 1.0))
            throw new ArgumentOutOfRangeException(nameof(SkinProtection), SkinProtection, "Skin protection must be between 0 and 1.");
        if (KeyFrames is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(KeyFrames), KeyFrames, "KeyFrames must be 1..64.");
        if (LutSize is { } size && size is < Lut3D.MinSize or > Lut3D.MaxSize)
            throw new ArgumentOutOfRangeException(nameof(LutSize), size, $"LutSize must be {Lut3D.MinSize}..{Lut3D.MaxSize}.");
        if (OutputBitsPerChannel is { } bits && bits is not (8 or 16))
            throw new ArgumentOutOfRangeException(nameof(OutputBitsPerChannel), bits, "OutputBitsPerChannel must be 8 or 16.");
        ArgumentNullException.ThrowIfNull(Match, nameof(Match));
        ArgumentNullException.ThrowIfNull(Skin, nameof(Skin));
    }
}
