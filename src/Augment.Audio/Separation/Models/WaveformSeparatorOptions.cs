namespace Augment.Audio;

/// <summary>
/// How <see cref="WaveformSeparator"/> runs a waveform-domain separation model (Demucs-style: float
/// <c>[batch, channels, frames]</c> in, float <c>[batch, stems, channels, frames]</c> out). Defaults suit HTDemucs
/// exported at 44.1 kHz: four stems, 7.8 s chunks with a quarter of overlap, no shifts.
/// </summary>
public sealed record WaveformSeparatorOptions
{
    /// <summary>The defaults.</summary>
    public static WaveformSeparatorOptions Default { get; } = new();

    /// <summary>Stem names in the order of the model's stem axis (Demucs: drums, bass, other, vocals).</summary>
    public IReadOnlyList<string> StemNames
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0) throw new ArgumentException("At least one stem name is needed.", nameof(value));
            field = [.. value];
        }
    } = ["drums", "bass", "other", "vocals"];

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

    /// <summary>
    /// When the mix's rate differs from <see cref="ModelSampleRateHz"/>: true resamples the mix to the model's rate and
    /// every stem back (the stems keep the mix's rate and length); false refuses with an <see cref="ArgumentException"/>.
    /// </summary>
    public bool ResampleToModelRate { get; init; } = true;

    /// <summary>Frames per chunk at the model's rate; ignored when the model's time axis is fixed (that length is used).</summary>
    public int ChunkFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 16);
            field = value;
        }
    } = 343980;

    /// <summary>Overlap between neighbouring chunks in frames; at most half a chunk (larger values are reduced to that).</summary>
    public int OverlapFrames
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    } = 85995;

    /// <summary>Chunks per model run when the model's batch axis is dynamic.</summary>
    public int BatchSize
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 1;

    /// <summary>Shape of the cross-fade between chunks.</summary>
    public BlendRamp Blend { get; init; } = BlendRamp.RaisedCosine;

    /// <summary>
    /// Random-shift averaging (the "shift trick" of Défossez et al. 2019, Demucs): 0 runs once; N runs N times, each on the
    /// mix delayed by a random whole number of frames below <see cref="MaxShiftSeconds"/>, undoes the delay and averages.
    /// Costs N times the inference.
    /// </summary>
    public int Shifts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            field = value;
        }
    }

    /// <summary>Largest random shift in seconds (at the model's rate).</summary>
    public double MaxShiftSeconds
    {
        get;
        init
        {
            if (!double.IsFinite(value) || value <= 0) throw new ArgumentOutOfRangeException(nameof(value), value, "The largest shift must be a positive number of seconds.");
            field = value;
        }
    } = 0.5;

    /// <summary>Seed of the shift generator, so that a run can be repeated exactly.</summary>
    public int Seed { get; init; }

    /// <summary>The model input to feed, or null for its only input.</summary>
    public string? InputName { get; init; }

    /// <summary>The model output to read, or null for its first.</summary>
    public string? OutputName { get; init; }
}
