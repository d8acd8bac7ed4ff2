using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Reader and writer for the Adobe/Resolve <c>.cube</c> text format (Adobe "Cube LUT Specification" 1.0):
/// keywords first (<c>TITLE</c>, <c>LUT_3D_SIZE</c>, <c>DOMAIN_MIN</c>, <c>DOMAIN_MAX</c>, Resolve's
/// <c>LUT_3D_INPUT_RANGE</c>), then N^3 lines of three numbers, red fastest. Parsing is strict: every
/// fault names the source and the 1-based line.
/// </summary>
internal static class CubeFormat
{
    private const NumberStyles NumberStyle = NumberStyles.Float;

    public static Lut3D Parse(TextReader reader, string? sourceName)
    {
        var source = string.IsNullOrEmpty(sourceName) ? "cube text" : sourceName;
        string? title = null;
        var size = 0;
        var sizeLine = 0;
        float[]? domainMin = null;
        float[]? domainMax = null;
        var domainLine = 0;
        float[]? lattice = null;
        var entries = 0;
        var expected = 0;
        var lineNumber = 0;
        Span<float> triple = stackalloc float[3];
        Span<float> range = stackalloc float[2];

        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;

            var space = line.IndexOfAny(' ', '\t');
            var keyword = space < 0 ? line : line[..space];
            // "NaN" and "Infinity" parse as floats: treat them as (bad) data so the message says why.
            if (IsNumberStart(line[0]) || float.TryParse(keyword, NumberStyle, CultureInfo.InvariantCulture, out _))
            {
                if (lattice is null)
                {
                    if (size == 0)
                        throw Fail(source, lineNumber, "data before LUT_3D_SIZE; the size keyword must come first.");
                    ValidateDomain(source, domainLine, domainMin, domainMax);
                    expected = size * size * size;
                    lattice = new float[expected * 3];
                }
                var hash = line.IndexOf('#');
                if (hash >= 0)
                    line = line[..hash].TrimEnd();
                ParseNumbers(line, triple, source, lineNumber, "a lattice entry");
                if (entries == expected)
                    throw Fail(source, lineNumber, $"more entries than LUT_3D_SIZE {size} allows ({expected}).");
                triple.CopyTo(lattice.AsSpan(entries * 3, 3));
                entries++;
                continue;
            }

            var rest = space < 0 ? ReadOnlySpan<char>.Empty : line[(space + 1)..].Trim();
            if (lattice is not null)
                throw Fail(source, lineNumber, $"'{Shorten(keyword)}' after the lattice data began; keywords must precede the data.");

            switch (keyword)
            {
                case "TITLE":
                    if (title is not null)
                        throw Fail(source, lineNumber, "a second TITLE.");
                    title = ParseTitle(rest, source, lineNumber);
                    break;
                case "LUT_3D_SIZE":
                    if (size != 0)
                        throw Fail(source, lineNumber, $"a second LUT_3D_SIZE (the first is on line {sizeLine}).");
                    size = ParseSize(rest, source, lineNumber);
                    sizeLine = lineNumber;
                    break;
                case "DOMAIN_MIN":
                    if (domainMin is not null)
                        throw Fail(source, lineNumber, "a second DOMAIN_MIN or LUT_3D_INPUT_RANGE.");
                    domainMin = new float[3];
                    ParseNumbers(rest, domainMin, source, lineNumber, "DOMAIN_MIN");
                    domainLine = lineNumber;
                    break;
                case "DOMAIN_MAX":
                    if (domainMax is not null)
                        throw Fail(source, lineNumber, "a second DOMAIN_MAX or LUT_3D_INPUT_RANGE.");
                    domainMax = new float[3];
                    ParseNumbers(rest, domainMax, source, lineNumber, "DOMAIN_MAX");
                    domainLine = lineNumber;
                    break;
                case "LUT_3D_INPUT_RANGE":
                    // Resolve's spelling of one domain for all three channels: "min max".
                    if (domainMin is not null || domainMax is not null)
                        throw Fail(source, lineNumber, "LUT_3D_INPUT_RANGE together with DOMAIN_MIN/DOMAIN_MAX.");
                    ParseNumbers(rest, range, source, lineNumber, "LUT_3D_INPUT_RANGE");
                    domainMin = [range[0], range[0], range[0]];
                    domainMax = [range[1], range[1], range[1]];
                    domainLine = lineNumber;
                    break;
                case "LUT_1D_SIZE":
                case "LUT_1D_INPUT_RANGE":
                    throw new UnsupportedFormatException(
                        $"'{source}': line {lineNumber}: {keyword} (a 1D LUT or shaper) is not supported; convert the file to a pure 3D LUT.");
                default:
                    if (!IsKeyword(keyword))
                        throw Fail(source, lineNumber, $"'{Shorten(line)}' is neither a keyword nor three numbers.");
                    // The specification lets readers skip keywords they do not know (vendor extensions)
                    // as long as they come before the data.
                    break;
            }
        }

        if (size == 0)
            throw Fail(source, Math.Max(lineNumber, 1), "no LUT_3D_SIZE line; this is not a 3D .cube LUT.");
        if (lattice is null || entries != expected)
        {
            var expectedCount = size * size * size;
            throw Fail(source, Math.Max(lineNumber, 1), $"the file ends after {entries} lattice entries; LUT_3D_SIZE {size} needs {expectedCount}.");
        }

        var lut = new Lut3D(size) { Title = title ?? string.Empty };
        lattice.CopyTo(lut.LatticeArray, 0);
        if (domainMin is not null || domainMax is not null)
            lut.SetDomain(domainMin ?? [0f, 0f, 0f], domainMax ?? [1f, 1f, 1f]);
        return lut;
    }

    public static void Write(Lut3D lut, TextWriter writer)
    {
        writer.WriteLine("# Written by Augment.Vision");
        if (lut.Title.Length > 0)
            writer.WriteLine($"TITLE \"{lut.Title.Replace('"', '\'').ReplaceLineEndings(" ")}\"");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LUT_3D_SIZE {lut.Size}"));
        var min = lut.DomainMin;
        var max = lut.DomainMax;
        if (min[0] != 0f || min[1] != 0f || min[2] != 0f || max[0] != 1f || max[1] != 1f || max[2] != 1f)
        {
            writer.WriteLine($"DOMAIN_MIN {Format(min[0])} {Format(min[1])} {Format(min[2])}");
            writer.WriteLine($"DOMAIN_MAX {Format(max[0])} {Format(max[1])} {Format(max[2])}");
        }
        var lattice = lut.Lattice;
        for (var i = 0; i < lattice.Length; i += 3)
        {
            writer.Write(Format(lattice[i]));
            writer.Write(' ');
            writer.Write(Format(lattice[i + 1]));
            writer.Write(' ');
            writer.WriteLine(Format(lattice[i + 2]));
        }
    }

    /// <summary>
    /// The shortest text that reads back as the same float, never in exponent form (some
    /// grading tools reject <c>1E-05</c>).
    /// </summary>
    internal static string Format(float value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E', StringComparison.Ordinal))
        {
            // Decimal keeps 28 places: tiny values round to the nearest 1e-28, far below a float's use here.
            text = ((decimal)(double)value).ToString(CultureInfo.InvariantCulture);
        }
        return text;
    }

    private static void ParseNumbers(ReadOnlySpan<char> text, Span<float> values, string source, int lineNumber, string what)
    {
        var found = 0;
        while (true)
        {
            text = text.TrimStart();
            if (text.IsEmpty)
                break;
            var end = text.IndexOfAny(' ', '\t');
            var token = end < 0 ? text : text[..end];
            text = end < 0 ? ReadOnlySpan<char>.Empty : text[end..];
            if (found == values.Length)
                throw Fail(source, lineNumber, $"{what} has more than {values.Length} numbers.");
            if (!float.TryParse(token, NumberStyle, CultureInfo.InvariantCulture, out var value))
                throw Fail(source, lineNumber, $"'{Shorten(token)}' in {what} is not a number.");
            if (!float.IsFinite(value))
                throw Fail(source, lineNumber, $"{what} holds a non-finite value ('{Shorten(token)}').");
            values[found++] = value;
        }
        if (found != values.Length)
            throw Fail(source, lineNumber, $"{what} needs {values.Length} numbers, found {found}.");
    }

    private static int ParseSize(ReadOnlySpan<char> text, string source, int lineNumber)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw Fail(source, lineNumber, $"LUT_3D_SIZE '{Shorten(text)}' is not a whole number.");
        if (size is < Lut3D.MinSize or > Lut3D.MaxSize)
            throw Fail(source, lineNumber, $"LUT_3D_SIZE {size} is outside {Lut3D.MinSize}..{Lut3D.MaxSize}.");
        return size;
    }

    private static string ParseTitle(ReadOnlySpan<char> text, string source, int lineNumber)
    {
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
            return text[1..^1].ToString();
        if (text.Contains('"'))
            throw Fail(source, lineNumber, "TITLE has an unbalanced quote.");
        return text.ToString();
    }

    private static void ValidateDomain(string source, int lineNumber, float[]? min, float[]? max)
    {
        for (var c = 0; c < 3; c++)
        {
            var lo = min?[c] ?? 0f;
            var hi = max?[c] ?? 1f;
            if (!(lo < hi))
            {
                throw Fail(source, lineNumber,
                    string.Create(CultureInfo.InvariantCulture, $"domain channel {"RGB"[c]}: DOMAIN_MIN {lo} must be below DOMAIN_MAX {hi}."));
            }
        }
    }

    private static bool IsNumberStart(char c) => char.IsAsciiDigit(c) || c is '-' or '+' or '.';

    private static bool IsKeyword(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty || !char.IsAsciiLetterUpper(token[0]))
            return false;
        foreach (var c in token)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '_')
                return false;
        }
        return true;
    }

    private static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "...");

    private static InvalidMediaException Fail(string source, int lineNumber, string reason) =>
        new(source, -1, string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {reason}"));
}
