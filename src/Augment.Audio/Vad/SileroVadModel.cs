using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio;

/// <summary>
/// A Silero VAD network, checked against the interface the detector drives. Two interfaces are
/// accepted: v4 (<c>input[1, N]</c>, <c>sr</c> int64, <c>h[2, 1, 64]</c>, <c>c[2, 1, 64]</c> →
/// <c>output[1, 1]</c>, <c>hn</c>, <c>cn</c>; the embedded model) and v5 (<c>input[1, 64 + N]</c>,
/// <c>state[2, 1, 128]</c>, <c>sr</c> → <c>output[1, 1]</c>, <c>stateN</c>). Either way the detector
/// feeds 512 samples at 16 kHz per run and carries the recurrent state from run to run.
/// </summary>
/// <remarks>
/// One instance can serve many detectors on many threads at once: each detector keeps its own state.
/// The embedded model (SHA-256 a35ebf52…5af28, MIT, Silero Team; see THIRD-PARTY-NOTICES.md) lives in
/// this assembly as the resource <see cref="DefaultResourceName"/>.
/// </remarks>
/// <example>
/// <code>
/// using var model = SileroVadModel.Load("silero_vad_v5.onnx");
/// var segments = VoiceActivity.Detect(audio, VadOptions.Default with { Model = model });
/// </code>
/// </example>
public sealed class SileroVadModel : IDisposable
{
    /// <summary>The manifest resource name of the embedded model in <c>Augment.Audio.dll</c>.</summary>
    public const string DefaultResourceName = "Augment.Audio.Vad.silero_vad.onnx";

    /// <summary>The rate the model is fed (audio at other rates is resampled first), in hertz.</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples per run at <see cref="SampleRate"/> (32 ms).</summary>
    public const int WindowSamples = 512;

    /// <summary>Samples of the previous window that a v5 model reads before each window.</summary>
    public const int V5ContextSamples = 64;

    private static readonly Lazy<SileroVadModel> Embedded = new(() => LoadEmbedded(null, shared: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly bool _ownsModel;

    private SileroVadModel(OnnxModel model, int version, bool ownsModel)
    {
        Model = model;
        Version = version;
        _ownsModel = ownsModel;
    }

    /// <summary>The v4 interface (separate LSTM <c>h</c> and <c>c</c> states).</summary>
    public static ModelSignature V4Signature { get; } = new ModelSignature
    {
        Inputs =
        [
            new TensorSpec("input", TensorElementType.Float, [1, WindowSamples]),
            new TensorSpec("sr", TensorElementType.Int64, null),
            new TensorSpec("h", TensorElementType.Float, [2, 1, 64]),
            new TensorSpec("c", TensorElementType.Float, [2, 1, 64]),
        ],
        Outputs =
        [
            new TensorSpec("output", TensorElementType.Float, [1, 1]),
            new TensorSpec("hn", TensorElementType.Float, [2, 1, 64]),
            new TensorSpec("cn", TensorElementType.Float, [2, 1, 64]),
        ],
    };

    /// <summary>The v5 interface (one <c>state</c>, 64 samples of context before each window).</summary>
    public static ModelSignature V5Signature { get; } = new ModelSignature
    {
        Inputs =
        [
            new TensorSpec("input", TensorElementType.Float, [1, V5ContextSamples + WindowSamples]),
            new TensorSpec("state", TensorElementType.Float, [2, 1, 128]),
            new TensorSpec("sr", TensorElementType.Int64, null),
        ],
        Outputs =
        [
            new TensorSpec("output", TensorElementType.Float, [1, 1]),
            new TensorSpec("stateN", TensorElementType.Float, [2, 1, 128]),
        ],
    };

    /// <summary>The checked ONNX model.</summary>
    public OnnxModel Model { get; }

    /// <summary>4 or 5: which interface the model has.</summary>
    public int Version { get; }

    /// <summary>Whether the <c>sr</c> input is a scalar (rank 0) rather than a one-element vector.</summary>
    internal bool ScalarRate => RateInput.Rank == 0;

    internal TensorInfo RateInput
    {
        get
        {
            foreach (var input in Model.Inputs)
            {
                if (input.Name == "sr") return input;
            }
            throw new InvalidOperationException("The model has no 'sr' input.");
        }
    }

    /// <summary>
    /// The embedded model, loaded once per process and shared (disposing it does nothing). It runs on
    /// the CPU with one ONNX Runtime thread, which is the fastest setting for 32 ms windows.
    /// </summary>
    public static SileroVadModel Default => Embedded.Value;

    /// <summary>Loads a fresh copy of the embedded model with your own options (provider, threads).</summary>
    /// <param name="options">ONNX Runtime options; CPU with one thread when null.</param>
    public static SileroVadModel LoadEmbedded(OnnxModelOptions? options = null) => LoadEmbedded(options, shared: false);

    /// <summary>Loads a Silero VAD model file and checks its interface.</summary>
    /// <param name="path">An <c>.onnx</c> file with the v4 or v5 interface.</param>
    /// <param name="options">ONNX Runtime options; CPU with one thread when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not a loadable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model's inputs or outputs are not Silero VAD's.</exception>
    public static SileroVadModel Load(string path, OnnxModelOptions? options = null) =>
        FromModel(OnnxModel.Load(path, options ?? DefaultOptions), ownsModel: true);

    /// <summary>Loads a Silero VAD model from a stream (read to its end) and checks its interface.</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <param name="options">ONNX Runtime options; CPU with one thread when null.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <exception cref="InvalidModelException">The data is not a loadable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model's inputs or outputs are not Silero VAD's.</exception>
    public static SileroVadModel Load(Stream stream, OnnxModelOptions? options = null, string? sourceName = null) =>
        FromModel(OnnxModel.Load(stream, options ?? DefaultOptions, sourceName), ownsModel: true);

    /// <summary>Wraps a loaded model after checking its interface.</summary>
    /// <param name="model">A model with the v4 or v5 interface.</param>
    /// <param name="ownsModel">Whether disposing this instance disposes <paramref name="model"/> (also on a failed check).</param>
    /// <exception cref="ModelSignatureException">The model's inputs or outputs are not Silero VAD's; the message lists every difference.</exception>
    public static SileroVadModel FromModel(OnnxModel model, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        var isV5 = false;
        foreach (var input in model.Inputs)
        {
            if (input.Name == "state") isV5 = true;
        }
        var problems = (isV5 ? V5Signature : V4Signature).Compare(model.Inputs, model.Outputs);
        if (problems.Count == 0)
        {
            foreach (var input in model.Inputs)
            {
                if (input.Name == "sr" && input.Rank > 1)
                    problems = [$"input 'sr' has rank {input.Rank}, expected a scalar or one element"];
            }
        }
        if (problems.Count > 0)
        {
            if (ownsModel) model.Dispose();
            throw new ModelSignatureException(
                $"Model '{model.Source}' is not a Silero VAD model: {string.Join("; ", problems)}. Expected the v{(isV5 ? 5 : 4)} interface " +
                (isV5
                    ? "(input Float[1, 576], state Float[2, 1, 128], sr Int64 -> output Float[1, 1], stateN Float[2, 1, 128])."
                    : "(input Float[1, 512], sr Int64, h Float[2, 1, 64], c Float[2, 1, 64] -> output Float[1, 1], hn, cn); v5 models (input, state, sr) are accepted too."));
        }
        return new SileroVadModel(model, isV5 ? 5 : 4, ownsModel);
    }

    /// <summary>Releases the ONNX Runtime session when this instance owns it.</summary>
    public void Dispose()
    {
        if (_ownsModel) Model.Dispose();
    }

    private static OnnxModelOptions DefaultOptions { get; } = new()
    {
        // A 32 ms window is too small to gain from threads or a GPU (measured: 1 thread 0.21 ms, 2 threads 0.31 ms per window).
        ExecutionProvider = OnnxExecutionProvider.Cpu,
        Budget = ComputeBudget.SingleThreaded,
    };

    private static SileroVadModel LoadEmbedded(OnnxModelOptions? options, bool shared)
    {
        using var stream = typeof(SileroVadModel).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidModelException($"The embedded Silero VAD model '{DefaultResourceName}' is missing from {typeof(SileroVadModel).Assembly.GetName().Name}.");
        var model = OnnxModel.Load(stream, options ?? DefaultOptions, $"embedded {DefaultResourceName}");
        var checkedModel = FromModel(model, ownsModel: true);
        return shared ? new SileroVadModel(checkedModel.Model, checkedModel.Version, ownsModel: false) : checkedModel;
    }
}
