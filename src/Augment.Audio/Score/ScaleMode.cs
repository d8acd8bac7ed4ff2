namespace Augment.Audio;

/// <summary>The diatonic mode a <see cref="MusicalKey"/> uses (the seven church modes; major = Ionian, minor = Aeolian).</summary>
public enum ScaleMode
{
    /// <summary>Ionian: W W H W W W H.</summary>
    Major,
    /// <summary>Natural minor (Aeolian): W H W W H W W.</summary>
    Minor,
    /// <summary>Dorian: minor with a raised sixth.</summary>
    Dorian,
    /// <summary>Phrygian: minor with a lowered second.</summary>
    Phrygian,
    /// <summary>Lydian: major with a raised fourth.</summary>
    Lydian,
    /// <summary>Mixolydian: major with a lowered seventh.</summary>
    Mixolydian,
    /// <summary>Locrian: diminished tonic; the score avoids its diminished chords.</summary>
    Locrian,
}
