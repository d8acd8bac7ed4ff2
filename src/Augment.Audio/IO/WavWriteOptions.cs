namespace Augment.Audio;

/// <summary>How <see cref="WavWriter"/> stores samples and what else it writes.</summary>
public sealed record WavWriteOptions
{
    /// <summary>Float32, no dither, RF64 only when needed, default speaker layout, no extra chunks.</summary>
    public static WavWriteOptions Default { get; } = new();

    /// <summary>Sample storage. Default <see cref="WavSampleFormat.IeeeFloat32"/>, which keeps every float sample exactly.</summary>
    public WavSampleFormat SampleFormat { get; init; } = WavSampleFormat.IeeeFloat32;

    /// <summary>
    /// Add triangular (TPDF, ±1 LSB peak) dither before rounding to an integer format, which turns
    /// quantisation distortion into benign noise. Off by default; ignored for float formats.
    /// </summary>
    public bool Dither { get; init; }

    /// <summary>Seed of the dither noise, for reproducible files. Default 0.</summary>
    public int DitherSeed { get; init; }

    /// <summary>When to write RF64. Default <see cref="Rf64Mode.Auto"/>: only past 4 GiB.</summary>
    public Rf64Mode Rf64 { get; init; } = Rf64Mode.Auto;

    /// <summary>
    /// Speaker mask for the extensible header; null takes the format's mask, or when that is
    /// <see cref="Speakers.None"/> the usual layout for the channel count (mono, stereo, quad, 5.1, 7.1).
    /// </summary>
    public Speakers? ChannelMask { get; init; }

    /// <summary>Extra chunks (e.g. <see cref="WavReader.Chunks"/> of the source) written before or after the data, in order.</summary>
    public IReadOnlyList<WavChunk> Chunks { get; init; } = [];
}
