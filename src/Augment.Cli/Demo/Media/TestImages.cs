namespace Augment.Cli.Demo.Media;

/// <summary>
/// Generates the demo's test picture, so the demo needs no downloads: 75% colour bars (the EBU/SMPTE
/// set: white, yellow, cyan, green, magenta, red, blue), red/green/blue/grey ramps that cover every
/// 8-bit level when the picture is at least 256 pixels wide, and four skin-tone patches on mid grey
/// (what colour and restoration steps must keep natural).
/// </summary>
internal static class TestImages
{
    private const byte Bar = 191; // 75% of 255, rounded: the level of standard 75% bars

    private static readonly (byte R, byte G, byte B)[] Bars =
    [
        (Bar, Bar, Bar), (Bar, Bar, 0), (0, Bar, Bar), (0, Bar, 0), (Bar, 0, Bar), (Bar, 0, 0), (0, 0, Bar),
    ];

    // Light to deep skin tones in sRGB, as commonly used for swatches of the Fitzpatrick range.
    private static readonly (byte R, byte G, byte B)[] SkinTones =
    [
        (241, 194, 167), (224, 172, 105), (198, 134, 66), (141, 85, 36),
    ];

    /// <summary>The test picture as tightly packed interleaved 8-bit RGB rows.</summary>
    public static byte[] ColorBarsRgb8(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 8);
        var pixels = new byte[checked(width * height * 3)];
        var barsEnd = height * 3 / 5;
        var rampsEnd = height * 4 / 5;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * width * 3, width * 3);
            if (y < barsEnd)
                FillBars(row, width);
            else if (y < rampsEnd)
                FillRamp(row, width, (y - barsEnd) * 4 / Math.Max(1, rampsEnd - barsEnd));
            else
                FillSkinRow(row, width, y - rampsEnd, height - rampsEnd);
        }
        return pixels;
    }

    private static void FillBars(Span<byte> row, int width)
    {
        for (var x = 0; x < width; x++)
        {
            var (r, g, b) = Bars[x * Bars.Length / width];
            Set(row, x, r, g, b);
        }
    }

    /// <summary>Ramp 0 red, 1 green, 2 blue, 3 grey; 0 at the left edge to 255 at the right.</summary>
    private static void FillRamp(Span<byte> row, int width, int ramp)
    {
        for (var x = 0; x < width; x++)
        {
            var level = (byte)((x * 255 + (width - 1) / 2) / (width - 1));
            switch (ramp)
            {
                case 0: Set(row, x, level, 0, 0); break;
                case 1: Set(row, x, 0, level, 0); break;
                case 2: Set(row, x, 0, 0, level); break;
                default: Set(row, x, level, level, level); break;
            }
        }
    }

    /// <summary>Mid grey with four skin-tone patches across the middle half of the band.</summary>
    private static void FillSkinRow(Span<byte> row, int width, int bandY, int bandHeight)
    {
        var inPatchRows = bandY >= bandHeight / 4 && bandY < bandHeight * 3 / 4;
        var patchWidth = width / (SkinTones.Length * 2 + 1);
        for (var x = 0; x < width; x++)
        {
            // Patches sit at odd slots of 2n+1 equal slots, with grey gaps between them.
            var slot = patchWidth > 0 ? x / patchWidth : 0;
            if (inPatchRows && slot % 2 == 1 && slot / 2 < SkinTones.Length)
            {
                var (r, g, b) = SkinTones[slot / 2];
                Set(row, x, r, g, b);
            }
            else
            {
                Set(row, x, 128, 128, 128);
            }
        }
    }

    private static void Set(Span<byte> row, int x, byte r, byte g, byte b)
    {
        row[x * 3] = r;
        row[x * 3 + 1] = g;
        row[x * 3 + 2] = b;
    }
}
