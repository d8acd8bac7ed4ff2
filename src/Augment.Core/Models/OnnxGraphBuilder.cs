using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment;

/// <summary>
/// Writes small ONNX models from code: for tests, demos and generated operators. It emits the
/// protobuf of <c>ModelProto</c> directly (no protobuf library needed): graph inputs and outputs with
/// fixed or symbolic dimensions, float and int64 initializers, nodes with attributes and an opset
/// import. Presets build the common small graphs: <see cref="Conv3x3"/>,
/// <see cref="DepthwiseConv3x3"/>, <see cref="PixelShuffleUpscaler"/>, <see cref="Multiply"/> and
/// <see cref="Conv1d"/>.
/// </summary>
/// <example>
/// <code>
/// var model = new OnnxGraphBuilder("double")
///     .Input("x", "n", 3, "h", "w")
///     .Initializer("two", [2f])
///     .Node("Mul", ["x", "two"], ["y"])
///     .Output("y", "n", 3, "h", "w");
/// model.Save("double.onnx");
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    /// <summary>The input name every preset uses.</summary>
    public const string DefaultInputName = "input";

    /// <summary>The output name every preset uses.</summary>
    public const string DefaultOutputName = "output";

    private readonly string _graphName;
    private readonly List<ValueSpec> _inputs = [];
    private readonly List<ValueSpec> _outputs = [];
    private readonly List<InitializerSpec> _initializers = [];
    private readonly List<NodeSpec> _nodes = [];

    /// <summary>Starts an empty graph.</summary>
    /// <param name="graphName">Name stored in the graph (shown by model viewers).</param>
    public OnnxGraphBuilder(string graphName = "graph")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graphName = graphName;
    }

    /// <summary>Version of the default ONNX operator set to import (13 unless set; ONNX Runtime 1.31 runs 7..23).</summary>
    public int OpsetVersion
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 7);
            field = value;
        }
    } = 13;

    /// <summary>ONNX IR version written in the model (8 unless set).</summary>
    public int IrVersion
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 3);
            field = value;
        }
    } = 8;

    /// <summary>Producer name written in the model.</summary>
    public string ProducerName { get; set; } = "Augment";

    /// <summary>Declares a float graph input.</summary>
    /// <param name="name">Input name.</param>
    /// <param name="dims">Dimensions: sizes or symbols, such as <c>"n", 3, "h", "w"</c>.</param>
    public OnnxGraphBuilder Input(string name, params TensorDim[] dims) => Input(name, TensorElementType.Float, dims);

    /// <summary>Declares a graph input of any element type.</summary>
    /// <param name="name">Input name.</param>
    /// <param name="elementType">Element type (its value is the ONNX <c>TensorProto.DataType</c>).</param>
    /// <param name="dims">Dimensions: sizes or symbols.</param>
    public OnnxGraphBuilder Input(string name, TensorElementType elementType, params TensorDim[] dims)
    {
        _inputs.Add(ValueSpec.Create(name, elementType, dims));
        return this;
    }

    /// <summary>Declares a float graph output.</summary>
    /// <param name="name">Output name, produced by a node.</param>
    /// <param name="dims">Dimensions: sizes or symbols.</param>
    public OnnxGraphBuilder Output(string name, params TensorDim[] dims) => Output(name, TensorElementType.Float, dims);

    /// <summary>Declares a graph output of any element type.</summary>
    /// <param name="name">Output name, produced by a node.</param>
    /// <param name="elementType">Element type.</param>
    /// <param name="dims">Dimensions: sizes or symbols.</param>
    public OnnxGraphBuilder Output(string name, TensorElementType elementType, params TensorDim[] dims)
    {
        _outputs.Add(ValueSpec.Create(name, elementType, dims));
        return this;
    }

    /// <summary>Adds a constant float tensor (weights, biases, scalars).</summary>
    /// <param name="name">Name nodes refer to.</param>
    /// <param name="values">Row-major values; their count must equal the product of <paramref name="dims"/>.</param>
    /// <param name="dims">Shape; none for a scalar.</param>
    public OnnxGraphBuilder Initializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        CheckInitializer(name, values.Length, dims);
        _initializers.Add(new InitializerSpec(name, TensorElementType.Float, (long[])dims.Clone(), values.ToArray(), null));
        return this;
    }

    /// <summary>Adds a constant int64 tensor (shapes, axes, indices).</summary>
    /// <param name="name">Name nodes refer to.</param>
    /// <param name="values">Row-major values; their count must equal the product of <paramref name="dims"/>.</param>
    /// <param name="dims">Shape; none for a scalar.</param>
    public OnnxGraphBuilder Int64Initializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        CheckInitializer(name, values.Length, dims);
        _initializers.Add(new InitializerSpec(name, TensorElementType.Int64, (long[])dims.Clone(), null, values.ToArray()));
        return this;
    }

    /// <summary>Adds a node of the default ONNX domain.</summary>
    /// <param name="opType">Operator, such as <c>"Conv"</c> or <c>"DepthToSpace"</c>.</param>
    /// <param name="inputs">Names of the values it reads (an empty name skips an optional input).</param>
    /// <param name="outputs">Names of the values it produces.</param>
    /// <param name="attributes">Attributes, such as <c>OnnxAttributeValue.Ints("pads", 1, 1, 1, 1)</c>.</param>
    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params OnnxAttributeValue[] attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attributes);
        if (outputs.Length == 0)
            throw new ArgumentException($"A {opType} node needs at least one output.", nameof(outputs));
        _nodes.Add(new NodeSpec($"{opType}_{_nodes.Count}", opType, (string[])inputs.Clone(), (string[])outputs.Clone(), (OnnxAttributeValue[])attributes.Clone()));
        return this;
    }

    /// <summary>The model as ONNX protobuf bytes.</summary>
    /// <exception cref="InvalidOperationException">The graph declares no output.</exception>
    public byte[] ToBytes()
    {
        if (_outputs.Count == 0)
            throw new InvalidOperationException($"Graph '{_graphName}' declares no output; call Output(...) first.");

        // GraphProto (onnx.proto): node=1, name=2, initializer=5, input=11, output=12.
        var graph = new ProtoWriter();
        foreach (var node in _nodes) graph.Message(1, node.ToProto());
        graph.String(2, _graphName);
        foreach (var initializer in _initializers) graph.Message(5, initializer.ToProto());
        foreach (var input in _inputs) graph.Message(11, input.ToProto());
        foreach (var output in _outputs) graph.Message(12, output.ToProto());

        // OperatorSetIdProto: domain=1 (empty = the default ONNX domain), version=2.
        var opset = new ProtoWriter();
        opset.Int64(2, OpsetVersion);

        // ModelProto: ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8.
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, ProducerName);
        model.String(3, typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString(3) ?? "0");
        model.Message(7, graph);
        model.Message(8, opset);
        return model.WrittenSpan.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <param name="path">Destination, usually ending in <c>.onnx</c>; its folder must exist.</param>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>
    /// A 3x3 convolution with zero padding 1 (output size = input size) that mixes channels:
    /// input <c>input</c> [n, inputChannels, h, w] → output <c>output</c> [n, outputChannels, h, w].
    /// </summary>
    /// <param name="inputChannels">Channels read.</param>
    /// <param name="outputChannels">Channels written.</param>
    /// <param name="weights">Kernel in ONNX order [out, in, ky, kx]: <c>outputChannels * inputChannels * 9</c> values.</param>
    /// <param name="bias">One value per output channel, or empty for none.</param>
    /// <param name="fixedSizePixels">When set, the model takes only [1, C, size, size] (for fixed-window models).</param>
    public static OnnxGraphBuilder Conv3x3(int inputChannels, int outputChannels, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias = default, int? fixedSizePixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        CheckCount(weights.Length, outputChannels * inputChannels * 9, nameof(weights));
        var builder = SpatialInput(new OnnxGraphBuilder("conv3x3"), inputChannels, fixedSizePixels, out var h, out var w, out var n);
        builder.Initializer("weight", weights, outputChannels, inputChannels, 3, 3);
        var inputs = WithBias(builder, bias, outputChannels, DefaultInputName, "weight");
        builder.Node("Conv", inputs, [DefaultOutputName], ConvAttributes(3, 3, group: 1));
        return builder.Output(DefaultOutputName, n, outputChannels, h, w);
    }

    /// <summary>
    /// A 3x3 convolution with zero padding 1 that applies the same kernel to each channel on its own
    /// (a depthwise convolution, ONNX <c>Conv</c> with <c>group = channels</c>): a blur, sharpen or
    /// edge filter as a model. Input <c>input</c> [n, channels, h, w] → output <c>output</c>, same shape.
    /// </summary>
    /// <param name="channels">Channels of the image.</param>
    /// <param name="kernel">Nine values, row after row.</param>
    /// <param name="fixedSizePixels">When set, the model takes only [1, C, size, size].</param>
    public static OnnxGraphBuilder DepthwiseConv3x3(int channels, ReadOnlySpan<float> kernel, int? fixedSizePixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        CheckCount(kernel.Length, 9, nameof(kernel));
        var weights = new float[channels * 9];
        for (var c = 0; c < channels; c++) kernel.CopyTo(weights.AsSpan(c * 9, 9));
        var builder = SpatialInput(new OnnxGraphBuilder("depthwise_conv3x3"), channels, fixedSizePixels, out var h, out var w, out var n);
        builder.Initializer("weight", weights, channels, 1, 3, 3);
        builder.Node("Conv", [DefaultInputName, "weight"], [DefaultOutputName], ConvAttributes(3, 3, group: channels));
        return builder.Output(DefaultOutputName, n, channels, h, w);
    }

    /// <summary>
    /// A 2x upscaler in the style of ESPCN: a 3x3 convolution to 4 x channels, then
    /// <c>DepthToSpace</c> (block size 2, mode CRD) that rearranges each group of four channels into a
    /// 2x2 block. Input <c>input</c> [n, channels, h, w] → output <c>output</c> [n, channels, 2h, 2w].
    /// Output pixel (2y+i, 2x+j) of channel c is convolution channel <c>c*4 + i*2 + j</c> at (y, x).
    /// </summary>
    /// <param name="channels">Channels in and out.</param>
    /// <param name="weights">Kernel [4*channels, channels, 3, 3] in ONNX order.</param>
    /// <param name="bias">One value per convolution channel (4 x channels), or empty.</param>
    public static OnnxGraphBuilder PixelShuffleUpscaler(int channels, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        var convChannels = channels * 4;
        CheckCount(weights.Length, convChannels * channels * 9, nameof(weights));
        var builder = SpatialInput(new OnnxGraphBuilder("pixel_shuffle_x2"), channels, null, out _, out _, out var n);
        builder.Initializer("weight", weights, convChannels, channels, 3, 3);
        var inputs = WithBias(builder, bias, convChannels, DefaultInputName, "weight");
        builder.Node("Conv", inputs, ["features"], ConvAttributes(3, 3, group: 1));
        builder.Node("DepthToSpace", ["features"], [DefaultOutputName], OnnxAttributeValue.Int("blocksize", 2), OnnxAttributeValue.String("mode", "CRD"));
        return builder.Output(DefaultOutputName, n, channels, "out_h", "out_w");
    }

    /// <summary>
    /// Multiplies every element by a constant: input <c>input</c> → output <c>output</c> of the same
    /// shape, every axis dynamic (named <c>d0</c>, <c>d1</c>, ...). The simplest model with dynamic axes.
    /// </summary>
    /// <param name="factor">The constant.</param>
    /// <param name="rank">Number of axes (4 for NCHW images, 3 for [n, channels, frames] audio).</param>
    public static OnnxGraphBuilder Multiply(float factor, int rank = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, 8);
        var dims = new TensorDim[rank];
        for (var i = 0; i < rank; i++) dims[i] = $"d{i}";
        return new OnnxGraphBuilder("multiply")
            .Input(DefaultInputName, dims)
            .Initializer("factor", [factor])
            .Node("Mul", [DefaultInputName, "factor"], [DefaultOutputName])
            .Output(DefaultOutputName, dims);
    }

    /// <summary>
    /// A 1-D convolution over sound with zero padding that keeps the length (odd kernels):
    /// input <c>input</c> [n, inputChannels, frames] → output <c>output</c> [n, outputChannels, frames].
    /// An FIR filter bank or channel mixer as a model.
    /// </summary>
    /// <param name="inputChannels">Channels read.</param>
    /// <param name="outputChannels">Channels written.</param>
    /// <param name="kernelSize">Taps per filter; odd.</param>
    /// <param name="weights">Taps [out, in, k] in ONNX order.</param>
    /// <param name="bias">One value per output channel, or empty.</param>
    /// <param name="fixedFrames">When set, the model takes only [1, C, fixedFrames].</param>
    public static OnnxGraphBuilder Conv1d(int inputChannels, int outputChannels, int kernelSize, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias = default, int? fixedFrames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        if (kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "The kernel size must be odd so that the output keeps the input's length.");
        CheckCount(weights.Length, outputChannels * inputChannels * kernelSize, nameof(weights));
        TensorDim n = fixedFrames is null ? "n" : 1;
        TensorDim frames = fixedFrames is { } f ? TensorDim.Fixed(f) : "frames";
        var builder = new OnnxGraphBuilder("conv1d").Input(DefaultInputName, n, inputChannels, frames);
        builder.Initializer("weight", weights, outputChannels, inputChannels, kernelSize);
        var inputs = WithBias(builder, bias, outputChannels, DefaultInputName, "weight");
        var pad = kernelSize / 2;
        builder.Node("Conv", inputs, [DefaultOutputName],
            OnnxAttributeValue.Ints("kernel_shape", kernelSize),
            OnnxAttributeValue.Ints("pads", pad, pad));
        return builder.Output(DefaultOutputName, n, outputChannels, frames);
    }

    private static OnnxGraphBuilder SpatialInput(OnnxGraphBuilder builder, int channels, int? fixedSize, out TensorDim h, out TensorDim w, out TensorDim n)
    {
        if (fixedSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(fixedSize));
            n = 1;
            h = size;
            w = size;
        }
        else
        {
            n = "n";
            h = "h";
            w = "w";
        }
        return builder.Input(DefaultInputName, n, channels, h, w);
    }

    private static OnnxAttributeValue[] ConvAttributes(int kh, int kw, int group) =>
    [
        OnnxAttributeValue.Ints("kernel_shape", kh, kw),
        OnnxAttributeValue.Ints("pads", kh / 2, kw / 2, kh / 2, kw / 2),
        OnnxAttributeValue.Int("group", group),
    ];

    private static string[] WithBias(OnnxGraphBuilder builder, ReadOnlySpan<float> bias, int channels, string input, string weight)
    {
        if (bias.IsEmpty) return [input, weight];
        CheckCount(bias.Length, channels, nameof(bias));
        builder.Initializer("bias", bias, channels);
        return [input, weight, "bias"];
    }

    private static void CheckCount(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException($"Expected {expected} values, got {actual}.", name);
    }

    private static void CheckInitializer(string name, int count, long[] dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(dims);
        long product = 1;
        foreach (var d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dims));
            product *= d;
        }
        if (product != count)
            throw new ArgumentException($"Initializer '{name}' has {count} values but its shape [{string.Join(", ", dims)}] holds {product}.", nameof(dims));
    }

    private sealed record ValueSpec(string Name, TensorElementType ElementType, TensorDim[] Dims)
    {
        public static ValueSpec Create(string name, TensorElementType elementType, TensorDim[] dims)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentNullException.ThrowIfNull(dims);
            return new(name, elementType, (TensorDim[])dims.Clone());
        }

        // ValueInfoProto: name=1, type=2 → TypeProto.tensor_type=1 → elem_type=1, shape=2 →
        // TensorShapeProto.dim=1 → Dimension.dim_value=1 | dim_param=2.
        public ProtoWriter ToProto()
        {
            var shape = new ProtoWriter();
            foreach (var dim in Dims)
            {
                var d = new ProtoWriter();
                if (dim.IsFixed) d.Int64(1, dim.Size);
                else if (dim.Symbol is not null) d.String(2, dim.Symbol);
                shape.Message(1, d);
            }
            var tensorType = new ProtoWriter();
            tensorType.Int64(1, (int)ElementType);
            tensorType.Message(2, shape);
            var type = new ProtoWriter();
            type.Message(1, tensorType);
            var info = new ProtoWriter();
            info.String(1, Name);
            info.Message(2, type);
            return info;
        }
    }

    private sealed record InitializerSpec(string Name, TensorElementType ElementType, long[] Dims, float[]? Floats, long[]? Int64s)
    {
        // TensorProto: dims=1, data_type=2, name=8, raw_data=9 (little-endian).
        public ProtoWriter ToProto()
        {
            var tensor = new ProtoWriter();
            foreach (var d in Dims) tensor.Int64(1, d);
            tensor.Int64(2, (int)ElementType);
            tensor.String(8, Name);
            if (Floats is not null) tensor.FloatsAsBytes(9, Floats);
            else tensor.Int64sAsBytes(9, Int64s);
            return tensor;
        }
    }

    private sealed record NodeSpec(string Name, string OpType, string[] Inputs, string[] Outputs, OnnxAttributeValue[] Attributes)
    {
        // NodeProto: input=1, output=2, name=3, op_type=4, attribute=5.
        public ProtoWriter ToProto()
        {
            var node = new ProtoWriter();
            foreach (var input in Inputs) node.String(1, input);
            foreach (var output in Outputs) node.String(2, output);
            node.String(3, Name);
            node.String(4, OpType);
            foreach (var attribute in Attributes)
            {
                var a = new ProtoWriter();
                attribute.WriteTo(a);
                node.Message(5, a);
            }
            return node;
        }
    }
}
