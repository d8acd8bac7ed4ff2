namespace Augment.Audio;

/// <summary>
/// Time-domain pitch-synchronous overlap-add (TD-PSOLA, Moulines &amp; Charpentier 1990, Speech Communication 9):
/// time-stretch and pitch-shift of speech that keep the formants. Pitch marks come from <see cref="PitchTracker"/>
/// (one per period, at the waveform peak); Hann-windowed two-period grains are cut around them and overlap-added at
/// the new spacing (the period divided by the pitch ratio), the grain for each output mark being the one whose
/// analysis mark is nearest the output time divided by the stretch. Unvoiced parts reuse grains at a fixed hop.
/// </summary>
/// <remarks>
/// Meant for speech and solo voice (one pitch at a time). Stretching unvoiced sounds by repeating grains can
/// sound buzzy beyond about 1.5×; shifts beyond about ±7 semitones sound increasingly unnatural, as with any PSOLA.
/// Channels share the marks of their average, so stereo images stay aligned.
/// </remarks>
/// <example>
/// <code>
/// using var voice = AudioFile.Load("line.wav");
/// using var higher = Psola.PitchShift(voice, semitones: 3);
/// using var slower = Psola.TimeStretch(voice, factor: 1.25);
/// </code>
/// </example>
public static class Psola
{
    /// <summary>Shifts the pitch by <paramref name="semitones"/>, keeping duration and formants.</summary>
    public static AudioBuffer PitchShift(AudioBuffer audio, double semitones, CancellationToken cancellationToken = default) =>
        Process(audio, PsolaOptions.Default with { PitchShiftSemitones = semitones }, null, cancellationToken);

    /// <summary>Makes the sound <paramref name="factor"/> times as long, keeping pitch and formants.</summary>
    public static AudioBuffer TimeStretch(AudioBuffer audio, double factor, CancellationToken cancellationToken = default) =>
        Process(audio, PsolaOptions.Default with { TimeStretch = factor }, null, cancellationToken);

    /// <summary>Time-stretches and pitch-shifts <paramref name="audio"/> as <paramref name="options"/> say.</summary>
    /// <param name="audio">The voice; any channel count (marks come from the channel average).</param>
    /// <param name="options">Stretch factor and shift in semitones.</param>
    /// <param name="track">A pitch track of <paramref name="audio"/> already computed (same sample rate); tracked here when null.</param>
    /// <param name="cancellationToken">Cancels the tracking and the overlap-add.</param>
    /// <returns>A new buffer of round(frames × stretch) frames at the input's rate; the caller disposes it.</returns>
    /// <exception cref="ArgumentException">The track's sample rate differs from the audio's.</exception>
    public static AudioBuffer Process(AudioBuffer audio, PsolaOptions options, PitchTrack? track = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sampleRate = audio.SampleRate;
        if (track is not null && track.SampleRate != sampleRate)
            throw new ArgumentException($"The pitch track is at {track.SampleRate} Hz; the audio is at {sampleRate} Hz.", nameof(track));
        var frames = audio.Frames;
        var outputFrames = (int)Math.Round(frames * options.TimeStretch);
        var budget = options.Budget ?? ComputeBudget.Default;
        budget.EnsureAllocation((long)outputFrames * audio.Channels * sizeof(float), "The PSOLA output");

        var mono = new float[frames];
        for (var c = 0; c < audio.Channels; c++)
        {
            var plane = audio.Channel(c);
            for (var i = 0; i < frames; i++) mono[i] += plane[i];
        }
        if (audio.Channels > 1)
            for (var i = 0; i < frames; i++) mono[i] /= audio.Channels;

        var trackerOptions = options.Tracker ?? PitchTrackerOptions.Default;
        if (trackerOptions.MaxFrequencyHz > sampleRate / 4.0) trackerOptions = trackerOptions with { MaxFrequencyHz = sampleRate / 4.0 };
        track ??= new PitchTracker(trackerOptions).Track(mono, sampleRate, cancellationToken);
        var unvoicedHop = Math.Max(1, (int)Math.Round(options.UnvoicedHop.TotalSeconds * sampleRate));
        var marks = PitchMarks.Find(mono, track, unvoicedHop);

        var output = AudioBuffer.Create(audio.Channels, outputFrames, sampleRate, audio.Budget);
        output.Data.Clear();
        if (marks.Count == 0 || outputFrames == 0) return output;
        var ratio = PitchMath.SemitonesToRatio(options.PitchShiftSemitones);
        double at = 0;
        var grains = 0;
        while (at < outputFrames)
        {
            if ((++grains & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var k = marks.Nearest(at / options.TimeStretch);
            var period = marks.Periods[k];
            for (var c = 0; c < audio.Channels; c++)
                PsolaKernels.AddGrain(audio.Channel(c), output.Channel(c), marks.Positions[k], period, at);
            at += marks.Voiced[k] ? period / ratio : period;
        }
        return output;
    }
}
