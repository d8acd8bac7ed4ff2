namespace Augment.Audio;

/// <summary>
/// Word-level splicing of a voice-over: replaces the range [start, end) of a take with a new recording
/// so that the seams are hard to hear. In order, the insert is
/// <list type="number">
/// <item>brought to the take's rate and channel count (a mono insert is copied to every channel);</item>
/// <item>time-stretched to the range's length when <see cref="VoiceSpliceOptions.Fit"/> asks for it;</item>
/// <item>pitch-shifted with formants kept (<see cref="PhaseVocoder"/>) so that its f0 at its ends meets
/// the take's f0 across the joins (pYIN, <see cref="PitchTracker"/>);</item>
/// <item>gained to the take's BS.1770 gated loudness around the range (<see cref="LoudnessMeter"/>);</item>
/// <item>topped up with the take's room tone: the take's noise floor (power spectrum of its pauses) minus
/// the insert's own, synthesised as shaped noise and laid under the insert;</item>
/// <item>joined with equal-power (sine/cosine) crossfades: the insert fades in over the first
/// <see cref="VoiceSpliceOptions.Crossfade"/> of the replaced range and fades out over its last.</item>
/// </list>
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class VoiceSplicer
{
    private const double MaxGainDb = 30;

    /// <summary>Creates a splicer.</summary>
    /// <param name="options">Settings; <see cref="VoiceSpliceOptions.Default"/> when null.</param>
    public VoiceSplicer(VoiceSpliceOptions? options = null)
    {
        Options = options ?? VoiceSpliceOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public VoiceSpliceOptions Options { get; }

    /// <summary>Replaces [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="take"/> with <paramref name="insert"/>.</summary>
    /// <param name="take">The voice-over.</param>
    /// <param name="start">Start of the range to replace.</param>
    /// <param name="end">End of the range (after <paramref name="start"/>, at most the take's duration).</param>
    /// <param name="insert">The new recording: any rate; mono or the take's channel count.</param>
    /// <param name="progress">Receives stage progress.</param>
    /// <param name="cancellationToken">Stops between stages.</param>
    /// <returns>The spliced take and the measurements behind it; dispose it.</returns>
    /// <exception cref="ArgumentException">The range lies outside the take or is empty; the insert's channels do not fit; the insert is empty.</exception>
    public VoiceSpliceResult Splice(AudioBuffer take, TimeSpan start, TimeSpan end, AudioBuffer insert,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(take);
        ArgumentNullException.ThrowIfNull(insert);
        var rate = take.SampleRate;
        var channels = take.Channels;
        var from = (int)Math.Round(start.TotalSeconds * rate, MidpointRounding.AwayFromZero);
        var to = (int)Math.Round(end.TotalSeconds * rate, MidpointRounding.AwayFromZero);
        if (from < 0 || to > take.Frames || to <= from)
            throw new ArgumentException($"The range {start.TotalSeconds:0.###}–{end.TotalSeconds:0.###} s must be non-empty and lie inside the take (0–{take.Duration.TotalSeconds:0.###} s).", nameof(start));
        if (insert.Frames == 0)
            throw new ArgumentException("The insert holds no samples.", nameof(insert));
        if (insert.Channels != 1 && insert.Channels != channels)
            throw new ArgumentException($"The insert has {insert.Channels} channels; it must be mono or have the take's {channels}.", nameof(insert));

        progress?.Report(new AugmentProgress("prepare insert", 0));
        var piece = Conform(insert, channels, rate, cancellationToken);
        try
        {
            var stretch = 1.0;
            if (Options.Fit == SpliceFit.StretchToRange && piece.Frames != to - from)
            {
                stretch = (double)(to - from) / piece.Frames;
                if (!(stretch >= PhaseVocoder.MinFactor && stretch <= PhaseVocoder.MaxFactor))
                    throw new ArgumentException($"Fitting the {insert.Duration.TotalSeconds:0.###} s insert to the {(to - from) / (double)rate:0.###} s range needs a stretch of {stretch:0.###}, outside {PhaseVocoder.MinFactor}–{PhaseVocoder.MaxFactor}.", nameof(insert));
                var stretched = new PhaseVocoder(Options.Vocoder).Stretch(piece, stretch, null, cancellationToken);
                piece.Dispose();
                piece = stretched;
                // The vocoder rounds to the nearest frame; the range is exact.
                piece = Resize(piece, to - from);
            }

            // Pitch across the joins.
            double before = double.NaN, after = double.NaN, insertStart = double.NaN, insertEnd = double.NaN, shift = 0;
            if (Options.MatchPitch)
            {
                progress?.Report(new AugmentProgress("match pitch", 0.2));
                var context = (int)(Options.PitchContext.TotalSeconds * rate);
                var tracker = new PitchTracker(Options.PitchTracker);
                before = MedianF0(tracker, take, Math.Max(0, from - context), from, cancellationToken);
                after = MedianF0(tracker, take, to, Math.Min(take.Frames, to + context), cancellationToken);
                insertStart = MedianF0(tracker, piece, 0, Math.Min(piece.Frames, context), cancellationToken);
                insertEnd = MedianF0(tracker, piece, Math.Max(0, piece.Frames - context), piece.Frames, cancellationToken);
                double sum = 0;
                var count = 0;
                if (double.IsFinite(before) && double.IsFinite(insertStart)) { sum += 12 * Math.Log2(before / insertStart); count++; }
                if (double.IsFinite(after) && double.IsFinite(insertEnd)) { sum += 12 * Math.Log2(after / insertEnd); count++; }
                if (count > 0)
                    shift = Math.Clamp(sum / count, -Options.MaxPitchShiftSemitones, Options.MaxPitchShiftSemitones);
                // Under 2 cents the shift is inaudible and not worth the vocoder's small smearing.
                if (Math.Abs(shift) >= 0.02)
                {
                    var shifted = new PhaseVocoder(Options.Vocoder).ShiftPitch(piece, shift, null, cancellationToken);
                    piece.Dispose();
                    piece = shifted;
                }
                else
                {
                    shift = 0;
                }
            }

            // Loudness.
            double gainDb = 0, surrounding = double.NaN;
            if (Options.MatchLoudness)
            {
                progress?.Report(new AugmentProgress("match loudness", 0.5));
                cancellationToken.ThrowIfCancellationRequested();
                var context = (int)(Options.LoudnessContext.TotalSeconds * rate);
                int leftFrom = Math.Max(0, from - context), rightTo = Math.Min(take.Frames, to + context);
                using var around = AudioBuffer.Create(channels, (from - leftFrom) + (rightTo - to), rate, take.Budget);
                for (var c = 0; c < channels; c++)
                {
                    take.Channel(c)[leftFrom..from].CopyTo(around.Channel(c));
                    take.Channel(c)[to..rightTo].CopyTo(around.Channel(c)[(from - leftFrom)..]);
                }
                surrounding = Integrated(around);
                var own = Integrated(piece);
                if (double.IsFinite(surrounding) && double.IsFinite(own))
                {
                    gainDb = Math.Clamp(surrounding - own, -MaxGainDb, MaxGainDb);
                    var g = (float)Math.Pow(10, gainDb / 20);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(piece.Data, g, piece.Data);
                }
            }

            // Room tone: top the insert's floor up to the take's, channel by channel.
            double roomDbfs = double.NaN;
            var crossfade = Math.Min((int)Math.Round(Options.Crossfade.TotalSeconds * rate), piece.Frames / 2);
            var length = piece.Frames;
            if (Options.MatchRoomTone)
            {
                progress?.Report(new AugmentProgress("room tone", 0.7));
                double meanSquare = 0;
                var tone = new float[length];
                for (var c = 0; c < channels; c++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var takeFloor = RoomTone.EstimateFloor(take.Channel(c));
                    var insertFloor = RoomTone.EstimateFloor(piece.Channel(c));
                    meanSquare += RoomTone.MeanSquare(takeFloor) / channels;
                    var missing = new double[takeFloor.Length];
                    for (var b = 0; b < missing.Length; b++)
                        missing[b] = Math.Max(0, takeFloor[b] - insertFloor[b]);
                    // The same noise, shaped per channel: a dual-mono take stays dual-mono (the room tone is
                    // coherent across channels; a decorrelated stereo room would need the take's coherence too).
                    RoomTone.Synthesize(missing, tone, new Random(Options.Seed));
                    System.Numerics.Tensors.TensorPrimitives.Add(piece.Channel(c), tone, piece.Channel(c));
                }
                roomDbfs = meanSquare > 0 ? 10 * Math.Log10(meanSquare) : double.NegativeInfinity;
            }

            // Joins: equal-power crossfades against the replaced range's first and last samples.
            progress?.Report(new AugmentProgress("join", 0.9));
            var outputFrames = (long)from + length + (take.Frames - to);
            if (outputFrames > int.MaxValue)
                throw new ArgumentException($"The spliced take would hold {outputFrames} frames, more than one buffer holds.", nameof(insert));
            var output = AudioBuffer.Create(channels, (int)outputFrames, rate, take.Budget);
            for (var c = 0; c < channels; c++)
            {
                var source = take.Channel(c);
                var destination = output.Channel(c);
                var body = piece.Channel(c);
                source[..from].CopyTo(destination);
                body.CopyTo(destination[from..]);
                source[to..].CopyTo(destination[(from + length)..]);
                for (var i = 0; i < crossfade; i++)
                {
                    var angle = 0.5 * Math.PI * (i + 0.5) / crossfade;
                    float fadeIn = (float)Math.Sin(angle), fadeOut = (float)Math.Cos(angle);
                    // Left join: the take's replaced range fades out while the insert fades in.
                    var t = from + i;
                    var replaced = t < take.Frames ? source[t] : 0f;
                    destination[from + i] = (replaced * fadeOut) + (body[i] * fadeIn);
                    // Right join: the insert fades out over its last samples while the take's range end fades in.
                    var j = length - crossfade + i;
                    var r = to - crossfade + i;
                    var incoming = r >= 0 ? source[r] : 0f;
                    destination[from + j] = (body[j] * fadeOut) + (incoming * fadeIn);
                }
            }
            progress?.Report(new AugmentProgress("join", 1));
            return new VoiceSpliceResult(output)
            {
                InsertStart = TimeSpan.FromSeconds((double)from / rate),
                InsertEnd = TimeSpan.FromSeconds((double)(from + length) / rate),
                StretchFactor = stretch,
                PitchShiftSemitones = shift,
                TakeF0BeforeHz = before,
                TakeF0AfterHz = after,
                InsertF0StartHz = insertStart,
                InsertF0EndHz = insertEnd,
                GainDb = gainDb,
                SurroundingLoudnessLufs = surrounding,
                RoomToneDbfs = roomDbfs,
            };
        }
        finally
        {
            piece.Dispose();
        }
    }

    private static AudioBuffer Conform(AudioBuffer insert, int channels, int rate, CancellationToken cancellationToken)
    {
        using var resampled = insert.SampleRate == rate ? null : Resampler.Resample(insert, rate, cancellationToken: cancellationToken);
        var source = resampled ?? insert;
        var piece = AudioBuffer.Create(channels, source.Frames, rate, insert.Budget);
        for (var c = 0; c < channels; c++)
            source.Channel(source.Channels == 1 ? 0 : c).CopyTo(piece.Channel(c));
        return piece;
    }

    private static AudioBuffer Resize(AudioBuffer buffer, int frames)
    {
        if (buffer.Frames == frames)
            return buffer;
        var resized = AudioBuffer.Create(buffer.Channels, frames, buffer.SampleRate, buffer.Budget);
        for (var c = 0; c < buffer.Channels; c++)
        {
            var n = Math.Min(frames, buffer.Frames);
            buffer.Channel(c)[..n].CopyTo(resized.Channel(c));
        }
        buffer.Dispose();
        return resized;
    }

    private static double MedianF0(PitchTracker tracker, AudioBuffer audio, int from, int to, CancellationToken cancellationToken)
    {
        if (to - from < audio.SampleRate / 20)
            return double.NaN;
        var mono = new float[to - from];
        for (var c = 0; c < audio.Channels; c++)
            System.Numerics.Tensors.TensorPrimitives.Add(mono, audio.Channel(c)[from..to], mono);
        var track = tracker.Track(mono, audio.SampleRate, cancellationToken);
        var voiced = new List<float>(track.Count);
        for (var i = 0; i < track.Count; i++)
            if (track.IsVoiced(i)) voiced.Add(track.FrequenciesHz[i]);
        if (voiced.Count == 0)
            return double.NaN;
        voiced.Sort();
        return voiced.Count % 2 == 1 ? voiced[voiced.Count / 2] : 0.5 * (voiced[(voiced.Count / 2) - 1] + voiced[voiced.Count / 2]);
    }

    private static double Integrated(AudioBuffer audio)
    {
        // Gated loudness needs at least one 400 ms block.
        if (audio.Frames < audio.SampleRate * 4 / 10)
            return double.NaN;
        var result = LoudnessMeter.Measure(audio);
        return double.IsFinite(result.IntegratedLufs) ? result.IntegratedLufs : double.NaN;
    }
}
