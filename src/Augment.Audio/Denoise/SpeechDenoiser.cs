namespace Augment.Audio;

/// <summary>
/// The speech denoiser that ships inside Augment.Audio: a small dilated-convolution mask model (about 0.8 million
/// weights, 16 kHz) for <see cref="LearnedNoiseReducer"/>, trained by <c>tools/denoiser/train.py</c> on synthetic
/// speech (espeak-ng, 22 languages and 40 voice variants) mixed with white, coloured, babble, café and modulated
/// noise at −5 to 20 dB SNR. The weights are embedded; the ONNX graph is built from them when loaded, so no file or
/// download is involved.
/// </summary>
/// <remarks>
/// Graph: f = (log(|X|² + 1e-10) − mean)·invStd per bin; three 1-D convolutions over time with ReLU (kernel 5,
/// then kernel 3 dilated 4, then kernel 3 dilated 8 with a residual connection; 256 channels); a per-frame linear
/// layer to 257 bins and a sigmoid. Its receptive field is ±14 frames (±112 ms), which <see cref="Options"/>
/// covers with 20 context frames, so chunked output equals whole-file output. It was trained on synthetic speech
/// only and has not been measured on recorded speech; a model trained on recorded speech with the same signature
/// (<see cref="LearnedNoiseReducer.ExpectedSignature"/>) can replace it. Output keeps only the model's 16 kHz
/// bandwidth (nothing above 8 kHz).
/// </remarks>
/// <example>
/// <code>
/// using var model = SpeechDenoiser.LoadModel();
/// var reducer = new LearnedNoiseReducer(model, SpeechDenoiser.Options);
/// using var clean = reducer.Process(noisy);
/// </code>
/// </example>
public static class SpeechDenoiser
{
    /// <summary>Name of the embedded weights resource (safetensors).</summary>
    public const string WeightsResourceName = "Augment.Audio.Denoise.speech-denoiser-16k.safetensors";

    private const int Bins = 257;

    /// <summary>The STFT and chunking the model was trained for: 16 kHz, 512-point FFT, hop 128, 20 context frames.</summary>
    public static LearnedNoiseReducerOptions Options { get; } = new() { SampleRate = 16_000, FftLength = 512, HopLength = 128, ContextFrames = 20 };

    /// <summary>Loads the model on the execution provider <see cref="OnnxModel"/> picks.</summary>
    /// <param name="options">Execution settings; defaults when null.</param>
    /// <returns>The model; dispose it.</returns>
    public static OnnxModel LoadModel(OnnxModelOptions? options = null) =>
        OnnxModel.Load(ToOnnx(), options, "built-in speech denoiser");

    /// <summary>The model as ONNX bytes (for inspection, or to run it elsewhere).</summary>
    public static byte[] ToOnnx()
    {
        using var stream = typeof(SpeechDenoiser).Assembly.GetManifestResourceStream(WeightsResourceName)
            ?? throw new InvalidModelException($"The embedded resource '{WeightsResourceName}' is missing from {typeof(SpeechDenoiser).Assembly.GetName().Name}.");
        using var weights = SafeTensorsFile.FromStream(stream, WeightsResourceName);
        return Build(weights);
    }

    /// <summary>Builds the graph from weights laid out as <c>tools/denoiser/train.py</c> writes them.</summary>
    internal static byte[] Build(SafeTensorsFile weights)
    {
        var hidden = (int)weights.GetTensor("c1.bias").Shape[0];
        var graph = new OnnxGraphBuilder("augment-speech-denoiser")
            .Input("magnitude", TensorDim.Fixed(1), TensorDim.Named("frames"), TensorDim.Fixed(Bins))
            .Output("mask", TensorDim.Fixed(1), TensorDim.Named("frames"), TensorDim.Fixed(Bins))
            .Initializer("eps", [1e-10f])
            .Initializer("mean", weights.ReadSingles("norm.mean"), Bins)
            .Initializer("invstd", weights.ReadSingles("norm.invstd"), Bins)
            .Node("Mul", ["magnitude", "magnitude"], ["power"])
            .Node("Add", ["power", "eps"], ["power_eps"])
            .Node("Log", ["power_eps"], ["log_power"])
            .Node("Sub", ["log_power", "mean"], ["centred"])
            .Node("Mul", ["centred", "invstd"], ["features"])
            .Node("Transpose", ["features"], ["h0"], OnnxAttributeValue.Ints("perm", 0, 2, 1));
        (string Name, int Kernel, int Dilation)[] layers = [("c1", 5, 1), ("c2", 3, 4), ("c3", 3, 8)];
        var channels = Bins;
        for (var i = 0; i < layers.Length; i++)
        {
            var (name, kernel, dilation) = layers[i];
            var pad = (kernel - 1) / 2 * dilation;
            graph.Initializer(name + ".w", weights.ReadSingles(name + ".weight"), hidden, channels, kernel)
                .Initializer(name + ".b", weights.ReadSingles(name + ".bias"), hidden)
                .Node("Conv", [$"h{i}", name + ".w", name + ".b"], [name + ".z"],
                    OnnxAttributeValue.Ints("kernel_shape", kernel), OnnxAttributeValue.Ints("dilations", dilation), OnnxAttributeValue.Ints("pads", pad, pad))
                .Node("Relu", [name + ".z"], [i == 2 ? "c3.a" : $"h{i + 1}"]);
            channels = hidden;
        }
        // The last convolution is residual around its input.
        graph.Node("Add", ["c3.a", "h2"], ["h3"])
            .Node("Transpose", ["h3"], ["frames_hidden"], OnnxAttributeValue.Ints("perm", 0, 2, 1));

        // Stored as [257, hidden] (out x in); MatMul wants [hidden, 257].
        var output = weights.ReadSingles("out.weight");
        var transposed = new float[output.Length];
        for (var o = 0; o < Bins; o++)
            for (var h = 0; h < hidden; h++)
                transposed[(h * Bins) + o] = output[(o * hidden) + h];
        graph.Initializer("out.w", transposed, hidden, Bins)
            .Initializer("out.b", weights.ReadSingles("out.bias"), Bins)
            .Node("MatMul", ["frames_hidden", "out.w"], ["logits_nobias"])
            .Node("Add", ["logits_nobias", "out.b"], ["logits"])
            .Node("Sigmoid", ["logits"], ["mask"]);
        return graph.ToBytes();
    }
}
