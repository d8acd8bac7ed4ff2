namespace Augment.Audio;

/// <summary>
/// Settings of <see cref="VoiceConverter"/>. Lengths are rounded to whole 20 ms steps (two 10 ms frames: one content
/// frame at 50 frames/s).
/// </summary>
public sealed record VoiceConversionOptions
{
    /// <summary>The defaults.</summary>
    public static VoiceConversionOptions Default { get; } = new();

    /// <summary>Pitch shift applied to the source's F0, in semitones (+12 is an octave up; RVC's <c>f0_up_key</c>).</summary>
    public double TransposeSemitones { get; init; }

    /// <summary>Speaker id fed as the generator's <c>ds</c> input (0 for single-speaker models).</summary>
    public long SpeakerId { get; init; }

    /// <summary>The target speaker's feature bank for retrieval, or null to use the content features as they are.</summary>
    public FeatureBank? Bank { get; init; }

    /// <summary>How far features move toward the retrieved ones, 0 (none) to 1 (all retrieved); RVC's <c>index_rate</c>.</summary>
    public float IndexRate { get; init; } = 0.75f;

    /// <summary>Neighbours averaged per frame in retrieval (RVC uses 8), 1 to 64.</summary>
    public int Neighbours { get; init; } = 8;

    /// <summary>Where the source's F0 comes from; null uses the SDK's pitch tracker (<see cref="PitchTrackerF0Source"/>: pYIN, 50–1100 Hz).</summary>
    public IVoiceF0Source? F0Source { get; init; }

    /// <summary>Seed of the generator's prior noise; the same seed gives the same output.</summary>
    public ulong NoiseSeed { get; init; }

    /// <summary>Sound each model run keeps (its core); memory grows with it. At least 40 ms.</summary>
    public TimeSpan ChunkLength { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Sound fed on each side of a chunk and discarded, so the models do not see the cut (RVC's models look about 0.3 s each way).</summary>
    public TimeSpan Context { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Overlap over which one chunk's output fades into the next's (raised-cosine, sums to one); at most <see cref="ChunkLength"/>.</summary>
    public TimeSpan Crossfade { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Resample the result back to the input's rate (otherwise it stays at the model's rate).</summary>
    public bool ResampleToInputRate { get; init; }

    /// <summary>Tensor names of the two models.</summary>
    public RvcTensorNames Names { get; init; } = RvcTensorNames.Default;

    /// <summary>Threads and memory; the input's budget when null.</summary>
    public ComputeBudget? Budget { get; init; }

    internal int ChunkFrames => Steps(ChunkLength);

    internal int ContextFrames => Steps(Context);

    internal int CrossfadeFrames => Steps(Crossfade);

    internal void Validate()
    {
        if (!double.IsFinite(TransposeSemitones) || Math.Abs(TransposeSemitones) > 48)
            throw new ArgumentOutOfRangeException(nameof(TransposeSemitones), TransposeSemitones, "TransposeSemitones must be between -48 and 48.");
        if (!(IndexRate >= 0 && IndexRate <= 1))
            throw new ArgumentOutOfRangeException(nameof(IndexRate), IndexRate, "IndexRate must be between 0 and 1.");
        if (Neighbours is < 1 or > 64)
            throw new ArgumentOutOfRangeException(nameof(Neighbours), Neighbours, "Neighbours must be between 1 and 64.");
        if (ChunkLength < TimeSpan.FromMilliseconds(40) || ChunkLength > TimeSpan.FromMinutes(10))
            throw new ArgumentOutOfRangeException(nameof(ChunkLength), ChunkLength, "ChunkLength must be between 40 ms and 10 minutes.");
        if (Context < TimeSpan.Zero || Context > TimeSpan.FromMinutes(1))
            throw new ArgumentOutOfRangeException(nameof(Context), Context, "Context must be between 0 and 1 minute.");
        if (Crossfade < TimeSpan.Zero || CrossfadeFrames > ChunkFrames)
            throw new ArgumentOutOfRangeException(nameof(Crossfade), Crossfade, $"Crossfade must be between 0 and ChunkLength ({ChunkLength.TotalMilliseconds} ms).");
        ArgumentNullException.ThrowIfNull(Names);
        Names.Validate();
    }

    /// <summary>Whole 10 ms frames, rounded to an even count (a 50 frames/s content frame is two of them).</summary>
    private static int Steps(TimeSpan length) => 2 * (int)Math.Round(length.TotalMilliseconds / 20, MidpointRounding.AwayFromZero);
}
