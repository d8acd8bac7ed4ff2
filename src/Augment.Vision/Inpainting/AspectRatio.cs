using System.Globalization;

namespace Augment.Vision;

/// <summary>A picture's width-to-height ratio, such as 16:9 or 4:5.</summary>
/// <param name="Width">Width term, positive.</param>
/// <param name="Height">Height term, positive.</param>
public readonly record struct AspectRatio(double Width, double Height)
{
    /// <summary>Width divided by height.</summary>
    public double Value => Width / Height;

    /// <summary>Parses "16:9", "16/9", "4x5" or a decimal such as "1.85".</summary>
    /// <param name="text">The ratio.</param>
    /// <exception cref="FormatException">Not a positive ratio.</exception>
    public static AspectRatio Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var ratio) ? ratio
            : throw new FormatException($"'{text}' is not an aspect ratio; write width:height with positive numbers, such as 16:9, 4:5 or 1.85.");
    }

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    /// <param name="text">The ratio.</param>
    /// <param name="ratio">The parsed ratio.</param>
    public static bool TryParse(string? text, out AspectRatio ratio)
    {
        ratio = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split(':', '/', 'x', 'X');
        const NumberStyles style = NumberStyles.Float;
        if (parts.Length == 1 && double.TryParse(parts[0], style, CultureInfo.InvariantCulture, out var value) && IsPositive(value))
        {
            ratio = new AspectRatio(value, 1);
            return true;
        }
        if (parts.Length == 2
            && double.TryParse(parts[0], style, CultureInfo.InvariantCulture, out var w) && IsPositive(w)
            && double.TryParse(parts[1], style, CultureInfo.InvariantCulture, out var h) && IsPositive(h))
        {
            ratio = new AspectRatio(w, h);
            return true;
        }
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width:0.###}:{Height:0.###}");

    private static bool IsPositive(double value) => double.IsFinite(value) && value > 0 && value < 1e6;
}
