namespace Augment.Audio;

/// <summary>How <see cref="VoiceSplicer"/> places an insert whose length differs from the range it replaces.</summary>
public enum SpliceFit
{
    /// <summary>The insert keeps its length; the rest of the take moves later or earlier by the difference.</summary>
    ShiftRest,

    /// <summary>The insert is time-stretched (phase vocoder, pitch kept) to the replaced range's length; the take keeps its length.</summary>
    StretchToRange,
}
