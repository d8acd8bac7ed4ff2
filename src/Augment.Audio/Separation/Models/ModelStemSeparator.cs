namespace Augment.Audio;

/// <summary>
/// A separation model run through <see cref="OnnxModel"/>: the base of <see cref="WaveformSeparator"/> (Demucs-style,
/// waveform in, stems out) and <see cref="SpectrogramSeparator"/> (Open-Unmix/MDX-style, magnitudes in, masks out).
/// <see cref="Load"/> opens a model file and picks the runner from its input's rank.
/// </summary>
/// <example>
/// <code>
/// using var separator = ModelStemSeparator.Load("htdemucs.onnx");          // or umx.onnx
/// using var mix = AudioFile.Load("song.wav");
/// using var stems = separator.Separate(mix, progress, ct);
/// stems.SaveWav("stems");                                                   // drums.wav, bass.wav, other.wav, vocals.wav
/// </code>
/// </example>
public abstract class ModelStemSeparator : IStemSeparator, IDisposable
{
    private readonly bool _ownsModel;

    private protected ModelStemSeparator(OnnxModel model, bool ownsModel)
    {
        Model = model;
        _ownsModel = ownsModel;
    }

    /// <summary>The model.</summary>
    public OnnxModel Model { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<string> StemNames { get; }

    /// <inheritdoc />
    public abstract StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a separation model and wraps it in the runner its signature calls for: a float rank-3 input
    /// <c>[batch, channels, frames]</c> gives a <see cref="WaveformSeparator"/>, a float rank-4 input
    /// <c>[batch, channels, bins, frames]</c> a <see cref="SpectrogramSeparator"/> (whose STFT length is taken from a fixed
    /// bin axis). Other settings are the runners' defaults; construct a runner directly to change them. The separator owns
    /// the model.
    /// </summary>
    /// <param name="path">An <c>.onnx</c> file.</param>
    /// <param name="stemNames">Stem names in the model's order; the runner's default (drums, bass, other, vocals for waveform models; vocals, drums, bass, other for spectrogram models) when null.</param>
    /// <param name="modelSampleRateHz">The model's rate; 44 100 Hz when null.</param>
    /// <param name="modelOptions">Execution provider and budget for the session; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not a usable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model fits neither runner's signature (the message says why).</exception>
    public static ModelStemSeparator Load(string path, IReadOnlyList<string>? stemNames = null, int? modelSampleRateHz = null, OnnxModelOptions? modelOptions = null)
    {
        var model = OnnxModel.Load(path, modelOptions);
        try
        {
            if (model.Inputs.Count != 1)
                throw new ModelSignatureException($"Model '{model.Source}' has {model.Inputs.Count} inputs; a separation model takes one (construct WaveformSeparator or SpectrogramSeparator with InputName to choose).");
            var input = model.Inputs[0];
            switch (input.Rank)
            {
                case 3:
                {
                    var options = WaveformSeparatorOptions.Default;
                    if (stemNames is not null) options = options with { StemNames = stemNames };
                    if (modelSampleRateHz is { } rate) options = options with { ModelSampleRateHz = rate };
                    return new WaveformSeparator(model, options, ownsModel: true);
                }
                case 4:
                {
                    var options = SpectrogramSeparatorOptions.Default;
                    if (stemNames is not null) options = options with { StemNames = stemNames };
                    if (modelSampleRateHz is { } rate) options = options with { ModelSampleRateHz = rate };
                    if (input.Dims[2].IsFixed && input.Dims[2].Size is > 2 and < int.MaxValue)
                        options = options with { FftLength = (int)(input.Dims[2].Size - 1) * 2, HopLength = (int)(input.Dims[2].Size - 1) / 2 };
                    return new SpectrogramSeparator(model, options, ownsModel: true);
                }
                default:
                    throw new ModelSignatureException($"Model '{model.Source}': input '{input.Name}' has rank {input.Rank}; a waveform separation model takes [batch, channels, frames] (rank 3), a spectrogram one [batch, channels, bins, frames] (rank 4).");
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the model when the separator loaded it.</summary>
    public void Dispose()
    {
        if (_ownsModel) Model.Dispose();
        GC.SuppressFinalize(this);
    }
}
