using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// The fixed palette of everyday colour words that dominant colours are named from, each with a representative
/// sRGB value (mostly the CSS/X11 colour of that name; beige and gold darker than CSS so that pale pictures are not all
/// "beige", and a light brown between brown and tan so that fur, wood and skin tones do not fall to "grey"). A colour takes the name of the nearest entry by CIEDE2000.
/// </summary>
internal static class NamedColorPalette
{
    private static readonly (string Name, byte R, byte G, byte B)[] Entries =
    [
        ("black", 0, 0, 0),
        ("dark grey", 64, 64, 64),
        ("grey", 128, 128, 128),
        ("light grey", 192, 192, 192),
        ("white", 255, 255, 255),
        ("red", 255, 0, 0),
        ("dark red", 139, 0, 0),
        ("orange", 255, 140, 0),
        ("yellow", 255, 255, 0),
        ("gold", 230, 190, 40),
        ("olive", 128, 128, 0),
        ("lime", 0, 255, 0),
        ("green", 0, 128, 0),
        ("dark green", 0, 80, 30),
        ("teal", 0, 128, 128),
        ("turquoise", 64, 224, 208),
        ("cyan", 0, 255, 255),
        ("sky blue", 135, 206, 235),
        ("blue", 0, 0, 255),
        ("navy", 0, 0, 128),
        ("purple", 128, 0, 128),
        ("violet", 138, 43, 226),
        ("magenta", 255, 0, 255),
        ("pink", 255, 182, 193),
        ("brown", 139, 69, 19),
        ("light brown", 170, 120, 80),
        ("tan", 210, 180, 140),
        ("beige", 225, 205, 165),
        ("cream", 255, 253, 208),
    ];

    private static readonly CieLab[] Labs = CreateLabs();

    /// <summary>The name of the entry nearest to <paramref name="color"/> by CIEDE2000 (first entry on a tie).</summary>
    public static string Nearest(CieLab color)
    {
        var best = 0;
        var bestDistance = double.MaxValue;
        for (var i = 0; i < Labs.Length; i++)
        {
            var distance = ColorMath.DeltaE2000(color, Labs[i]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return Entries[best].Name;
    }

    private static CieLab[] CreateLabs()
    {
        var labs = new CieLab[Entries.Length];
        for (var i = 0; i < labs.Length; i++)
        {
            var (_, r, g, b) = Entries[i];
            labs[i] = ColorMath.LinearSrgbToLab(Linear(r), Linear(g), Linear(b));
        }
        return labs;
    }

    private static double Linear(byte value) => TransferFunctions.ToLinear(TransferFunction.Srgb, value / 255.0);
}
