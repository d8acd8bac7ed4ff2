using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment;

/// <summary>
/// An ONNX model ready to run: loaded from a file, stream or bytes (checked first, so a truncated or
/// unrelated file gives an <see cref="InvalidModelException"/> instead of a native failure), its
/// declared <see cref="Inputs"/> and <see cref="Outputs"/>, a signature check
/// (<see cref="Expect"/>), the execution provider chosen from the <see cref="ComputeDevice"/> with a
/// CPU fallback, and inference over images and sound of any size: <see cref="RunTiled"/> cuts an
/// image into overlapping tiles and blends them without seams, <see cref="RunChunked"/> does the
/// same along time. <see cref="Run(IReadOnlyDictionary{string, OrtValue}, IReadOnlyCollection{string}?, CancellationToken)"/>
/// drives the session directly. Runs may be called from several threads at once.
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("upscale-x2.onnx").Expect(ModelSignature.ImageToImage(3));
/// using var large = model.RunTiled(frame, new TileOptions { TileSizePixels = 128, OverlapPixels = 16 }, progress, ct);
/// </code>
/// </example>
public sealed class OnnxModel : IDisposable
{
    private const string MemorySource = "in-memory model";

    private readonly InferenceSession _session;
    private int _disposed;

    private OnnxModel(InferenceSession session, string source, string provider, string? fallbackReason, OnnxModelOptions options)
    {
        _session = session;
        Source = source;
        ExecutionProvider = provider;
        ProviderFallbackReason = fallbackReason;
        Options = options;
        try
        {
            Inputs = Describe(session.InputNames, session.InputMetadata);
            Outputs = Describe(session.OutputNames, session.OutputMetadata);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ArgumentException)
        {
            // A graph that ONNX Runtime accepts can still declare values we cannot describe (found by fuzzing).
            session.Dispose();
            throw new InvalidModelException(InvalidMediaException.Describe(source, -1, $"its inputs and outputs cannot be read: {e.Message}"), e);
        }
    }

    /// <summary>The file path, or a description for models loaded from a stream or bytes.</summary>
    public string Source { get; }

    /// <summary>The model's inputs in declaration order.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model's outputs in declaration order.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>The ONNX Runtime provider running the model, such as <c>CPUExecutionProvider</c> or <c>CUDAExecutionProvider</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Why a preferred provider was not used (so the model runs on the CPU), or null.</summary>
    public string? ProviderFallbackReason { get; }

    /// <summary>The options the model was loaded with.</summary>
    public OnnxModelOptions Options { get; }

    /// <summary>Loads a model file.</summary>
    /// <param name="path">An <c>.onnx</c> file. External weight files are looked up beside it.</param>
    /// <param name="options">Provider, budget and signature; <see cref="OnnxModelOptions.Default"/> when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is empty, truncated, not ONNX, or rejected by ONNX Runtime.</exception>
    /// <exception cref="ModelSignatureException">The options' signature does not match.</exception>
    public static OnnxModel Load(string path, OnnxModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw OnnxModelScanner.Invalid(path, -1, $"{ComputeBudget.FormatBytes(length)} is larger than a protobuf file can be (models over 2 GiB keep weights in external files)");
        OnnxModelScanner.ValidateFile(path, length);
        // The session reads the path itself so that external weight files resolve beside it.
        return Create(so => new InferenceSession(path, so), path, options);
    }

    /// <summary>Loads a model from a stream (read to its end).</summary>
    /// <param name="stream">The model's bytes.</param>
    /// <param name="options">Provider, budget and signature; <see cref="OnnxModelOptions.Default"/> when null.</param>
    /// <param name="sourceName">A name for messages, such as the resource it came from.</param>
    /// <exception cref="InvalidModelException">The data is empty, truncated, not ONNX, or rejected by ONNX Runtime.</exception>
    public static OnnxModel Load(Stream stream, OnnxModelOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Load(copy.ToArray(), options, sourceName ?? "model stream");
    }

    /// <summary>Loads a model from its bytes (for example <see cref="OnnxGraphBuilder.ToBytes"/>).</summary>
    /// <param name="model">The model's protobuf bytes.</param>
    /// <param name="options">Provider, budget and signature; <see cref="OnnxModelOptions.Default"/> when null.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <exception cref="InvalidModelException">The data is empty, truncated, not ONNX, or rejected by ONNX Runtime.</exception>
    public static OnnxModel Load(byte[] model, OnnxModelOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var source = sourceName ?? MemorySource;
        OnnxModelScanner.Validate(model, source);
        return Create(so => new InferenceSession(model, so), source, options);
    }

    /// <summary>
    /// Checks the model against <paramref name="signature"/> and returns it for chaining. A model that
    /// does not match is disposed before the exception is thrown, so that
    /// <c>using var m = OnnxModel.Load(path).Expect(signature);</c> never leaks a session.
    /// </summary>
    /// <exception cref="ModelSignatureException">Something differs; the message lists every difference.</exception>
    public OnnxModel Expect(ModelSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var problems = signature.Compare(Inputs, Outputs);
        if (problems.Count > 0)
        {
            Dispose();
            throw new ModelSignatureException($"Model '{Source}' does not match the expected signature: {string.Join("; ", problems)}.");
        }
        return this;
    }

    /// <summary>Runs the model on named inputs and returns outputs (dispose the collection when done).</summary>
    /// <param name="inputs">A value for every model input, by name; a batch is a larger first dimension.</param>
    /// <param name="outputNames">Outputs to compute, in the order returned; all outputs when null.</param>
    /// <param name="cancellationToken">Stops the run (ONNX Runtime checks it between operators).</param>
    /// <exception cref="AugmentException">ONNX Runtime rejected the inputs or failed; the message names the model.</exception>
    public IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyCollection<string>? outputNames = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (names, values) = Split(inputs);
        return RunCore(names, values, outputNames is null ? OutputNames() : [.. outputNames], cancellationToken);
    }

    /// <summary>Runs the model into output values the caller allocated (for example over pooled memory).</summary>
    /// <param name="inputs">A value for every model input, by name.</param>
    /// <param name="outputs">Destination values by output name, shaped as the model will produce.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public void Run(IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyDictionary<string, OrtValue> outputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var (inNames, inValues) = Split(inputs);
        var (outNames, outValues) = Split(outputs);
        RunCore(inNames, inValues, outNames, outValues, cancellationToken);
    }

    /// <summary>
    /// Runs an image model on a whole frame at once, as [1, C, H, W]; the model must accept the
    /// frame's size. Use <see cref="RunTiled"/> for frames larger than the model's window or the memory.
    /// </summary>
    /// <param name="input">The frame (not modified).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A new frame shaped as the model's output; its colour space is the input's.</returns>
    public ImageFrame Run(ImageFrame input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        var inInfo = ResolveInput(null, "Run(ImageFrame)");
        var outInfo = ResolveOutput(null);
        RequireFloat(inInfo, 4, "input", "Run(ImageFrame) feeds float NCHW images");
        CheckShape(inInfo, [1, input.Channels, input.Height, input.Width], "the frame");
        using var value = input.ToOrtValue();
        using var results = RunCore([inInfo.Name], [value], [outInfo.Name], cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] is < 1 or > ImageFrame.MaxChannels || shape[2] < 1 || shape[3] < 1 || shape[2] > int.MaxValue || shape[3] > int.MaxValue)
            throw new ModelSignatureException($"Model '{Source}': output '{outInfo.Name}' has shape [{string.Join(", ", shape)}]; an image needs [1, 1..{ImageFrame.MaxChannels}, height, width].");
        var channels = (int)shape[1];
        var output = ImageFrame.Create((int)shape[3], (int)shape[2], channels, input.ColorSpace, channels == input.Channels && input.HasAlpha, input.Budget);
        results[0].GetTensorDataAsSpan<float>().CopyTo(output.Data);
        return output;
    }

    /// <summary>
    /// Runs a sound model on a whole buffer at once, as [1, C, N]; the model must accept its length.
    /// Use <see cref="RunChunked"/> for long sound.
    /// </summary>
    /// <param name="input">The sound (not modified).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A new buffer shaped as the model's output; its rate scales with the output length.</returns>
    public AudioBuffer Run(AudioBuffer input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        if (input.Frames == 0) throw new ArgumentException("The buffer has no frames.", nameof(input));
        var inInfo = ResolveInput(null, "Run(AudioBuffer)");
        var outInfo = ResolveOutput(null);
        RequireFloat(inInfo, 3, "input", "Run(AudioBuffer) feeds float [batch, channels, frames] sound");
        CheckShape(inInfo, [1, input.Channels, input.Frames], "the buffer");
        using var value = input.ToOrtValue();
        using var results = RunCore([inInfo.Name], [value], [outInfo.Name], cancellationToken);
        var shape = results[0].GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != 1 || shape[1] is < 1 or > AudioBuffer.MaxChannels || shape[2] < 1 || shape[2] > int.MaxValue)
            throw new ModelSignatureException($"Model '{Source}': output '{outInfo.Name}' has shape [{string.Join(", ", shape)}]; sound needs [1, 1..{AudioBuffer.MaxChannels}, frames].");
        var rate = shape[2] % input.Frames == 0 ? input.SampleRate * (int)(shape[2] / input.Frames) : input.SampleRate;
        var output = AudioBuffer.Create((int)shape[1], (int)shape[2], rate, input.Budget);
        results[0].GetTensorDataAsSpan<float>().CopyTo(output.Data);
        return output;
    }

    /// <summary>
    /// Runs an image model (float NCHW in and out) over a frame of any size in overlapping tiles and
    /// blends them into one result. The output scale (x1, x2, x4, ...) and channels come from the
    /// model's output for the first tile. Tiles never extend past the image; a frame smaller than a
    /// tile runs whole, or padded by edge replication when the model's size is fixed.
    /// </summary>
    /// <param name="input">The frame (not modified).</param>
    /// <param name="options">Tile size, overlap, batch and blending; <see cref="TileOptions.Default"/> when null.</param>
    /// <param name="progress">Receives a report after each tile (stage "inference").</param>
    /// <param name="cancellationToken">Checked before every batch of tiles and during runs.</param>
    /// <returns>A new frame; its colour space is the input's, its memory the input's budget.</returns>
    /// <exception cref="ModelSignatureException">The model is not a float NCHW image model, or its output is not a whole-number scale of its input.</exception>
    /// <exception cref="ResourceLimitException">The output frame and tile buffers would exceed the frame's budget.</exception>
    public ImageFrame RunTiled(ImageFrame input, TileOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        return TiledImageRunner.Run(this, input, options ?? TileOptions.Default, progress, cancellationToken);
    }

    /// <summary>
    /// Runs an image model like <see cref="RunTiled(ImageFrame, TileOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>
    /// but streams the result: tiles run one row of tiles at a time, and every output row, once no
    /// later tile reaches it, goes to <paramref name="sink"/> in order. Only a band one tile row tall
    /// (times the scale) is held, so a 100-megapixel x2 result costs
    /// <c>outputWidth x tileSize x scale x channels x 4</c> bytes of float here instead of 1.2 GB;
    /// the rows are the same as <see cref="RunTiled(ImageFrame, TileOptions?, IProgress{AugmentProgress}?, CancellationToken)"/>'s.
    /// </summary>
    /// <param name="input">The frame (not modified).</param>
    /// <param name="sink">Receives the output's shape, then its rows top to bottom.</param>
    /// <param name="options">Tile size, overlap, batch and blending; <see cref="TileOptions.Default"/> when null.</param>
    /// <param name="progress">Receives a report after each tile (stage "inference").</param>
    /// <param name="cancellationToken">Checked before every batch of tiles and during runs.</param>
    /// <exception cref="ModelSignatureException">The model is not a float NCHW image model, or its output is not a whole-number scale of its input.</exception>
    /// <exception cref="ResourceLimitException">The band and tile buffers would exceed the frame's budget, or the output would be larger than a frame can address.</exception>
    public void RunTiledStreaming(ImageFrame input, IImageRowSink sink, TileOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sink);
        ThrowIfDisposed();
        TiledImageRunner.RunStreaming(this, input, sink, options ?? TileOptions.Default, progress, cancellationToken);
    }

    /// <summary>
    /// Runs a sound model (float [batch, channels, frames] in and out) over a buffer of any length in
    /// overlapping chunks joined by windowed overlap-add. Output channels and any whole-number change
    /// of length (with the sample rate scaled alike) come from the model's output for the first chunk.
    /// </summary>
    /// <param name="input">The sound (not modified).</param>
    /// <param name="options">Chunk length, overlap, batch and cross-fade; <see cref="ChunkOptions.Default"/> when null.</param>
    /// <param name="progress">Receives a report after each chunk (stage "inference").</param>
    /// <param name="cancellationToken">Checked before every batch of chunks and during runs.</param>
    /// <returns>A new buffer under the input's budget.</returns>
    public AudioBuffer RunChunked(AudioBuffer input, ChunkOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ThrowIfDisposed();
        return ChunkedAudioRunner.Run(this, input, options ?? ChunkOptions.Default, progress, cancellationToken);
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _session.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"OnnxModel '{Source}' on {ExecutionProvider}: ({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";

    internal IDisposableReadOnlyCollection<OrtValue> RunCore(IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = Register(runOptions, cancellationToken);
        try
        {
            return _session.Run(runOptions, inputNames, inputs, outputNames);
        }
        catch (OnnxRuntimeException e)
        {
            throw RunFailure(e, cancellationToken);
        }
    }

    internal void RunCore(IReadOnlyCollection<string> inputNames, IReadOnlyCollection<OrtValue> inputs, IReadOnlyCollection<string> outputNames, IReadOnlyCollection<OrtValue> outputs, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var registration = Register(runOptions, cancellationToken);
        try
        {
            _session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        }
        catch (OnnxRuntimeException e)
        {
            throw RunFailure(e, cancellationToken);
        }
    }

    /// <summary>The input <paramref name="name"/>, or the only input when null.</summary>
    internal TensorInfo ResolveInput(string? name, string operation)
    {
        if (name is null)
        {
            if (Inputs.Count != 1)
                throw new ModelSignatureException($"Model '{Source}' has {Inputs.Count} inputs ({NameList(Inputs)}); {operation} feeds one, so name it in the options.");
            return Inputs[0];
        }
        foreach (var input in Inputs)
        {
            if (input.Name == name) return input;
        }
        throw new ModelSignatureException($"Model '{Source}' has no input '{name}' (its inputs are {NameList(Inputs)}).");
    }

    /// <summary>The output <paramref name="name"/>, or the first when null.</summary>
    internal TensorInfo ResolveOutput(string? name)
    {
        if (name is null)
        {
            // A (damaged) graph may declare no outputs at all; found by the flipped-bytes property test.
            if (Outputs.Count == 0)
                throw new ModelSignatureException($"Model '{Source}' declares no outputs.");
            return Outputs[0];
        }
        foreach (var output in Outputs)
        {
            if (output.Name == name) return output;
        }
        throw new ModelSignatureException($"Model '{Source}' has no output '{name}' (its outputs are {NameList(Outputs)}).");
    }

    /// <summary>Throws unless <paramref name="info"/> is a float tensor of <paramref name="rank"/>.</summary>
    internal void RequireFloat(TensorInfo info, int rank, string side, string why)
    {
        if (info.ElementType != TensorElementType.Float || info.Rank != rank)
            throw new ModelSignatureException($"Model '{Source}': {side} '{info.Name}' is {info.ElementType}[{string.Join(", ", info.Dims)}]; {why} (Float, rank {rank}).");
    }

    /// <summary>Throws when a fixed dimension of <paramref name="info"/> differs from <paramref name="shape"/>.</summary>
    internal void CheckShape(TensorInfo info, long[] shape, string what)
    {
        for (var d = 0; d < shape.Length; d++)
        {
            var dim = info.Dims[d];
            if (dim.IsFixed && dim.Size != shape[d])
                throw new ModelSignatureException($"Model '{Source}': dimension {d} of input '{info.Name}' is fixed at {dim.Size} but {what} gives {shape[d]} (shape [{string.Join(", ", shape)}]).");
        }
    }

    private static OnnxModel Create(Func<SessionOptions, InferenceSession> open, string source, OnnxModelOptions? options)
    {
        options ??= OnnxModelOptions.Default;
        var budget = options.Budget ?? ComputeBudget.Default;
        var candidates = ExecutionProviderSelector.Candidates(options.ExecutionProvider, AvailableProviders(), out var unavailable);
        var reasons = new List<string>();
        if (unavailable is not null) reasons.Add(unavailable);

        OnnxModel? model = null;
        foreach (var provider in candidates)
        {
            using var sessionOptions = NewSessionOptions(options, budget);
            if (!ExecutionProviderSelector.TryAppend(sessionOptions, provider, options.DeviceId, out var error))
            {
                reasons.Add(error!);
                continue;
            }
            try
            {
                model = new OnnxModel(open(sessionOptions), source, ExecutionProviderSelector.NameOf(provider), null, options);
                break;
            }
            catch (OnnxRuntimeException e)
            {
                reasons.Add($"{ExecutionProviderSelector.NameOf(provider)} failed to create a session: {e.Message}");
            }
        }

        if (model is null)
        {
            InferenceSession session;
            try
            {
                using var sessionOptions = NewSessionOptions(options, budget);
                session = open(sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidModelException(InvalidMediaException.Describe(source, -1, $"ONNX Runtime rejected the model: {e.Message}"), e);
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
            {
                throw new AugmentException(
                    "ONNX Runtime's native library could not be loaded. Add the native package for your platform to the application " +
                    "(Microsoft.ML.OnnxRuntime for the CPU, Microsoft.ML.OnnxRuntime.Gpu for CUDA).", e);
            }
            model = new OnnxModel(session, source, ExecutionProviderSelector.CpuName, reasons.Count > 0 ? string.Join("; ", reasons) : null, options);
        }

        return options.Signature is { } signature ? model.Expect(signature) : model;
    }

    private static IReadOnlyList<string> AvailableProviders()
    {
        var device = ComputeDevice.Current;
        return device.OnnxExecutionProviders;
    }

    private static SessionOptions NewSessionOptions(OnnxModelOptions options, ComputeBudget budget)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.OptimizationLevel,
            IntraOpNumThreads = budget.MaxThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // Failures surface as exceptions with ONNX Runtime's message; its own log would repeat them on stderr.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        return sessionOptions;
    }

    private static TensorInfo[] Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata)
    {
        var result = new TensorInfo[names.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var meta = metadata[names[i]];
            if (!meta.IsTensor)
            {
                result[i] = new TensorInfo(names[i], TensorElementType.DataTypeMax, []);
                continue;
            }
            var dims = new TensorDim[meta.Dimensions.Length];
            for (var d = 0; d < dims.Length; d++)
            {
                var size = meta.Dimensions[d];
                var symbol = d < meta.SymbolicDimensions.Length ? meta.SymbolicDimensions[d] : null;
                dims[d] = size >= 0 ? TensorDim.Fixed(size)
                    : string.IsNullOrWhiteSpace(symbol) ? TensorDim.Dynamic : TensorDim.Named(symbol);
            }
            result[i] = new TensorInfo(names[i], meta.ElementDataType, dims);
        }
        return result;
    }

    private static CancellationTokenRegistration Register(RunOptions runOptions, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions)
            : default;

    private Exception RunFailure(OnnxRuntimeException e, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? new OperationCanceledException($"Running model '{Source}' was cancelled.", e, cancellationToken)
            : new AugmentException($"Model '{Source}' failed to run: {e.Message}", e);

    private static (string[] Names, OrtValue[] Values) Split(IReadOnlyDictionary<string, OrtValue> values)
    {
        var names = new string[values.Count];
        var array = new OrtValue[values.Count];
        var i = 0;
        foreach (var (name, value) in values)
        {
            names[i] = name;
            array[i++] = value;
        }
        return (names, array);
    }

    private string[] OutputNames()
    {
        var names = new string[Outputs.Count];
        for (var i = 0; i < names.Length; i++) names[i] = Outputs[i].Name;
        return names;
    }

    private static string NameList(IReadOnlyList<TensorInfo> tensors)
    {
        var names = new string[tensors.Count];
        for (var i = 0; i < names.Length; i++) names[i] = $"'{tensors[i].Name}'";
        return names.Length == 0 ? "none" : string.Join(", ", names);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
