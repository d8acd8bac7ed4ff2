using System.Globalization;

namespace Augment.Audio;

/// <summary>A key: a tonic pitch class (C = 0 ... B = 11) and a diatonic <see cref="ScaleMode"/>.</summary>
/// <param name="RootPitchClass">Tonic, semitones above C (0 to 11).</param>
/// <param name="Mode">The mode.</param>
public readonly record struct MusicalKey(int RootPitchClass, ScaleMode Mode)
{
    private static readonly string[] Names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    // Semitone offsets of the Ionian scale; every mode is a rotation of it.
    private static readonly int[] Ionian = [0, 2, 4, 5, 7, 9, 11];

    /// <summary>A minor, the default: a neutral, cinematic key.</summary>
    public static MusicalKey AMinor { get; } = new(9, ScaleMode.Minor);

    /// <summary>The seven pitch classes of the scale (0 to 11), tonic first.</summary>
    public int[] ScalePitchClasses()
    {
        var rotation = Mode switch
        {
            ScaleMode.Major => 0,
            ScaleMode.Dorian => 1,
            ScaleMode.Phrygian => 2,
            ScaleMode.Lydian => 3,
            ScaleMode.Mixolydian => 4,
            ScaleMode.Minor => 5,
            ScaleMode.Locrian => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown mode."),
        };
        var pcs = new int[7];
        for (var i = 0; i < 7; i++)
            pcs[i] = (RootPitchClass + Ionian[(i + rotation) % 7] - Ionian[rotation] + 12) % 12;
        return pcs;
    }

    /// <summary>Offsets of the scale from the tonic, semitones (0 to 11), ascending.</summary>
    internal int[] ScaleOffsets()
    {
        var pcs = ScalePitchClasses();
        var offsets = new int[7];
        for (var i = 0; i < 7; i++) offsets[i] = (pcs[i] - RootPitchClass + 12) % 12;
        return offsets;
    }

    /// <summary>
    /// Parses <c>C</c>, <c>F#</c>, <c>Bb minor</c>, <c>Am</c>, <c>D dorian</c>, <c>e-minor</c> (case-insensitive; no mode
    /// means major, a trailing <c>m</c> means minor).
    /// </summary>
    /// <exception cref="FormatException">The text names no key; the message says what was expected.</exception>
    public static MusicalKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var key)) return key;
        throw new FormatException($"'{text}' is not a key: expected a note A-G with optional # or b, then optionally major, minor (or m), dorian, phrygian, lydian, mixolydian or locrian, e.g. 'A minor', 'F#m', 'D dorian'.");
    }

    /// <summary>Parses like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse(string? text, out MusicalKey key)
    {
        key = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var pc = char.ToUpperInvariant(s[0]) switch
        {
            'C' => 0, 'D' => 2, 'E' => 4, 'F' => 5, 'G' => 7, 'A' => 9, 'B' => 11,
            _ => -1,
        };
        if (pc < 0) return false;
        var i = 1;
        if (i < s.Length && (s[i] == '#' || s[i] == '♯')) { pc++; i++; }
        else if (i < s.Length && (s[i] == 'b' || s[i] == '♭')) { pc--; i++; }
        pc = (pc + 12) % 12;
        var rest = s[i..].Trim().TrimStart('-', '_').Trim().ToLowerInvariant();
        ScaleMode? mode = rest switch
        {
            "" or "maj" or "major" or "ionian" => ScaleMode.Major,
            "m" or "min" or "minor" or "aeolian" => ScaleMode.Minor,
            "dorian" => ScaleMode.Dorian,
            "phrygian" => ScaleMode.Phrygian,
            "lydian" => ScaleMode.Lydian,
            "mixolydian" => ScaleMode.Mixolydian,
            "locrian" => ScaleMode.Locrian,
            _ => null,
        };
        if (mode is null) return false;
        key = new MusicalKey(pc, mode.Value);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Names[((RootPitchClass % 12) + 12) % 12]} {Mode.ToString().ToLowerInvariant()}");
}
