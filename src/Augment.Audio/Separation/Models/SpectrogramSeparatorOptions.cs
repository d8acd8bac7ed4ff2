namespace Augment.Audio;

/// <summary>
/// How <see cref="SpectrogramSeparator"/> runs a spectrogram-mask separation model (Open-Unmix/MDX-style: magnitude STFT
/// float <c>[batch, channels, bins, frames]</c> in, float <c>[batch, stems, channels, bins, frames]</c> out) and refines
/// its estimates. Defaults follow Open-Unmix (umxhq): 44.1 kHz, 4096-point Hann frames every 1024 samples, magnitudes out,
/// one Wiener EM iteration, soft masks.
/// </summary>
public sealed record SpectrogramSeparatorOptions
{
    /// <summary>The defaults.</summary>
    public static SpectrogramSeparatorOptions Default { get; } = new();

    /// <summary>Stem names in the order of the model's stem axis (Open-Unmix: vocals, drums, bass, other).</summary>
    public IReadOnlyList<string> StemNames
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0) throw new ArgumentException("At least one stem name is needed.", nameof(value));
            field = [.. value];
        }
    } = ["vocals", "drums", "bass", "other"];

    /// <summary>The rate the model was trained at, in Hz; a mix at another rate is resampled (see <see cref="ResampleToModelRate"/>).</summary>
    public int ModelSampleRateHz
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1000);
            field = value;
        }
    } = 44100;

    /// <summary>True resamples a mix at another rate to the model's and the stems back; false refuses it with an <see cref="ArgumentException"/>.</summary>
    public bool ResampleToModelRate { get; init; } = true;

    /// <summary>STFT frame length in samples (periodic Hann window, centred frames); bins = FftLength/2 + 1.</summary>
    public int FftLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            field = value;
        }
    } = 4096;

    /// <summary>STFT hop in samples; FftLength/4 reconstructs perfectly with the Hann window.</summary>
    public int HopLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 1024;

    /// <summary>STFT frames per model run (and per Wiener refinement window); ignored when the model's frame axis is fixed.</summary>
    public int ChunkFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4);
            field = value;
        }
    } = 256;

    /// <summary>Overlap between neighbouring chunks in STFT frames; at most half a chunk.</summary>
    public int OverlapFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 32;

    /// <summary>Shape of the cross-fade between chunks (applied to the complex stem spectrograms).</summary>
    public BlendRamp Blend { get; init; } = BlendRamp.RaisedCosine;

    /// <summary>Whether the model outputs masks (times the mix magnitude) or magnitudes.</summary>
    public SpectrogramModelOutput Output { get; init; } = SpectrogramModelOutput.Magnitude;

    /// <summary>
    /// Expectation-maximisation iterations of the multichannel Wiener filter (norbert; Nugraha, Liutkus and Vincent 2016):
    /// 0 applies the first estimates with the mix phase; each iteration re-estimates every stem's spatial covariance
    /// and power and filters the mix again. Iterations need a mono or stereo mix.
    /// </summary>
    public int WienerIterations
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            field = value;
        }
    } = 1;

    /// <summary>
    /// True (norbert's soft mask) divides each stem's estimate by the sum over stems before applying it to the mix, so
    /// the stems add up to the mix; false applies each estimated magnitude with the mix phase as it is.
    /// </summary>
    public bool NormalizeMasks { get; init; } = true;

    /// <summary>The model input to feed, or null for its only input.</summary>
    public string? InputName { get; init; }

    /// <summary>The model output to read, or null for its first.</summary>
    public string? OutputName { get; init; }

    /// <summary>Bins per frame: FftLength/2 + 1.</summary>
    public int BinCount => (FftLength / 2) + 1;
}
