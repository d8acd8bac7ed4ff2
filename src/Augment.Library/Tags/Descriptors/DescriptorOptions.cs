using System.Globalization;

namespace Augment.Library;

/// <summary>
/// Settings of the model-free descriptors (<see cref="ImageDescriptors"/>) and of the tags
/// <see cref="DescriptorAnalyzer"/> derives from them. Every threshold is documented in docs/library-descriptors.md;
/// a tag is given when its measure is past the threshold, with a score of 0.5 at the threshold rising towards 1
/// (a logistic of the distance past it, over the matching <c>...Width</c>). Immutable; use <c>with</c> or the
/// fluent methods.
/// </summary>
public sealed record DescriptorOptions
{
    /// <summary>The defaults: a 128-pixel analysis picture, five dominant colours, colour tags from 10 % of the picture.</summary>
    public static DescriptorOptions Default { get; } = new();

    /// <summary>Long side in pixels of the box-averaged copy the descriptors are measured on (8..1024; default 128).</summary>
    public int AnalysisSizePixels { get; init; } = 128;

    /// <summary>How many dominant colours k-means looks for (1..16; default 5).</summary>
    public int ColorCount { get; init; } = 5;

    /// <summary>Smallest share of the picture (0..1) that a palette name needs to become a tag (default 0.10).</summary>
    public float MinimumColorShare { get; init; } = 0.10f;

    /// <summary>Mean L* (0..100) from which a picture is "bright" (default 65).</summary>
    public double BrightLightness { get; init; } = 65;

    /// <summary>Mean L* (0..100) up to which a picture is "dark" (default 30).</summary>
    public double DarkLightness { get; init; } = 30;

    /// <summary>L* units over which the bright/dark scores rise from 0.5 to 0.73 (default 5).</summary>
    public double LightnessWidth { get; init; } = 5;

    /// <summary>RMS contrast (standard deviation of L* / 100) from which a picture is "high contrast" (default 0.28).</summary>
    public double HighContrast { get; init; } = 0.28;

    /// <summary>RMS contrast up to which a picture is "low contrast" (default 0.10).</summary>
    public double LowContrast { get; init; } = 0.10;

    /// <summary>RMS contrast units over which the contrast scores rise from 0.5 to 0.73 (default 0.03).</summary>
    public double ContrastWidth { get; init; } = 0.03;

    /// <summary>Hasler-Süsstrunk colourfulness M (0..255 scale) from which a picture is "colorful"; 59 is their "quite colourful" (default).</summary>
    public double Colorful { get; init; } = 59;

    /// <summary>Colourfulness M up to which a picture is "muted"; 15 is Hasler and Süsstrunk's "slightly colourful" (default).</summary>
    public double Muted { get; init; } = 15;

    /// <summary>Colourfulness units over which the colorful/muted scores rise from 0.5 to 0.73 (default 6).</summary>
    public double ColorfulnessWidth { get; init; } = 6;

    /// <summary>95th percentile of CIELAB chroma C*ab up to which a picture is "black and white" (default 6).</summary>
    public double NeutralChroma { get; init; } = 6;

    /// <summary>Chroma units over which the black-and-white score rises from 0.5 to 0.73 (default 1.5).</summary>
    public double NeutralChromaWidth { get; init; } = 1.5;

    /// <summary>Warmth (mean a*b* projection on the orange-blue axis) from which a picture has "warm tones" (default 12).</summary>
    public double Warm { get; init; } = 12;

    /// <summary>Warmth up to which a picture has "cool tones" (default -8).</summary>
    public double Cool { get; init; } = -8;

    /// <summary>Warmth units over which the warm/cool scores rise from 0.5 to 0.73 (default 3).</summary>
    public double WarmthWidth { get; init; } = 3;

    /// <summary><see cref="ShotSample.MotionAmount"/> (0..1) up to which a video shot is "static" (default 0.004).</summary>
    public double StaticMotion { get; init; } = 0.004;

    /// <summary>Motion amount from which a video shot is "moving" (default 0.015).</summary>
    public double MovingMotion { get; init; } = 0.015;

    /// <summary>Motion amount from which a video shot has "fast motion" (it is then "moving" too; default 0.05).</summary>
    public double FastMotion { get; init; } = 0.05;

    /// <summary>Video shots shorter than this are a "short shot" (default 2 s).</summary>
    public TimeSpan ShortShot { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Video shots at least this long are a "long take" (default 20 s).</summary>
    public TimeSpan LongTake { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Measures on a copy whose long side is <paramref name="pixels"/>.</summary>
    /// <param name="pixels">Long side in pixels, 8..1024.</param>
    public DescriptorOptions AtAnalysisSize(int pixels) => this with { AnalysisSizePixels = pixels };

    /// <summary>Looks for <paramref name="count"/> dominant colours and tags those covering at least <paramref name="minimumShare"/>.</summary>
    /// <param name="count">Number of k-means clusters, 1..16.</param>
    /// <param name="minimumShare">Smallest share (0..1) of the picture for a colour tag.</param>
    public DescriptorOptions WithColors(int count, float minimumShare = 0.10f) => this with { ColorCount = count, MinimumColorShare = minimumShare };

    /// <summary>Sets the video-shot thresholds: motion amounts for static, moving and fast motion.</summary>
    /// <param name="staticMotion">Largest motion amount of a "static" shot.</param>
    /// <param name="movingMotion">Smallest motion amount of a "moving" shot.</param>
    /// <param name="fastMotion">Smallest motion amount of "fast motion".</param>
    public DescriptorOptions WithMotionThresholds(double staticMotion, double movingMotion, double fastMotion) =>
        this with { StaticMotion = staticMotion, MovingMotion = movingMotion, FastMotion = fastMotion };

    /// <summary>Every setting in a fixed invariant-culture form, for <see cref="DescriptorAnalyzer.Version"/>.</summary>
    internal string Fingerprint() => string.Create(CultureInfo.InvariantCulture,
        $"size={AnalysisSizePixels};k={ColorCount};share={MinimumColorShare:R};L={BrightLightness:R}/{DarkLightness:R}/{LightnessWidth:R};" +
        $"rms={HighContrast:R}/{LowContrast:R}/{ContrastWidth:R};M={Colorful:R}/{Muted:R}/{ColorfulnessWidth:R};" +
        $"grey={NeutralChroma:R}/{NeutralChromaWidth:R};warm={Warm:R}/{Cool:R}/{WarmthWidth:R};" +
        $"motion={StaticMotion:R}/{MovingMotion:R}/{FastMotion:R};shot={ShortShot.Ticks}/{LongTake.Ticks}");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    internal void Validate(string parameterName)
    {
        Check(AnalysisSizePixels is >= 8 and <= 1024, $"AnalysisSizePixels must be 8..1024; it is {AnalysisSizePixels}.");
        Check(ColorCount is >= 1 and <= 16, $"ColorCount must be 1..16; it is {ColorCount}.");
        Check(MinimumColorShare is >= 0f and <= 1f, $"MinimumColorShare must be 0..1; it is {MinimumColorShare}.");
        Check(DarkLightness < BrightLightness, $"DarkLightness ({DarkLightness}) must be below BrightLightness ({BrightLightness}).");
        Check(LowContrast < HighContrast, $"LowContrast ({LowContrast}) must be below HighContrast ({HighContrast}).");
        Check(Muted < Colorful, $"Muted ({Muted}) must be below Colorful ({Colorful}).");
        Check(Cool < Warm, $"Cool ({Cool}) must be below Warm ({Warm}).");
        Check(StaticMotion < MovingMotion && MovingMotion <= FastMotion,
            $"Motion thresholds must rise: static {StaticMotion} < moving {MovingMotion} <= fast {FastMotion}.");
        Check(ShortShot < LongTake, $"ShortShot ({ShortShot}) must be shorter than LongTake ({LongTake}).");
        Check(LightnessWidth > 0 && ContrastWidth > 0 && ColorfulnessWidth > 0 && NeutralChromaWidth > 0 && WarmthWidth > 0,
            "Every ...Width setting must be above 0.");

        void Check(bool condition, string message)
        {
            if (!condition)
                throw new ArgumentException(message, parameterName);
        }
    }
}
