using System.Globalization;

namespace Augment.Vision;

/// <summary>
/// Reader and writer for the Adobe/Resolve <c>.cube</c> text format (Adobe "Cube LUT Specification" 1.0
/// and Resolve's variant as documented by Blackmagic's Peter Chamberlain, 2015): keywords first
/// (<c>TITLE</c>, <c>LUT_1D_SIZE</c>, <c>LUT_3D_SIZE</c>, <c>DOMAIN_MIN</c>, <c>DOMAIN_MAX</c>, Resolve's
/// <c>LUT_1D_INPUT_RANGE</c> and <c>LUT_3D_INPUT_RANGE</c>), then lines of three numbers: the 1D rows
/// (one RGB triple per sample) first, then the N^3 lattice rows, red fastest. A file may hold a 3D
/// LUT, a 1D LUT, or both (the 1D one is then a shaper applied before the cube). DOMAIN_MIN/MAX set
/// the cube's domain when there is a cube, else the 1D domain. Parsing is strict: every fault names
/// the source and the 1-based line.
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
        var size1D = 0;
        var size1DLine = 0;
        float[]? domainMin = null;
        float[]? domainMax = null;
        var domainLine = 0;
        var range3DLine = 0;
        float[]? range1D = null;
        var range1DLine = 0;
        float[]? curves = null;
        float[]? lattice = null;
        var dataStarted = false;
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
                if (!dataStarted)
                {
                    if (size == 0 && size1D == 0)
                        throw Fail(source, lineNumber, "data before LUT_3D_SIZE or LUT_1D_SIZE; a size keyword must come first.");
                    if (size == 0)
                    {
                        // A pure 1D file: DOMAIN_MIN/MAX (Adobe) or LUT_1D_INPUT_RANGE (Resolve) give its domain.
                        if (range3DLine > 0)
                            throw Fail(source, range3DLine, "LUT_3D_INPUT_RANGE without LUT_3D_SIZE.");
                        if (range1D is not null && (domainMin is not null || domainMax is not null))
                            throw Fail(source, range1DLine, "LUT_1D_INPUT_RANGE together with DOMAIN_MIN/DOMAIN_MAX in a 1D file.");
                        if (range1D is null && (domainMin is not null || domainMax is not null))
                        {
                            ValidateDomain(source, domainLine, domainMin, domainMax);
                            range1D = [.. domainMin ?? [0f, 0f, 0f], .. domainMax ?? [1f, 1f, 1f]];
                        }
                    }
                    else
                    {
                        ValidateDomain(source, domainLine, domainMin, domainMax);
                    }
                    curves = size1D > 0 ? new float[size1D * 3] : null;
                    lattice = size > 0 ? new float[size * size * size * 3] : null;
                    expected = size1D + (size * size * size);
                    dataStarted = true;
                }
                var hash = line.IndexOf('#');
                if (hash >= 0)
                    line = line[..hash].TrimEnd();
                ParseNumbers(line, triple, source, lineNumber, "a lattice entry");
                if (entries == expected)
                    throw Fail(source, lineNumber, $"more entries than {Sizes(size1D, size)} {(size1D > 0 && size > 0 ? "allow" : "allows")} ({expected}).");
                // Resolve's layout: the 1D shaper rows come first, then the 3D lattice.
                if (entries < size1D)
                    triple.CopyTo(curves.AsSpan(entries * 3, 3));
                else
                    triple.CopyTo(lattice.AsSpan((entries - size1D) * 3, 3));
                entries++;
                continue;
            }

            var rest = space < 0 ? ReadOnlySpan<char>.Empty : line[(space + 1)..].Trim();
            if (dataStarted)
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
                    size = ParseSize(rest, source, lineNumber, "LUT_3D_SIZE", Lut3D.MinSize, Lut3D.MaxSize);
                    sizeLine = lineNumber;
                    break;
                case "LUT_1D_SIZE":
                    if (size1D != 0)
                        throw Fail(source, lineNumber, $"a second LUT_1D_SIZE (the first is on line {size1DLine}).");
                    size1D = ParseSize(rest, source, lineNumber, "LUT_1D_SIZE", Lut1D.MinSize, Lut1D.MaxSize);
                    size1DLine = lineNumber;
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
                    range3DLine = lineNumber;
                    break;
                case "LUT_1D_INPUT_RANGE":
                    if (range1D is not null)
                        throw Fail(source, lineNumber, $"a second LUT_1D_INPUT_RANGE (the first is on line {range1DLine}).");
                    ParseNumbers(rest, range, source, lineNumber, "LUT_1D_INPUT_RANGE");
                    if (!(range[0] < range[1]))
                    {
                        throw Fail(source, lineNumber,
                            string.Create(CultureInfo.InvariantCulture, $"LUT_1D_INPUT_RANGE min {range[0]} must be below max {range[1]}."));
                    }
                    range1D = [range[0], range[0], range[0], range[1], range[1], range[1]];
                    range1DLine = lineNumber;
                    break;
                default:
                    if (!IsKeyword(keyword))
                        throw Fail(source, lineNumber, $"'{Shorten(line)}' is neither a keyword nor three numbers.");
                    // The specification lets readers skip keywords they do not know (vendor extensions)
                    // as long as they come before the data.
                    break;
            }
        }

        if (size == 0 && size1D == 0)
            throw Fail(source, Math.Max(lineNumber, 1), "no LUT_3D_SIZE or LUT_1D_SIZE line; this is not a .cube LUT.");
        if (!dataStarted || entries != expected)
        {
            var needed = size1D + (size * size * size);
            var what = size1D > 0 && size > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{Sizes(size1D, size)} need {size1D} + {size * size * size} = {needed}")
                : string.Create(CultureInfo.InvariantCulture, $"{Sizes(size1D, size)} needs {needed}");
            throw Fail(source, Math.Max(lineNumber, 1), $"the file ends after {entries} {(size == 0 ? "" : "lattice ")}entries; {what}.");
        }

        Lut1D? shaper = null;
        if (size1D > 0)
        {
            shaper = new Lut1D(size1D);
            curves!.CopyTo(shaper.ValuesArray, 0);
            if (range1D is not null)
                shaper.SetDomain(range1D.AsSpan(0, 3), range1D.AsSpan(3, 3));
        }
        if (size == 0)
        {
            var curvesOnly = Lut3D.FromCurves(shaper!);
            curvesOnly.Title = title ?? string.Empty;
            return curvesOnly;
        }

        var lut = new Lut3D(size) { Title = title ?? string.Empty, Shaper = shaper };
        lattice!.CopyTo(lut.LatticeArray, 0);
        if (domainMin is not null || domainMax is not null)
            lut.SetDomain(domainMin ?? [0f, 0f, 0f], domainMax ?? [1f, 1f, 1f]);
        return lut;
    }

    public static void Write(Lut3D lut, TextWriter writer)
    {
        var shaper = lut.Shaper;
        var curvesOnly = lut.IsCurvesOnly;
        if (shaper is not null && !curvesOnly && !shaper.HasUniformDomain)
            throw new NotSupportedException("A 1D shaper before a cube needs the same input range for R, G and B (Resolve's LUT_1D_INPUT_RANGE is one range).");

        writer.WriteLine("# Written by Augment.Vision");
        if (lut.Title.Length > 0)
            writer.WriteLine($"TITLE \"{lut.Title.Replace('"', '\'').ReplaceLineEndings(" ")}\"");
        if (shaper is not null)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LUT_1D_SIZE {shaper.Size}"));
            if (!shaper.HasUnitDomain)
            {
                if (shaper.HasUniformDomain)
                    writer.WriteLine($"LUT_1D_INPUT_RANGE {Format(shaper.DomainMin[0])} {Format(shaper.DomainMax[0])}");
                else
                    WriteDomain(writer, shaper.DomainMin, shaper.DomainMax);
            }
        }
        if (!curvesOnly)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LUT_3D_SIZE {lut.Size}"));
            if (!lut.HasUnitDomain)
            {
                // With a shaper, Resolve's own spelling; without one, the Adobe keywords as before.
                if (shaper is not null && lut.HasUniformDomain)
                    writer.WriteLine($"LUT_3D_INPUT_RANGE {Format(lut.DomainMin[0])} {Format(lut.DomainMax[0])}");
                else
                    WriteDomain(writer, lut.DomainMin, lut.DomainMax);
            }
        }
        if (shaper is not null)
            WriteTriples(writer, shaper.Values);
        if (!curvesOnly)
            WriteTriples(writer, lut.Lattice);
    }

    private static void WriteDomain(TextWriter writer, ReadOnlySpan<float> min, ReadOnlySpan<float> max)
    {
        writer.WriteLine($"DOMAIN_MIN {Format(min[0])} {Format(min[1])} {Format(min[2])}");
        writer.WriteLine($"DOMAIN_MAX {Format(max[0])} {Format(max[1])} {Format(max[2])}");
    }

    private static void WriteTriples(TextWriter writer, ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i += 3)
        {
            writer.Write(Format(values[i]));
            writer.Write(' ');
            writer.Write(Format(values[i + 1]));
            writer.Write(' ');
            writer.WriteLine(Format(values[i + 2]));
        }
    }

    private static string Sizes(int size1D, int size3D) =>
        size1D > 0 && size3D > 0
            ? string.Create(CultureInfo.InvariantCulture, $"LUT_1D_SIZE {size1D} + LUT_3D_SIZE {size3D}")
            : size1D > 0
                ? string.Create(CultureInfo.InvariantCulture, $"LUT_1D_SIZE {size1D}")
                : string.Create(CultureInfo.InvariantCulture, $"LUT_3D_SIZE {size3D}");

    /// <summary>
    /// The shortest text that reads back as the same float, never in exponent form (some grading tools
    /// reject <c>1E-05</c>): the round-trip digits with the decimal point moved by the exponent, so even
    /// 1e-38 or 3e38 read back bit for bit.
    /// </summary>
    internal static string Format(float value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
            return text;
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = text.AsSpan(0, e);
        var negative = mantissa[0] == '-';
        if (negative)
            mantissa = mantissa[1..];
        // "d.ddd" (or "d"): the digits, with the decimal point after the first one.
        var digits = mantissa.ToString().Replace(".", "", StringComparison.Ordinal);
        var point = 1 + exponent;
        var body = point <= 0
            ? string.Concat("0.", new string('0', -point), digits)
            : point >= digits.Length
                ? string.Concat(digits, new string('0', point - digits.Length))
                : string.Concat(digits.AsSpan(0, point), ".", digits.AsSpan(point));
        return negative ? "-" + body : body;
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

    private static int ParseSize(ReadOnlySpan<char> text, string source, int lineNumber, string keyword, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw Fail(source, lineNumber, $"{keyword} '{Shorten(text)}' is not a whole number.");
        if (size < min || size > max)
            throw Fail(source, lineNumber, string.Create(CultureInfo.InvariantCulture, $"{keyword} {size} is outside {min}..{max}."));
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
