using System.Text.Json;

namespace Augment.Cli.Commands;

/// <summary>JSON output of measurements that may be undefined (NaN: no held-out view, silence; infinity: identical images).</summary>
internal static class JsonNumbers
{
    /// <summary>Writes <paramref name="value"/> rounded to <paramref name="decimals"/> places, or null when it is NaN or infinite (JSON has neither).</summary>
    public static void WriteFinite(this Utf8JsonWriter writer, string name, double value, int decimals = 6)
    {
        if (double.IsFinite(value))
            writer.WriteNumber(name, Math.Round(value, decimals));
        else
            writer.WriteNull(name);
    }
}
