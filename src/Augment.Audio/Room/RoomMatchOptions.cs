namespace Augment.Audio;

/// <summary>Settings of <see cref="RoomMatch"/>.</summary>
public sealed record RoomMatchOptions
{
    /// <summary>Estimated DRR, wet only, level-matched, with the tail, seed 1.</summary>
    public static RoomMatchOptions Default { get; } = new();

    /// <summary>Direct-to-reverberant ratio of the synthesised IR, in dB; null uses the estimate clamped to −10..+20 dB (3 dB when none was found).</summary>
    public double? DrrDb { get; init; }

    /// <summary>Seed of the synthesised tail.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How the synthesised IR is applied (mix, level matching, tail).</summary>
    public RoomApplyOptions Apply { get; init; } = RoomApplyOptions.Default;

    /// <summary>Sample format of the written WAV; float32 when null.</summary>
    public WavWriteOptions? WriteOptions { get; init; }
}
