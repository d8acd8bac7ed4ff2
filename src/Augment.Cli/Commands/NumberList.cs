using System.Globalization;

namespace Augment.Cli.Commands;

/// <summary>Comma-separated number options such as <c>--crop-box x0,y0,z0,x1,y1,z1</c> or <c>--background r,g,b</c>.</summary>
internal static class NumberList
{
    /// <summary>Exactly <paramref name="count"/> finite invariant-culture numbers, or an error naming <paramref name="option"/>.</summary>
    public static float[] Parse(string option, string text, int count)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != count)
            throw new ArgumentException($"{option}: '{text}' has {parts.Length} numbers; expected {count}, separated by commas.");
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
                throw new ArgumentException($"{option}: '{parts[i]}' is not a finite number.");
        }
        return values;
    }
}
