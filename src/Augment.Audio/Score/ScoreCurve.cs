using System.Globalization;

namespace Augment.Audio;

/// <summary>
/// A control curve over the score's length (tension, emotional arc): piecewise-linear between breakpoints at
/// positions 0 (start) to 1 (end), held flat before the first and after the last. Immutable.
/// </summary>
public sealed class ScoreCurve
{
    private readonly double[] _positions;
    private readonly double[] _values;

    private ScoreCurve(double[] positions, double[] values)
    {
        _positions = positions;
        _values = values;
    }

    /// <summary>A flat curve.</summary>
    public static ScoreCurve Constant(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "A curve value must be finite.");
        return new ScoreCurve([0.0], [value]);
    }

    /// <summary>A straight ramp from <paramref name="start"/> (at the start) to <paramref name="end"/> (at the end).</summary>
    public static ScoreCurve Ramp(double start, double end) => FromValues([start, end]);

    /// <summary>Values spread evenly over the length: one value is flat, two a ramp, three a ramp up then down, ...</summary>
    /// <exception cref="ArgumentException">No values, or a value that is not finite.</exception>
    public static ScoreCurve FromValues(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("A curve needs at least one value.", nameof(values));
        var positions = new double[values.Count];
        var v = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i])) throw new ArgumentException($"Curve value {i} is {values[i]}, not a finite number.", nameof(values));
            positions[i] = values.Count == 1 ? 0.0 : (double)i / (values.Count - 1);
            v[i] = values[i];
        }
        return new ScoreCurve(positions, v);
    }

    /// <summary>Breakpoints at explicit positions (0 = start, 1 = end), strictly increasing.</summary>
    /// <exception cref="ArgumentException">No breakpoints, a position outside [0, 1] or not increasing, or a value that is not finite.</exception>
    public static ScoreCurve FromBreakpoints(IReadOnlyList<(double Position, double Value)> breakpoints)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        if (breakpoints.Count == 0) throw new ArgumentException("A curve needs at least one breakpoint.", nameof(breakpoints));
        var positions = new double[breakpoints.Count];
        var values = new double[breakpoints.Count];
        for (var i = 0; i < breakpoints.Count; i++)
        {
            var (p, v) = breakpoints[i];
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"Breakpoint {i} is at {p}; positions run from 0 (start) to 1 (end).", nameof(breakpoints));
            if (i > 0 && p <= positions[i - 1]) throw new ArgumentException($"Breakpoint {i} at {p} does not come after breakpoint {i - 1} at {positions[i - 1]}.", nameof(breakpoints));
            if (!double.IsFinite(v)) throw new ArgumentException($"Breakpoint {i} has value {v}, not a finite number.", nameof(breakpoints));
            positions[i] = p;
            values[i] = v;
        }
        return new ScoreCurve(positions, values);
    }

    /// <summary>
    /// Parses <c>0.5</c> (flat), <c>0.2:0.8</c> (a ramp from start to end), <c>0.2:0.9:0.4</c> (evenly spaced values),
    /// or explicit <c>position@value</c> pairs such as <c>0@0.2,0.7@0.9,1@0.3</c> (positions 0 to 1). Invariant culture.
    /// </summary>
    /// <exception cref="FormatException">The text is not a curve; the message names the bad part.</exception>
    public static ScoreCurve Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length == 0) throw new FormatException("An empty string is not a curve: expected e.g. '0.5', '0.2:0.8' or '0@0.2,1@0.8'.");
        try
        {
            if (s.Contains('@'))
            {
                var parts = s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var points = new (double, double)[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    var pair = parts[i].Split('@', StringSplitOptions.TrimEntries);
                    if (pair.Length != 2) throw new FormatException($"'{parts[i]}' in curve '{text}' is not position@value.");
                    points[i] = (Number(pair[0], text), Number(pair[1], text));
                }
                return FromBreakpoints(points);
            }
            var items = s.Split(':', StringSplitOptions.TrimEntries);
            var values = new double[items.Length];
            for (var i = 0; i < items.Length; i++) values[i] = Number(items[i], text);
            return FromValues(values);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Curve '{text}': {ex.Message}", ex);
        }
    }

    private static double Number(string item, string text) =>
        double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"'{item}' in curve '{text}' is not a number.");

    /// <summary>Breakpoint positions, 0 (start) to 1 (end).</summary>
    public IReadOnlyList<double> Positions => _positions;

    /// <summary>Breakpoint values.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>Smallest breakpoint value.</summary>
    public double Minimum
    {
        get
        {
            var m = _values[0];
            foreach (var v in _values) m = Math.Min(m, v);
            return m;
        }
    }

    /// <summary>Largest breakpoint value.</summary>
    public double Maximum
    {
        get
        {
            var m = _values[0];
            foreach (var v in _values) m = Math.Max(m, v);
            return m;
        }
    }

    /// <summary>The value at <paramref name="position"/> (0 = start, 1 = end; clamped), linear between breakpoints.</summary>
    public double ValueAt(double position)
    {
        if (position <= _positions[0]) return _values[0];
        var last = _positions.Length - 1;
        if (position >= _positions[last]) return _values[last];
        var i = 1;
        while (_positions[i] < position) i++;
        var f = (position - _positions[i - 1]) / (_positions[i] - _positions[i - 1]);
        return _values[i - 1] + (f * (_values[i] - _values[i - 1]));
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new string[_values.Length];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{_positions[i]:0.###}@{_values[i]:0.###}");
        return string.Join(',', parts);
    }
}
