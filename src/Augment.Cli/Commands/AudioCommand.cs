using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment audio</c>: sound verbs from Augment.Audio (loudness, normalisation, reverb, noise reduction, room measurement and matching, voice activity, stems, voice tools, pitch, beats, score).</summary>
internal static class AudioCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("audio", "Audio: loudness (EBU R128 / ITU-R BS.1770-4) and normalisation, convolution reverb, noise reduction, room measurement and matching, voice activity, stem separation, voice tools (stretch, shift, splice, conversion), pitch tracking, rhythm (onsets, tempo, beats, beat grids on cuts), procedural score.")
        {
            LoudnessCommand.Create(context),
            NormalizeCommand.Create(context),
            ReverbCommand.Create(context),
            DenoiseCommand.Create(context),
            SweepCommand.Create(context),
            MeasureRoomCommand.Create(context),
            AnalyzeRoomCommand.Create(context),
            MatchRoomCommand.Create(context),
            VadCommand.Create(context),
            VoiceCommand.Create(context),
            ScoreCommand.Create(context),
            BeatsCommand.Create(context),
            PitchCommand.Create(context),
            StemsCommand.Create(context),
        };
    }
}
