using System.Text.Json;

namespace Augment.Cli.Commands;

/// <summary>JSON output helpers of the commands' <c>--json</c> reports: values that may be undefined are written as null.</summary>
internal static class CliJson
{
    /// <summary>Writes <paramref name="value"/>, or null when there is none.</summary>
    public static void WriteStringOrNull(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }

    /// <summary>
    /// Writes a measurement that may be undefined (NaN: no held-out view, silence; infinity: identical images) rounded to
    /// <paramref name="decimals"/> places, or null when it is NaN or infinite (JSON has neither).
    /// </summary>
    public static void WriteFinite(this Utf8JsonWriter writer, string name, double value, int decimals = 6)
    {
        if (double.IsFinite(value))
            writer.WriteNumber(name, Math.Round(value, decimals));
        else
            writer.WriteNull(name);
    }
}
