using System.Globalization;

namespace Augment.Audio;

/// <summary>Reads the picture's cut list: one time per line, in seconds (<c>12.48</c>) or <c>[HH:]MM:SS[.mmm]</c>.</summary>
public static class ScoreCuts
{
    /// <summary>
    /// Parses cut times from text: one per line; the first field of a CSV line (comma, semicolon or tab) is used;
    /// blank lines and <c>#</c> comments are skipped; a first line that is not a time is taken as a header.
    /// Returns the times sorted.
    /// </summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="sourceName">Named in errors (e.g. the file path).</param>
    /// <exception cref="InvalidMediaException">Lines that are not times, or negative times; the message lists each with its line number.</exception>
    public static IReadOnlyList<TimeSpan> Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cuts = new List<TimeSpan>();
        var errors = new List<string>();
        var lines = text.Split('\n');
        var firstContent = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] == '#') continue;
            var field = line.Split(',', ';', '\t')[0].Trim().Trim('"');
            if (TryParseTime(field, out var time))
            {
                if (time < TimeSpan.Zero) errors.Add($"line {i + 1}: '{field}' is negative");
                else cuts.Add(time);
            }
            else if (!firstContent)
            {
                errors.Add($"line {i + 1}: '{field}' is not a time (seconds, or HH:MM:SS.mmm)");
            }
            firstContent = false;
        }
        if (errors.Count > 0)
            throw new InvalidMediaException(sourceName ?? "cut list", -1, string.Join("; ", errors));
        cuts.Sort();
        return cuts;
    }

    /// <summary>Reads and parses a cut-list file (see <see cref="Parse"/>).</summary>
    /// <exception cref="InvalidMediaException">A bad line; see <see cref="Parse"/>.</exception>
    public static IReadOnlyList<TimeSpan> Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses <c>12.5</c> (seconds), <c>MM:SS.mmm</c> or <c>HH:MM:SS.mmm</c> (invariant culture).</summary>
    public static bool TryParseTime(string text, out TimeSpan time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split(':');
        if (parts.Length > 3) return false;
        double total = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            var style = last ? NumberStyles.AllowDecimalPoint | (parts.Length == 1 ? NumberStyles.AllowLeadingSign : 0) : NumberStyles.None;
            if (!double.TryParse(parts[i], style, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return false;
            if (i > 0 && value >= 60) return false;
            total = (total * 60) + (total < 0 ? -value : value);
        }
        if (Math.Abs(total) > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        time = TimeSpan.FromSeconds(total);
        return true;
    }
}
