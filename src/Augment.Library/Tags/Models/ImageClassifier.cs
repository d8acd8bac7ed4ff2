using System.Buffers;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Library;

/// <summary>
/// An ImageNet-style image classifier run through ONNX Runtime. The model takes float32 NCHW
/// <c>[N, 3, H, W]</c> (RGB, normalised by <see cref="ImageClassifierOptions.Mean"/> and
/// <see cref="ImageClassifierOptions.Std"/>) and gives <c>[N, C]</c> logits or probabilities; a label file names the C
/// classes. Frames are resized (short side) and centre-cropped as torchvision's evaluation transform does.
/// Thread-safe: several threads may classify at once.
/// </summary>
/// <example>
/// <code>
/// using var classifier = ImageClassifier.Load("resnet50.onnx", "synset_words.txt");
/// using var frame = ImageFile.Load("dog.jpg");
/// foreach (var (label, p) in classifier.Classify(frame, topK: 5)) Console.WriteLine($"{label} {p:P1}");
/// </code>
/// </example>
public sealed class ImageClassifier : IDisposable
{
    private readonly OnnxModel _model;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly bool _batchFixedAtOne;

    private ImageClassifier(OnnxModel model, string modelDigest, string[] labels, string labelSource, ImageClassifierOptions options)
    {
        _model = model;
        ModelDigest = modelDigest;
        Options = options;
        try
        {
            var signature = new ModelSignature()
                .Input(options.InputName, TensorElementType.Float, DimSpec.Any, 3, DimSpec.Any, DimSpec.Any)
                .Output(options.OutputName, TensorElementType.Float, DimSpec.Any, DimSpec.Any);
            model.Expect(signature);
        }
        catch (ModelSignatureException e)
        {
            throw new ModelSignatureException(
                $"{e.Message} An image classifier takes float32 [N, 3, H, W] and gives float32 [N, classes].", e);
        }
        var input = ModelTensors.Input(model, options.InputName, "an image classifier");
        var output = ModelTensors.Output(model, options.OutputName);
        _inputName = input.Name;
        _outputName = output.Name;
        _batchFixedAtOne = input.Dims[0].IsFixed && input.Dims[0].Size == 1;

        var (height, width) = (input.Dims[2], input.Dims[3]);
        if (height.IsFixed != width.IsFixed)
            throw new ModelSignatureException($"Model '{model.Source}': input '{input.Name}' fixes one side only ({height} x {width}); a classifier needs both fixed or both dynamic.");
        if (height.IsFixed)
        {
            if (options.CropPixels is { } crop && (crop != height.Size || crop != width.Size))
                throw new ModelSignatureException($"Model '{model.Source}': input '{input.Name}' is fixed at {height.Size}x{width.Size} pixels but the options ask for a {crop}-pixel crop.");
            CropHeight = checked((int)height.Size);
            CropWidth = checked((int)width.Size);
        }
        else
        {
            CropHeight = CropWidth = options.CropPixels ?? 224;
        }
        ResizeShortSidePixels = options.ResizeShortSidePixels ?? (int)Math.Round(Math.Max(CropWidth, CropHeight) * 256.0 / 224.0);
        if (ResizeShortSidePixels < Math.Max(CropWidth, CropHeight))
            throw new ArgumentException($"ResizeShortSidePixels ({ResizeShortSidePixels}) is smaller than the {CropWidth}x{CropHeight} crop.", nameof(options));

        var classes = output.Dims[1];
        if (classes.IsFixed && classes.Size != labels.Length)
            throw new ModelSignatureException(
                $"Model '{model.Source}' outputs {classes.Size} classes but '{labelSource}' has {labels.Length} labels; they must be equal.");
        Labels = labels;
        LabelsDigest = Library.ModelDigest.OfStrings(labels);
        _mean = [.. options.Mean];
        _std = [.. options.Std];
    }

    /// <summary>The class labels, in output order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The options the classifier was made with.</summary>
    public ImageClassifierOptions Options { get; }

    /// <summary>Width of the crop fed to the model, in pixels.</summary>
    public int CropWidth { get; }

    /// <summary>Height of the crop fed to the model, in pixels.</summary>
    public int CropHeight { get; }

    /// <summary>Length the short side is resized to before cropping, in pixels.</summary>
    public int ResizeShortSidePixels { get; }

    /// <summary>SHA-256 (lower-case hex) of the model's bytes.</summary>
    public string ModelDigest { get; }

    /// <summary>SHA-256 (lower-case hex) of the labels.</summary>
    public string LabelsDigest { get; }

    /// <summary>The ONNX model, for its signature and execution provider.</summary>
    public OnnxModel Model => _model;

    /// <summary>Loads a classifier from an ONNX file and a label file.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="labelsPath">One label per line, or ImageNet synset lines (<c>n01440764 tench, Tinca tinca</c>); as many lines as classes.</param>
    /// <param name="options">Preprocessing and output; <see cref="ImageClassifierOptions.Default"/> when null.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidModelException">The model file is not a valid ONNX model.</exception>
    /// <exception cref="InvalidMediaException">The label file has no labels or an empty line among them.</exception>
    /// <exception cref="ModelSignatureException">The model is not [N,3,H,W] to [N,C], or C differs from the label count.</exception>
    public static ImageClassifier Load(string modelPath, string labelsPath, ImageClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentException.ThrowIfNullOrEmpty(labelsPath);
        options ??= ImageClassifierOptions.Default;
        options.Validate();
        if (!File.Exists(labelsPath)) throw new FileNotFoundException($"Label file '{labelsPath}' does not exist.", labelsPath);
        var labels = ClassLabels.Parse(File.ReadAllLines(labelsPath), labelsPath);
        var model = OnnxModel.Load(modelPath, options.Model);
        return Create(model, Library.ModelDigest.OfFile(modelPath), labels, labelsPath, options);
    }

    /// <summary>Loads a classifier from model bytes and labels.</summary>
    /// <param name="model">The ONNX model's bytes.</param>
    /// <param name="labels">The class labels in output order (label-file lines are parsed as <see cref="Load(string, string, ImageClassifierOptions?)"/> does).</param>
    /// <param name="options">Preprocessing and output; <see cref="ImageClassifierOptions.Default"/> when null.</param>
    /// <param name="sourceName">A name for messages.</param>
    /// <inheritdoc cref="Load(string, string, ImageClassifierOptions?)" path="/exception"/>
    public static ImageClassifier Load(byte[] model, IReadOnlyList<string> labels, ImageClassifierOptions? options = null, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= ImageClassifierOptions.Default;
        options.Validate();
        var parsed = ClassLabels.Parse(labels, "labels");
        var onnx = OnnxModel.Load(model, options.Model, sourceName);
        return Create(onnx, Library.ModelDigest.OfBytes(model), parsed, "the labels", options);
    }

    /// <summary>The <paramref name="topK"/> most probable labels of one frame, most probable first.</summary>
    /// <param name="frame">An RGB (or grey) frame, values 0..1 as encoded (sRGB for photographs); alpha is ignored.</param>
    /// <param name="topK">How many labels to return (at most the class count).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentException">The frame has 2 colour channels, or the resize would be smaller than the crop.</exception>
    public IReadOnlyList<LabelScore> Classify(ImageFrame frame, int topK = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return Classify([frame], topK, cancellationToken)[0];
    }

    /// <summary>Classifies several frames, run in batches of <see cref="ImageClassifierOptions.MaxBatch"/>.</summary>
    /// <param name="frames">RGB (or grey) frames of any sizes.</param>
    /// <param name="topK">How many labels to return per frame.</param>
    /// <param name="cancellationToken">Checked before every batch and during runs.</param>
    /// <returns>One list per frame, in the frames' order.</returns>
    public IReadOnlyList<IReadOnlyList<LabelScore>> Classify(IReadOnlyList<ImageFrame> frames, int topK = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        var probabilities = Probabilities(frames, cancellationToken);
        var result = new IReadOnlyList<LabelScore>[frames.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var p = probabilities[i];
            var top = ModelImageInput.TopIndices(p, topK);
            var scores = new LabelScore[top.Length];
            for (var k = 0; k < top.Length; k++) scores[k] = new LabelScore(Labels[top[k]], p[top[k]]);
            result[i] = scores;
        }
        return result;
    }

    /// <summary>Every class's probability for each frame (softmax of the logits, or the model's probabilities).</summary>
    /// <param name="frames">RGB (or grey) frames of any sizes.</param>
    /// <param name="cancellationToken">Checked before every batch and during runs.</param>
    /// <returns>One array of <see cref="Labels"/>.Count probabilities per frame.</returns>
    public float[][] Probabilities(IReadOnlyList<ImageFrame> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is null) throw new ArgumentException($"Frame {i} is null.", nameof(frames));
        }
        var result = new float[frames.Count][];
        var batch = _batchFixedAtOne ? 1 : Options.MaxBatch;
        var planeLength = 3 * CropWidth * CropHeight;
        for (var start = 0; start < frames.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batch, frames.Count - start);
            var length = count * planeLength;
            var buffer = ArrayPool<float>.Shared.Rent(length);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    ModelImageInput.Fill(frames[start + i], ResizeShortSidePixels, CropWidth, CropHeight, Options.Kernel, _mean, _std,
                        buffer.AsSpan(i * planeLength, planeLength));
                }
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(buffer, 0, length),
                    [count, 3, CropHeight, CropWidth]);
                using var outputs = _model.Run(new Dictionary<string, OrtValue> { [_inputName] = value }, [_outputName], cancellationToken);
                var shape = outputs[0].GetTensorTypeAndShape().Shape;
                if (shape.Length != 2 || shape[0] != count || shape[1] != Labels.Count)
                    throw new ModelSignatureException(string.Create(CultureInfo.InvariantCulture,
                        $"Model '{_model.Source}': output '{_outputName}' has shape [{string.Join(", ", shape)}] for {count} images; expected [{count}, {Labels.Count}] ({Labels.Count} labels)."));
                var data = outputs[0].GetTensorDataAsSpan<float>();
                for (var i = 0; i < count; i++)
                {
                    var p = data.Slice(i * Labels.Count, Labels.Count).ToArray();
                    if (Options.Output == ClassifierOutput.Logits) ModelImageInput.Softmax(p);
                    result[start + i] = p;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
        return result;
    }

    /// <summary>Everything the results depend on, for analyser versions.</summary>
    internal string Settings() => string.Create(CultureInfo.InvariantCulture,
        $"crop={CropWidth}x{CropHeight};resize={ResizeShortSidePixels};kernel={Options.Kernel};mean={string.Join(",", _mean)};std={string.Join(",", _std)};output={Options.Output};in={_inputName};out={_outputName}");

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _model.Dispose();

    private static ImageClassifier Create(OnnxModel model, string digest, string[] labels, string labelSource, ImageClassifierOptions options)
    {
        try
        {
            return new ImageClassifier(model, digest, labels, labelSource, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
