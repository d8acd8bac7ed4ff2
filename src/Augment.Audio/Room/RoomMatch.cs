namespace Augment.Audio;

/// <summary>
/// Environment matching: make a studio take sound recorded where a location recording was made. The location's
/// decay is estimated blind (<see cref="BlindRoomEstimator"/>: per-band RT60 and a rough DRR), a matching IR is
/// synthesised (<see cref="RoomSynthesizer"/>: mono for a mono take, decorrelated stereo otherwise) and applied
/// (<see cref="RoomExtensions.ApplyRoom"/>, level-matched by default).
/// </summary>
/// <example>
/// <code>
/// var room = RoomMatch.ApplyToFile("location.wav", "studio.wav", "studio-on-location.wav");
/// Console.WriteLine($"RT60 {room.Broadband.Rt60Seconds:0.00} s, DRR {room.DrrDb:0.0} dB");
/// </code>
/// </example>
public static class RoomMatch
{
    /// <summary>The IR that <see cref="Apply"/> uses for an estimate.</summary>
    /// <param name="room">The estimate (NaN bands are filled from broadband).</param>
    /// <param name="sampleRate">Rate of the IR, in hertz.</param>
    /// <param name="channels">1 or 2.</param>
    /// <param name="options">DRR override and seed; <see cref="RoomMatchOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between bands.</param>
    public static AudioBuffer ImpulseResponseFor(BlindRoomEstimate room, int sampleRate, int channels, RoomMatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        options ??= RoomMatchOptions.Default;
        var rt60 = room.FilledRt60Seconds();
        for (var b = 0; b < rt60.Length; b++) rt60[b] = Math.Clamp(rt60[b], 0.05, 30);
        var drr = options.DrrDb ?? (double.IsFinite(room.DrrDb) ? Math.Clamp(room.DrrDb, -10, 20) : 3);
        return RoomSynthesizer.Synthesize(new RoomSynthesisOptions
        {
            Rt60Seconds = rt60,
            DrrDb = drr,
            SampleRate = sampleRate,
            Channels = Math.Clamp(channels, 1, 2),
            Seed = options.Seed,
        }, cancellationToken);
    }

    /// <summary>Puts a studio take into an estimated room.</summary>
    /// <param name="studio">The dry take.</param>
    /// <param name="room">The location's estimate (<see cref="BlindRoomEstimator.Estimate"/>).</param>
    /// <param name="options">DRR override, seed, mix; <see cref="RoomMatchOptions.Default"/> when null.</param>
    /// <param name="cancellationToken">Checked between bands and blocks.</param>
    /// <returns>A new buffer (dispose it).</returns>
    public static AudioBuffer Apply(AudioBuffer studio, BlindRoomEstimate room, RoomMatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(studio);
        options ??= RoomMatchOptions.Default;
        using var ir = ImpulseResponseFor(room, studio.SampleRate, studio.Channels == 1 ? 1 : 2, options, cancellationToken);
        using var fitted = studio.Channels is 1 or 2 ? null : Mono(ir);
        return studio.ApplyRoom(fitted ?? ir, options.Apply, cancellationToken);
    }

    /// <summary>Reads both files, estimates the location's room, applies it to the studio take and writes a WAV atomically (nothing is written when cancelled or failed).</summary>
    /// <param name="referencePath">The location recording (speech with pauses, a few seconds at least).</param>
    /// <param name="studioPath">The studio take.</param>
    /// <param name="outputPath">The WAV to write (replaced atomically).</param>
    /// <param name="options">DRR override, seed, mix, sample format; <see cref="RoomMatchOptions.Default"/> when null.</param>
    /// <param name="progress">Stages: estimate room (per band), apply, write.</param>
    /// <param name="cancellationToken">Checked throughout.</param>
    /// <returns>The estimate of the location's room.</returns>
    /// <exception cref="InvalidMediaException">A file is damaged, or the reference is silent.</exception>
    public static BlindRoomEstimate ApplyToFile(string referencePath, string studioPath, string outputPath, RoomMatchOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(referencePath);
        ArgumentException.ThrowIfNullOrEmpty(studioPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= RoomMatchOptions.Default;
        BlindRoomEstimate room;
        using (var reference = AudioFile.Load(referencePath, cancellationToken: cancellationToken))
            room = BlindRoomEstimator.Estimate(reference, progress, cancellationToken);
        using var studio = AudioFile.Load(studioPath, cancellationToken: cancellationToken);
        progress?.Report(new AugmentProgress("apply room", 0));
        using var output = Apply(studio, room, options, cancellationToken);
        progress?.Report(new AugmentProgress("apply room", 1));
        cancellationToken.ThrowIfCancellationRequested();
        AudioFile.SaveWav(output, outputPath, options.WriteOptions);
        progress?.Report(new AugmentProgress("write", 1));
        return room;
    }

    private static AudioBuffer Mono(AudioBuffer ir)
    {
        var mono = AudioBuffer.Create(1, ir.Frames, ir.SampleRate, ir.Budget);
        ir.Channel(0).CopyTo(mono.Channel(0));
        return mono;
    }
}
