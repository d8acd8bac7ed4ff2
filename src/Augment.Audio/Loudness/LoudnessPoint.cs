namespace Augment.Audio;

/// <summary>One point of a loudness plot: the momentary and short-term loudness of the windows ending at <see cref="Time"/>.</summary>
/// <param name="Time">End of the windows, from the start of the audio.</param>
/// <param name="MomentaryLufs">Loudness of the last 400 ms, LUFS (-∞ for digital silence).</param>
/// <param name="ShortTermLufs">Loudness of the last 3 s, LUFS; NaN during the first 3 s.</param>
public readonly record struct LoudnessPoint(TimeSpan Time, double MomentaryLufs, double ShortTermLufs);
