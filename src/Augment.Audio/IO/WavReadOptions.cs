namespace Augment.Audio;

/// <summary>How <see cref="WavReader"/> treats damaged or unusual files.</summary>
public sealed record WavReadOptions
{
    /// <summary>The lenient defaults: recover what is there and report it.</summary>
    public static WavReadOptions Default { get; } = new();

    /// <summary>
    /// Throw <see cref="InvalidMediaException"/> when the data chunk declares more bytes than the file holds
    /// (or ends in a partial frame) instead of reading what is there and setting <see cref="WavReader.IsTruncated"/>.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>What to do with NaN and infinite samples in float files.</summary>
    public NonFiniteSampleHandling NonFiniteSamples { get; init; } = NonFiniteSampleHandling.ReplaceWithZero;

    /// <summary>Largest non-audio chunk kept in memory (bytes); bigger ones are skipped with a warning. Default 16 MiB.</summary>
    public int MaxKeptChunkBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 16 << 20;

    /// <summary>Memory budget for kept chunks and for reading a whole file; <see cref="ComputeBudget.Default"/> when null.</summary>
    public ComputeBudget? Budget { get; init; }
}
