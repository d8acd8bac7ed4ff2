using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio;

/// <summary>
/// Retrieval-based voice conversion (RVC): runs an RVC model pair exported to ONNX over sound of any length.
/// The source is mixed to mono and resampled to 16 kHz; the content encoder (ContentVec/HuBERT) turns it into
/// features at 50 frames/s; optionally each frame is blended toward its nearest neighbours in the target
/// speaker's <see cref="FeatureBank"/>; the features are repeated to 100 frames/s; the source's F0 (from
/// <see cref="VoiceConversionOptions.F0Source"/>), transposed, gives the generator's <c>pitchf</c> (hertz) and
/// <c>pitch</c> (coarse mel bins); the generator (NSF-HiFiGAN) renders the target voice at its own rate.
/// <para>
/// Signatures (<see cref="EncoderSignature"/>, <see cref="GeneratorSignature"/>): encoder float [1, 1, samples] →
/// float [1, frames, D]; generator <c>phone</c> float [1, T, D], <c>phone_lengths</c> int64 [1], <c>pitch</c> int64
/// [1, T], <c>pitchf</c> float [1, T], <c>ds</c> int64 [1], <c>rnd</c> float [1, 192, T] → <c>audio</c> float
/// [1, 1, T × hop], T dynamic. The model's rate is 100 × hop (hop 400 → 40 kHz, 480 → 48 kHz, 320 → 32 kHz).
/// </para>
/// <para>
/// Long sound runs in chunks (<see cref="VoiceConversionOptions.ChunkLength"/>) with context on both sides and a
/// raised-cosine crossfade between neighbours, so memory stays bounded; frame noise depends only on the seed and
/// the frame's position, so a frame-local model gives the same output chunked or whole.
/// </para>
/// </summary>
/// <example>
/// <code>
/// using var converter = VoiceConverter.Load("vec-768-layer-12.onnx", "singer.onnx",
///     new VoiceConversionOptions { Bank = FeatureBank.Load("singer.npy"), TransposeSemitones = 3 });
/// using var voice = AudioFile.Load("take.wav");
/// using var converted = converter.Convert(voice);
/// converted.SaveWav("take-singer.wav");
/// </code>
/// </example>
public sealed class VoiceConverter : IDisposable
{
    /// <summary>The content encoder's sample rate, in hertz.</summary>
    public const int EncoderSampleRate = 16_000;

    /// <summary>Generator frames per second (content frames are half as many).</summary>
    public const int FramesPerSecond = 100;

    private const int SamplesPerFrame = EncoderSampleRate / FramesPerSecond;
    private const int SamplesPerContentFrame = 2 * SamplesPerFrame;
    private const string Stage = "voice conversion";

    private readonly bool _ownsModels;
    private int _featureDimensions;

    /// <summary>Wraps a loaded encoder and generator (not owned: dispose them yourself) after checking their signatures.</summary>
    /// <param name="encoder">The content encoder (ContentVec/HuBERT ONNX).</param>
    /// <param name="generator">The RVC generator (ONNX export with pitch inputs).</param>
    /// <param name="options">Settings; <see cref="VoiceConversionOptions.Default"/> when null.</param>
    /// <exception cref="ModelSignatureException">A model's inputs or outputs differ from the signatures, or their feature sizes (or the bank's) disagree.</exception>
    public VoiceConverter(OnnxModel encoder, OnnxModel generator, VoiceConversionOptions? options = null)
        : this(encoder, generator, options, false)
    {
    }

    private VoiceConverter(OnnxModel encoder, OnnxModel generator, VoiceConversionOptions? options, bool ownsModels)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(generator);
        options ??= VoiceConversionOptions.Default;
        options.Validate();
        var names = options.Names;
        var problems = EncoderSignature(names).Compare(encoder.Inputs, encoder.Outputs);
        if (problems.Count > 0)
            throw new ModelSignatureException($"Model '{encoder.Source}' is not a content encoder (float [1, 1, samples] -> float [1, frames, D]): {string.Join("; ", problems)}.");
        problems = GeneratorSignature(names).Compare(generator.Inputs, generator.Outputs);
        if (problems.Count > 0)
            throw new ModelSignatureException($"Model '{generator.Source}' is not an RVC generator with pitch: {string.Join("; ", problems)}.");

        var encoderOutput = Find(encoder.Outputs, names.EncoderOutput) ?? encoder.Outputs[0];
        var phone = Find(generator.Inputs, names.Phone)!;
        var encoderD = encoderOutput.Dims[2];
        var phoneD = phone.Dims[2];
        if (encoderD.IsFixed && phoneD.IsFixed && encoderD.Size != phoneD.Size)
            throw new ModelSignatureException($"The encoder '{encoder.Source}' gives {encoderD.Size} features per frame but the generator '{generator.Source}' reads {phoneD.Size} ('{names.Phone}'); pair a {phoneD.Size}-feature encoder (vec-256-layer-9 for v1 models, vec-768-layer-12 for v2).");
        _featureDimensions = encoderD.IsFixed ? (int)encoderD.Size : phoneD.IsFixed ? (int)phoneD.Size : 0;
        if (options.Bank is { } bank && _featureDimensions > 0 && bank.Dimensions != _featureDimensions)
            throw new ModelSignatureException($"The feature bank has {bank.Dimensions} features per row but the models use {_featureDimensions}.");

        Encoder = encoder;
        Generator = generator;
        Options = options;
        _ownsModels = ownsModels;
    }

    /// <summary>The content encoder.</summary>
    public OnnxModel Encoder { get; }

    /// <summary>The generator.</summary>
    public OnnxModel Generator { get; }

    /// <summary>The settings.</summary>
    public VoiceConversionOptions Options { get; }

    /// <summary>
    /// The delay a real-time use of this chunking would add before a sound comes out converted: a whole chunk, the
    /// crossfade and the right-hand context must have arrived before the chunk can run (compute time not included).
    /// </summary>
    public TimeSpan AlgorithmicLatency =>
        TimeSpan.FromMilliseconds(10.0 * (Options.ChunkFrames + Options.CrossfadeFrames + Options.ContextFrames));

    /// <summary>Loads both models from files and wraps them (the converter owns and disposes them).</summary>
    /// <param name="encoderPath">The content encoder's <c>.onnx</c> file.</param>
    /// <param name="generatorPath">The generator's <c>.onnx</c> file.</param>
    /// <param name="options">Settings; <see cref="VoiceConversionOptions.Default"/> when null.</param>
    /// <param name="modelOptions">Execution provider and budget for both sessions.</param>
    /// <exception cref="ModelSignatureException">A model does not match its signature.</exception>
    public static VoiceConverter Load(string encoderPath, string generatorPath, VoiceConversionOptions? options = null, OnnxModelOptions? modelOptions = null)
    {
        var encoder = OnnxModel.Load(encoderPath, modelOptions);
        OnnxModel? generator = null;
        try
        {
            generator = OnnxModel.Load(generatorPath, modelOptions);
            return new VoiceConverter(encoder, generator, options, true);
        }
        catch
        {
            encoder.Dispose();
            generator?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The content encoder's signature: one float input [any, 1, dynamic] (16 kHz samples) and a float output
    /// [any, any, any] read as [1, frames, D].
    /// </summary>
    /// <param name="names">Tensor names; <see cref="RvcTensorNames.Default"/> when null.</param>
    public static ModelSignature EncoderSignature(RvcTensorNames? names = null)
    {
        names ??= RvcTensorNames.Default;
        return new ModelSignature()
            .Input(names.EncoderInput, TensorElementType.Float, DimSpec.Any, 1, DimSpec.Dynamic)
            .Output(names.EncoderOutput, TensorElementType.Float, DimSpec.Any, DimSpec.Any, DimSpec.Any);
    }

    /// <summary>
    /// The generator's signature (RVC's ONNX export): <c>phone</c> float [any, dynamic, any], <c>phone_lengths</c>
    /// int64 [any], <c>pitch</c> int64 [any, dynamic], <c>pitchf</c> float [any, dynamic], <c>ds</c> int64 [any],
    /// <c>rnd</c> float [any, 192, dynamic] → <c>audio</c> float [any, any, any].
    /// </summary>
    /// <param name="names">Tensor names; <see cref="RvcTensorNames.Default"/> when null.</param>
    public static ModelSignature GeneratorSignature(RvcTensorNames? names = null)
    {
        names ??= RvcTensorNames.Default;
        return new ModelSignature()
            .Input(names.Phone, TensorElementType.Float, DimSpec.Any, DimSpec.Dynamic, DimSpec.Any)
            .Input(names.PhoneLengths, TensorElementType.Int64, DimSpec.Any)
            .Input(names.Pitch, TensorElementType.Int64, DimSpec.Any, DimSpec.Dynamic)
            .Input(names.PitchHz, TensorElementType.Float, DimSpec.Any, DimSpec.Dynamic)
            .Input(names.Speaker, TensorElementType.Int64, DimSpec.Any)
            .Input(names.Noise, TensorElementType.Float, DimSpec.Any, PriorNoise.Channels, DimSpec.Dynamic)
            .Output(names.Audio, TensorElementType.Float, DimSpec.Any, DimSpec.Any, DimSpec.Any);
    }

    /// <summary>
    /// RVC's coarse pitch bin of a frequency: mel = 1127·ln(1 + f/700), mapped linearly so that 50 Hz is 1 and
    /// 1100 Hz is 255, clamped to 1..255 and rounded half to even; 0 Hz (unvoiced) is 1.
    /// </summary>
    /// <param name="hz">Frequency in hertz.</param>
    public static long CoarsePitchBin(double hz) => RvcPitchKernels.CoarseBin(hz);

    /// <summary>Converts a voice; the result is mono at the model's rate (or the input's, see <see cref="VoiceConversionOptions.ResampleToInputRate"/>).</summary>
    /// <param name="input">The source voice, any rate and channels (mixed to mono).</param>
    /// <param name="progress">Receives a report after each chunk (stage "voice conversion").</param>
    /// <param name="cancellationToken">Checked before every chunk and during model runs.</param>
    /// <returns>The converted voice, as long as the input; dispose it.</returns>
    /// <exception cref="ModelSignatureException">A model returned a shape the pipeline cannot use (the message names it).</exception>
    public AudioBuffer Convert(AudioBuffer input, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Frames == 0) throw new ArgumentException("The buffer has no frames.", nameof(input));
        var f0Source = ResolveF0Source();
        var budget = Options.Budget ?? input.Budget;
        var samples = MonoAt16k(input, budget, cancellationToken);
        var totalFrames = (samples.Length + SamplesPerFrame - 1) / SamplesPerFrame;
        var c = Options.ChunkFrames;
        var chunks = (totalFrames + c - 1) / c;

        float[]? output = null;
        var hop = 0;
        for (var k = 0; k < chunks; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var window = ChunkWindow.For(k, c, Options.ContextFrames, Options.CrossfadeFrames, totalFrames);
            var audio = RunChunk(samples, window, f0Source, budget, cancellationToken, out var chunkHop);
            if (hop == 0)
            {
                hop = chunkHop;
                budget.EnsureAllocation((long)totalFrames * hop * sizeof(float), "The converted voice");
                output = new float[(long)totalFrames * hop];
            }
            else if (chunkHop != hop)
            {
                throw new ModelSignatureException($"Model '{Generator.Source}' gave {chunkHop} samples per frame for chunk {k} but {hop} before; its output length must be a fixed multiple of T.");
            }
            window.Place(audio, hop, output!);
            progress?.Report(AugmentProgress.Items(Stage, k + 1, chunks));
        }

        var rate = hop * FramesPerSecond;
        var length = (int)Math.Min(output!.Length, ((long)samples.Length * hop + SamplesPerFrame - 1) / SamplesPerFrame);
        var result = AudioBuffer.Create(1, length, rate, budget);
        output.AsSpan(0, length).CopyTo(result.Data);
        if (!Options.ResampleToInputRate || rate == input.SampleRate) return result;
        using (result)
            return Resampler.Resample(result, input.SampleRate, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Runs the encoder over recordings of the target speaker and returns their content features (50 rows per second)
    /// as a bank for retrieval. Silence is kept: trim it first for a cleaner bank.
    /// </summary>
    /// <param name="speech">The target speaker, any rate and channels (mixed to mono).</param>
    /// <param name="cancellationToken">Checked before every chunk.</param>
    public FeatureBank ExtractFeatures(AudioBuffer speech, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(speech);
        if (speech.Frames == 0) throw new ArgumentException("The buffer has no frames.", nameof(speech));
        var budget = Options.Budget ?? speech.Budget;
        var samples = MonoAt16k(speech, budget, cancellationToken);
        var totalFrames = (samples.Length + SamplesPerFrame - 1) / SamplesPerFrame;
        var contentFrames = (totalFrames + 1) / 2;
        var c = Options.ChunkFrames;
        float[]? rows = null;
        var d = 0;
        for (var start = 0; start < totalFrames; start += c)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var window = ChunkWindow.For(start / c, c, Options.ContextFrames, 0, totalFrames);
            var features = Encode(samples, window, cancellationToken, out d);
            rows ??= new float[(long)contentFrames * d];
            var first = (window.Start - window.InputStart) / 2;
            var count = Math.Min((window.End - window.Start + 1) / 2, contentFrames - (window.Start / 2));
            features.AsSpan(first * d, count * d).CopyTo(rows.AsSpan(window.Start / 2 * d));
        }
        return new FeatureBank(rows!, contentFrames, d);
    }

    /// <summary>Disposes the models when the converter loaded them.</summary>
    public void Dispose()
    {
        if (!_ownsModels) return;
        Encoder.Dispose();
        Generator.Dispose();
    }

    private IVoiceF0Source ResolveF0Source() => Options.F0Source ?? new PitchTrackerF0Source();

    private static float[] MonoAt16k(AudioBuffer input, ComputeBudget budget, CancellationToken cancellationToken)
    {
        using var mono = AudioBuffer.Create(1, input.Frames, input.SampleRate, budget);
        var m = mono.Data;
        // RVC averages the channels of a stereo source.
        var scale = 1f / input.Channels;
        for (var ch = 0; ch < input.Channels; ch++)
        {
            var channel = input.Channel(ch);
            for (var i = 0; i < m.Length; i++) m[i] += channel[i] * scale;
        }
        if (input.SampleRate == EncoderSampleRate) return m.ToArray();
        using var resampled = Resampler.Resample(mono, EncoderSampleRate, cancellationToken: cancellationToken);
        return resampled.Data.ToArray();
    }

    /// <summary>Runs the encoder over the window's input frames: [ceil(frames/2), D] content features (row-major).</summary>
    private float[] Encode(float[] samples, ChunkWindow window, CancellationToken cancellationToken, out int d)
    {
        var frames = window.InputEnd - window.InputStart;
        var contentFrames = (frames + 1) / 2;
        // Zero-padded to whole content frames so that frame e of the encoder is frame InputStart/2 + e of the signal.
        var input = new float[contentFrames * SamplesPerContentFrame];
        var first = window.InputStart * SamplesPerFrame;
        var available = Math.Min(input.Length, samples.Length - first);
        samples.AsSpan(first, available).CopyTo(input);

        var inputName = Options.Names.EncoderInput ?? Encoder.Inputs[0].Name;
        var outputName = Options.Names.EncoderOutput ?? Encoder.Outputs[0].Name;
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 1, input.Length]);
        using var results = Encoder.Run(new Dictionary<string, OrtValue>(StringComparer.Ordinal) { [inputName] = value }, [outputName], cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != 1 || shape[1] < 1 || shape[2] < 1)
            throw new ModelSignatureException($"Model '{Encoder.Source}': output '{outputName}' has shape [{string.Join(", ", shape)}] for {input.Length} samples; content features need [1, frames >= 1, D].");
        d = (int)shape[2];
        if (_featureDimensions > 0 && d != _featureDimensions)
            throw new ModelSignatureException($"Model '{Encoder.Source}': output '{outputName}' has {d} features per frame but the generator or bank uses {_featureDimensions}.");
        _featureDimensions = d;
        if (Options.Bank is { } bank && bank.Dimensions != d)
            throw new ModelSignatureException($"The feature bank has {bank.Dimensions} features per row but the encoder '{Encoder.Source}' gives {d}.");
        var got = (int)Math.Min(shape[1], contentFrames);
        var data = results[0].GetTensorDataAsSpan<float>();
        var features = new float[contentFrames * d];
        data[..(got * d)].CopyTo(features);
        // HuBERT-style encoders give fewer frames than samples/320 (a 400-sample receptive field); RVC repeats the last one.
        for (var e = got; e < contentFrames; e++) features.AsSpan((got - 1) * d, d).CopyTo(features.AsSpan(e * d, d));
        return features;
    }

    /// <summary>One chunk through encoder, retrieval, pitch and generator: the generator's samples for the window's input frames.</summary>
    private float[] RunChunk(float[] samples, ChunkWindow window, IVoiceF0Source f0Source, ComputeBudget budget, CancellationToken cancellationToken, out int hop)
    {
        var features = Encode(samples, window, cancellationToken, out var d);
        if (Options.Bank is { } bank && Options.IndexRate > 0)
            FeatureRetrievalKernels.Blend(bank, features, Options.Neighbours, Options.IndexRate, budget, false, cancellationToken);

        var t = window.InputEnd - window.InputStart;
        // Nearest-neighbour upsampling to 100 frames/s (RVC: F.interpolate(scale_factor=2)).
        var phone = new float[t * d];
        for (var j = 0; j < t; j++) features.AsSpan((j / 2) * d, d).CopyTo(phone.AsSpan(j * d, d));

        var chunkSamples = new float[t * SamplesPerFrame];
        var first = window.InputStart * SamplesPerFrame;
        samples.AsSpan(first, Math.Min(chunkSamples.Length, samples.Length - first)).CopyTo(chunkSamples);
        var pitchHz = new float[t];
        f0Source.Estimate(chunkSamples, window.InputStart, pitchHz, cancellationToken);
        var pitch = new long[t];
        RvcPitchKernels.Prepare(pitchHz, Options.TransposeSemitones, pitch);
        var noise = new float[PriorNoise.Channels * t];
        PriorNoise.Fill(Options.NoiseSeed, window.InputStart, t, PriorNoise.Channels, noise);

        var names = Options.Names;
        using var phoneValue = OrtValue.CreateTensorValueFromMemory(phone, [1, t, d]);
        using var lengthValue = OrtValue.CreateTensorValueFromMemory(new long[] { t }, [1]);
        using var pitchValue = OrtValue.CreateTensorValueFromMemory(pitch, [1, t]);
        using var pitchHzValue = OrtValue.CreateTensorValueFromMemory(pitchHz, [1, t]);
        using var speakerValue = OrtValue.CreateTensorValueFromMemory(new long[] { Options.SpeakerId }, [1]);
        using var noiseValue = OrtValue.CreateTensorValueFromMemory(noise, [1, PriorNoise.Channels, t]);
        var inputs = new Dictionary<string, OrtValue>(6, StringComparer.Ordinal)
        {
            [names.Phone] = phoneValue,
            [names.PhoneLengths] = lengthValue,
            [names.Pitch] = pitchValue,
            [names.PitchHz] = pitchHzValue,
            [names.Speaker] = speakerValue,
            [names.Noise] = noiseValue,
        };
        using var results = Generator.Run(inputs, [names.Audio], cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        long length = 1;
        foreach (var s in shape) length *= s;
        if (shape.Length is < 1 or > 3 || length < t || length % t != 0 || length / t > 4800)
            throw new ModelSignatureException($"Model '{Generator.Source}': output '{names.Audio}' has shape [{string.Join(", ", shape)}] for T = {t} frames; it must hold a whole number (1 to 4800) of samples per frame, [1, 1, T x hop].");
        hop = (int)(length / t);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static TensorInfo? Find(IReadOnlyList<TensorInfo> tensors, string? name)
    {
        if (name is null) return null;
        foreach (var tensor in tensors)
        {
            if (tensor.Name == name) return tensor;
        }
        return null;
    }
}
