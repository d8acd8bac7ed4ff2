using System.Globalization;

namespace Augment.Cli.Demo;

/// <summary>A picture size written as <c>WIDTHxHEIGHT</c>, such as <c>1024x768</c>.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal readonly record struct ImageSize(int Width, int Height)
{
    /// <summary>Smallest side the demo accepts: the tiled step needs room for several tiles.</summary>
    public const int MinSidePixels = 64;

    /// <summary>
    /// Largest side the demo accepts: room for 4K frames, while the 2x upscale of a 4096x4096 picture
    /// (with its reference copy) still fits in a few GiB.
    /// </summary>
    public const int MaxSidePixels = 4096;

    /// <summary>Parses <c>WIDTHxHEIGHT</c> (also <c>X</c> or <c>*</c>); on failure, says why.</summary>
    public static bool TryParse(string? text, out ImageSize size, out string error)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected WIDTHxHEIGHT, such as 1024x768.";
            return false;
        }
        var separator = text.AsSpan().IndexOfAny('x', 'X', '*');
        if (separator <= 0
            || !int.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            error = $"'{text}' is not WIDTHxHEIGHT, such as 1024x768.";
            return false;
        }
        if (width < MinSidePixels || height < MinSidePixels || width > MaxSidePixels || height > MaxSidePixels)
        {
            error = $"{width}x{height} is out of range: each side must be {MinSidePixels} to {MaxSidePixels} pixels.";
            return false;
        }
        size = new ImageSize(width, height);
        error = "";
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}";
}
