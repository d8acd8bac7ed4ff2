using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Hald CLUT images: a 3D LUT stored as an ordinary picture, as used by ImageMagick
/// (<c>-hald-clut</c>), darktable, RawTherapee and ffmpeg (<c>haldclut</c>, <c>haldclutsrc</c>).
/// A Hald CLUT of level L is a square image of L^3 x L^3 pixels holding an L^2-point lattice; the
/// pixels, read row after row, are the lattice points with red fastest, then green, then blue (the
/// same order as a <c>.cube</c> file and <see cref="Lut3D.Lattice"/>).
/// </summary>
/// <example>
/// <code>
/// using var identity = HaldClut.Identity(8);           // 512 x 512, a 64-point lattice
/// identity.Save("identity.png", new ImageSaveOptions { BitsPerChannel = 16 });
/// // ... grade identity.png in any photo editor, then:
/// var lut = HaldClut.Load("graded.png");                // a Lut3D of size 64
/// using var graded = frame.ApplyLut(lut);
/// </code>
/// </example>
public static class HaldClut
{
    /// <summary>Smallest level (an 8 x 8 image, a 4-point lattice).</summary>
    public const int MinLevel = 2;

    /// <summary>Largest level (a 4096 x 4096 image, a 256-point lattice: <see cref="Lut3D.MaxSize"/>).</summary>
    public const int MaxLevel = 16;

    // Hald CLUTs are usually stored at 16 bits: 8 bits would quantise every lattice output to 1/255.
    private static readonly ImageSaveOptions Sixteen = new() { BitsPerChannel = 16 };

    /// <summary>Side of the square image of a Hald CLUT of <paramref name="level"/>: level^3 pixels.</summary>
    /// <param name="level">The Hald level (2..16).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 2..16.</exception>
    public static int ImageSidePixels(int level)
    {
        ValidateLevel(level);
        return level * level * level;
    }

    /// <summary>Lattice points per axis of a Hald CLUT of <paramref name="level"/>: level^2.</summary>
    /// <param name="level">The Hald level (2..16).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 2..16.</exception>
    public static int LutSize(int level)
    {
        ValidateLevel(level);
        return level * level;
    }

    /// <summary>
    /// The identity Hald CLUT image of <paramref name="level"/> (what ffmpeg's <c>haldclutsrc</c> and
    /// ImageMagick's <c>hald:</c> produce): edit it in any tool, then read the edit back with
    /// <see cref="ToLut"/> or <see cref="Load"/>.
    /// </summary>
    /// <param name="level">The Hald level (2..16); 8 gives a 512 x 512 image and a 64-point lattice.</param>
    /// <param name="budget">Memory budget for the frame; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <returns>An RGB frame (0..1 samples, sRGB tag) the caller disposes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 2..16.</exception>
    /// <exception cref="ResourceLimitException">The image would exceed the budget's memory.</exception>
    public static ImageFrame Identity(int level, ComputeBudget? budget = null)
    {
        var side = ImageSidePixels(level);
        var n = level * level;
        var frame = ImageFrame.Create(side, side, 3, ColorSpace.Srgb, hasAlpha: false, budget);
        var red = frame.Plane(0);
        var green = frame.Plane(1);
        var blue = frame.Plane(2);
        // Same expression as Lut3D.Fill over the [0, 1] domain, so that the identity image and
        // Lut3D.Identity hold bit-identical values.
        var step = 1f / (n - 1);
        var p = 0;
        for (var b = 0; b < n; b++)
        {
            var bValue = b * step;
            for (var g = 0; g < n; g++)
            {
                var gValue = g * step;
                for (var r = 0; r < n; r++)
                {
                    red[p] = r * step;
                    green[p] = gValue;
                    blue[p] = bValue;
                    p++;
                }
            }
        }
        return frame;
    }

    /// <summary>
    /// Writes <paramref name="lut"/> as a Hald CLUT image, point for point. The LUT's size must be a
    /// Hald lattice size (level^2: 4, 9, 16, 25, 36, 49, 64, ... 256) and its domain [0, 1]; use
    /// <see cref="FromLut(Lut3D, int, ComputeBudget?)"/> to resample any other LUT.
    /// </summary>
    /// <param name="lut">The LUT to store.</param>
    /// <param name="budget">Memory budget for the frame; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <returns>An RGB frame of side (√size)^3 the caller disposes; samples are the LUT outputs, not clamped.</returns>
    /// <exception cref="ArgumentException">The size is not a square of 2..16, the domain is not [0, 1], or the LUT has a 1D shaper.</exception>
    /// <exception cref="ResourceLimitException">The image would exceed the budget's memory.</exception>
    public static ImageFrame FromLut(Lut3D lut, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(lut);
        var level = (int)Math.Round(Math.Sqrt(lut.Size));
        if (level * level != lut.Size || level < MinLevel || level > MaxLevel)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A Hald CLUT holds a lattice of level^2 points per axis (4, 9, 16, ... 256); this LUT has {lut.Size}. Use FromLut(lut, level) to resample it."),
                nameof(lut));
        }
        if (!IsUnitDomain(lut))
            throw new ArgumentException("A Hald CLUT covers the input domain [0, 1]; this LUT has another domain. Use FromLut(lut, level) to resample it.", nameof(lut));
        if (lut.Shaper is not null)
            throw new ArgumentException("This LUT has a 1D shaper, which a Hald CLUT cannot hold point for point. Use FromLut(lut, level) to resample it.", nameof(lut));

        var side = level * level * level;
        var frame = ImageFrame.Create(side, side, 3, ColorSpace.Srgb, hasAlpha: false, budget);
        // Pixel order (row-major) and lattice order (red fastest) coincide, so pixel p is lattice point p.
        ReadOnlySpan<float> lattice = lut.Lattice;
        for (var c = 0; c < 3; c++)
        {
            var plane = frame.Plane(c);
            for (var p = 0; p < plane.Length; p++)
                plane[p] = lattice[(p * 3) + c];
        }
        return frame;
    }

    /// <summary>
    /// Samples <paramref name="lut"/> (any size and domain) at the lattice points of a Hald CLUT of
    /// <paramref name="level"/>, with tetrahedral interpolation; inputs outside the LUT's domain are
    /// clamped to it, as in <see cref="LutExtensions.ApplyLut"/>.
    /// </summary>
    /// <param name="lut">The LUT to resample.</param>
    /// <param name="level">The Hald level (2..16).</param>
    /// <param name="budget">Memory and thread budget; <see cref="ComputeBudget.Default"/> when null.</param>
    /// <returns>An RGB frame of side level^3 the caller disposes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside 2..16.</exception>
    /// <exception cref="ResourceLimitException">The image would exceed the budget's memory.</exception>
    public static ImageFrame FromLut(Lut3D lut, int level, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(lut);
        ValidateLevel(level);
        if (lut.Size == level * level && IsUnitDomain(lut) && lut.Shaper is null)
            return FromLut(lut, budget);
        // Grading the identity image evaluates the LUT at exactly the Hald lattice inputs.
        var frame = Identity(level, budget);
        frame.ApplyLutInPlace(lut, LutInterpolation.Tetrahedral);
        return frame;
    }

    /// <summary>
    /// Reads the LUT a Hald CLUT image holds: a square image of side L^3 (L = 2..16) becomes a
    /// <see cref="Lut3D"/> of size L^2 over [0, 1]. Alpha, when present, is ignored.
    /// </summary>
    /// <param name="hald">The Hald image (three colour channels).</param>
    /// <param name="sourceName">Name for error messages (usually the file); "Hald CLUT" when null.</param>
    /// <returns>A new LUT.</returns>
    /// <exception cref="InvalidMediaException">The image is not square, its side is not a level cubed, it has no three colour channels, or a sample is not finite; the message names the size.</exception>
    public static Lut3D ToLut(ImageFrame hald, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(hald);
        var name = sourceName ?? "Hald CLUT";
        var level = LevelOf(hald.Width, hald.Height, name);
        if (hald.ColorChannels != 3)
        {
            throw new InvalidMediaException(name, -1,
                string.Create(CultureInfo.InvariantCulture, $"a Hald CLUT image needs three colour channels (RGB); this one has {hald.ColorChannels}."));
        }

        var lut = new Lut3D(level * level) { Title = sourceName is null ? "Hald CLUT" : Path.GetFileNameWithoutExtension(sourceName) };
        var lattice = lut.Lattice;
        for (var c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> plane = hald.Plane(c);
            for (var p = 0; p < plane.Length; p++)
            {
                var value = plane[p];
                if (!float.IsFinite(value))
                {
                    throw new InvalidMediaException(name, -1,
                        string.Create(CultureInfo.InvariantCulture, $"pixel ({p % hald.Width}, {p / hald.Width}) channel {c} is {value}; a Hald CLUT needs finite samples."));
                }
                lattice[(p * 3) + c] = value;
            }
        }
        return lut;
    }

    /// <summary>
    /// Loads a Hald CLUT image (PNG, TIFF, ... through <see cref="ImageFile.Load(string, ImageDecodeOptions?)"/>,
    /// 16-bit precision kept) and returns the LUT it holds.
    /// </summary>
    /// <param name="path">The image file.</param>
    /// <param name="options">Decode limits; <see cref="ImageDecodeOptions.Default"/> when null.</param>
    /// <returns>A LUT of size level^2 titled with the file name.</returns>
    /// <exception cref="InvalidMediaException">The file is corrupt, or the image is not a Hald CLUT; the message names the file and size.</exception>
    /// <exception cref="UnsupportedFormatException">The content is not an image format that can be read.</exception>
    /// <exception cref="ResourceLimitException">The image exceeds a decode limit or the memory budget.</exception>
    public static Lut3D Load(string path, ImageDecodeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var image = ImageFile.Load(path, options);
        return ToLut(image, path);
    }

    /// <summary>
    /// Saves <paramref name="lut"/> as a Hald CLUT image through <see cref="ImageFile.Save(ImageFrame, string, ImageSaveOptions?)"/>
    /// (atomically). Outputs are clamped to 0..1 by the encoder. The default is 16 bits per channel, so
    /// use a format that holds 16 bits (PNG, TIFF) or pass options.
    /// </summary>
    /// <param name="lut">The LUT; its size must be level^2 with domain [0, 1], otherwise give <paramref name="level"/> to resample.</param>
    /// <param name="path">Destination; the format comes from the extension unless <paramref name="options"/> names one.</param>
    /// <param name="options">Format and bit depth; 16 bits per channel when null.</param>
    /// <param name="level">The Hald level (2..16) to resample to; null to store the LUT point for point.</param>
    /// <exception cref="ArgumentException">The LUT cannot be stored point for point and no level is given.</exception>
    /// <exception cref="UnsupportedFormatException">The format cannot hold the requested bit depth.</exception>
    public static void Save(Lut3D lut, string path, ImageSaveOptions? options = null, int? level = null)
    {
        ArgumentNullException.ThrowIfNull(lut);
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= Sixteen;
        using var hald = level is { } l ? FromLut(lut, l) : FromLut(lut);
        ImageFile.Save(hald, path, options);
    }

    /// <summary>The level whose image side is <paramref name="width"/>, or an exception naming the size.</summary>
    internal static int LevelOf(int width, int height, string sourceName)
    {
        if (width == height)
        {
            for (var level = MinLevel; level <= MaxLevel; level++)
            {
                if (level * level * level == width)
                    return level;
            }
        }
        throw new InvalidMediaException(sourceName, -1,
            string.Create(CultureInfo.InvariantCulture,
                $"a Hald CLUT image is a square of side level^3 for level 2..16 (8, 27, 64, 125, 216, 343, 512, ... 4096 pixels); this one is {width}x{height}."));
    }

    private static bool IsUnitDomain(Lut3D lut)
    {
        var min = lut.DomainMin;
        var max = lut.DomainMax;
        for (var c = 0; c < 3; c++)
        {
            if (min[c] != 0f || max[c] != 1f)
                return false;
        }
        return true;
    }

    private static void ValidateLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
    }
}
