namespace Augment.Audio;

/// <summary>
/// Fundamental-frequency (f0) tracking with YIN or pYIN: one estimate and a voicing probability every
/// <see cref="PitchTrackerOptions.Hop"/>. Multichannel input is averaged to mono. Long inputs stream through
/// in blocks (<see cref="Track(IAudioSource, IProgress{AugmentProgress}?, CancellationToken)"/>) with constant
/// working memory; frames within a block run in parallel within the options' <see cref="ComputeBudget"/>.
/// The result does not depend on how the input is cut into blocks.
/// </summary>
/// <remarks>Stateless and thread-safe: one tracker may serve many calls at once.</remarks>
/// <example>
/// <code>
/// using var voice = AudioFile.Load("take3.wav");
/// var track = new PitchTracker().Track(voice);
/// Console.WriteLine($"median f0 {track.MedianFrequencyHz:0.0} Hz ({PitchMath.NoteName(track.MedianFrequencyHz)})");
/// </code>
/// </example>
public sealed class PitchTracker
{
    private const int ReadFrames = 8192;

    /// <summary>Creates a tracker.</summary>
    /// <param name="options">Method, frequency range, hop; <see cref="PitchTrackerOptions.Default"/> when null.</param>
    public PitchTracker(PitchTrackerOptions? options = null)
    {
        Options = options ?? PitchTrackerOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public PitchTrackerOptions Options { get; }

    /// <summary>Tracks the pitch of mono samples.</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="sampleRate">Their rate in hertz (at least 1000 and at least four times <see cref="PitchTrackerOptions.MaxFrequencyHz"/>).</param>
    /// <param name="cancellationToken">Cancels between blocks of frames.</param>
    /// <exception cref="ArgumentOutOfRangeException">The sample rate is too low for the frequency range.</exception>
    public PitchTrack Track(ReadOnlySpan<float> samples, int sampleRate, CancellationToken cancellationToken = default)
    {
        var analyzer = new PitchAnalyzer(Options, sampleRate, cancellationToken);
        const int chunk = 1 << 16;
        for (var offset = 0; offset < samples.Length; offset += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            analyzer.Push(samples.Slice(offset, Math.Min(chunk, samples.Length - offset)));
        }
        return analyzer.Complete();
    }

    /// <summary>Tracks the pitch of a buffer (its channels averaged).</summary>
    /// <param name="audio">The sound.</param>
    /// <param name="progress">Receives the fraction of frames analysed.</param>
    /// <param name="cancellationToken">Cancels between blocks of frames.</param>
    public PitchTrack Track(AudioBuffer audio, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.Channels == 1 && progress is null) return Track(audio.Channel(0), audio.SampleRate, cancellationToken);
        using var source = new AudioBufferSource(audio);
        return Track(source, progress, cancellationToken);
    }

    /// <summary>Tracks the pitch of a source read to its end in blocks (constant working memory; channels averaged).</summary>
    /// <param name="source">The sound; read, not disposed.</param>
    /// <param name="progress">Receives the fraction read when the source's length is known.</param>
    /// <param name="cancellationToken">Cancels between blocks.</param>
    public PitchTrack Track(IAudioSource source, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var format = source.Format;
        var analyzer = new PitchAnalyzer(Options, format.SampleRate, cancellationToken);
        var channels = format.Channels;
        var block = new float[ReadFrames * channels];
        var mono = new float[ReadFrames];
        long read = 0;
        int n;
        while ((n = source.Read(block, ReadFrames)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var plane = block.AsSpan(0, n);
            plane.CopyTo(mono);
            for (var c = 1; c < channels; c++)
            {
                var other = block.AsSpan(c * ReadFrames, n);
                for (var i = 0; i < n; i++) mono[i] += other[i];
            }
            if (channels > 1)
                for (var i = 0; i < n; i++) mono[i] /= channels;
            analyzer.Push(mono.AsSpan(0, n));
            read += n;
            if (progress is not null && source.LengthFrames is { } total && total > 0)
                progress.Report(AugmentProgress.Items("pitch", read, total));
        }
        return analyzer.Complete();
    }
}
