namespace Augment.Audio;

/// <summary>Settings of <see cref="RoomExtensions.ApplyRoom"/>.</summary>
public sealed record RoomApplyOptions
{
    /// <summary>Wet only, level-matched, with the reverb tail.</summary>
    public static RoomApplyOptions Default { get; } = new();

    /// <summary>Share of the convolved (wet) signal: output = (1 − mix)·dry + mix·wet; 0 to 1, default 1 (the IR carries its own direct sound).</summary>
    public double Mix { get; init; } = 1;

    /// <summary>Scale the wet signal so its RMS power (all channels, whole output) equals the dry input's, so the loudness does not jump; default true. When false the IR's own gain applies.</summary>
    public bool MatchLevel { get; init; } = true;

    /// <summary>Let the tail ring out after the input (output = input + IR − 1 frames); false keeps the input's length.</summary>
    public bool KeepTail { get; init; } = true;

    /// <summary>Threads and memory; the voice's budget when null.</summary>
    public ComputeBudget? Budget { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <see cref="Mix"/> is not within 0..1.</summary>
    public void Validate()
    {
        if (!(Mix >= 0 && Mix <= 1))
            throw new ArgumentOutOfRangeException(nameof(Mix), Mix, "The mix must be 0 (dry) to 1 (wet).");
    }
}
