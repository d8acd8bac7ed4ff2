using System.Buffers;
using System.Globalization;
using Augment.Vision;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Library;

/// <summary>
/// A CLIP-style dual encoder (Radford et al. 2021, "Learning Transferable Visual Models From Natural Language
/// Supervision") from two ONNX files and CLIP's BPE vocabulary: images and texts become L2-normalised vectors in one
/// space, so that their dot product (cosine) says how well a text describes an image. Thread-safe.
/// </summary>
/// <remarks>
/// <para>The encoders must have these signatures (names are read from the models):</para>
/// <list type="bullet">
/// <item>Image encoder: one input, float32 <c>[N, 3, S, S]</c> (usually <c>pixel_values</c>; S fixed in the model or
/// <see cref="ClipModelOptions.ImageSizePixels"/>, default 224), RGB normalised by CLIP's mean and standard deviation;
/// output (the first, or <see cref="ClipModelOptions.ImageOutputName"/>) float32 <c>[N, D]</c>, the projected
/// embedding (<c>image_embeds</c>).</item>
/// <item>Text encoder: input <c>input_ids</c> int64 <c>[N, L]</c> (L fixed in the model or
/// <see cref="ClipModelOptions.ContextLength"/>, default 77) and, when the model declares it, <c>attention_mask</c>
/// int64 <c>[N, L]</c> (1 for tokens, 0 for padding); output (the first, or <see cref="ClipModelOptions.TextOutputName"/>)
/// float32 <c>[N, D]</c>, the projected embedding (<c>text_embeds</c>). A text encoder with one int64 input takes the
/// ids there whatever its name.</item>
/// </list>
/// <para>Image preprocessing follows CLIP's: bicubic (Catmull-Rom, as PIL's) resize of the short side to S on the
/// encoded values, centre crop S x S, (value - mean) / std.</para>
/// </remarks>
/// <example>
/// <code>
/// using var clip = ClipModel.Load("clip-image.onnx", "clip-text.onnx", "vocab.json", "merges.txt");
/// var tags = clip.Tag(frame, ["a beach", "a city at night", "a dog"]);
/// </code>
/// </example>
public sealed class ClipModel : IDisposable
{
    private const string AttentionMaskName = "attention_mask";

    private readonly OnnxModel _image;
    private readonly OnnxModel _text;
    private readonly string _imageInput;
    private readonly string _imageOutput;
    private readonly string _idsInput;
    private readonly string? _maskInput;
    private readonly string _textOutput;
    private readonly bool _imageBatchOfOne;
    private readonly bool _textBatchOfOne;
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly EmbeddingCache _cache;
    private int _embeddingLength;

    private ClipModel(OnnxModel image, OnnxModel text, ClipTokenizer tokenizer, string imageDigest, string textDigest, ClipModelOptions options)
    {
        _image = image;
        _text = text;
        Tokenizer = tokenizer;
        Options = options;
        _mean = [.. options.Mean];
        _std = [.. options.Std];
        _cache = new EmbeddingCache(options.TextCacheCapacity);

        // Image encoder: float [N, 3, S, S] -> float [N, D].
        if (image.Inputs.Count != 1)
            throw new ModelSignatureException($"Image encoder '{image.Source}' has {image.Inputs.Count} inputs ({ModelTensors.Names(image.Inputs)}); it must have one, float32 [N, 3, S, S].");
        var pixels = image.Inputs[0];
        if (pixels.ElementType != TensorElementType.Float || pixels.Rank != 4 || (pixels.Dims[1].IsFixed && pixels.Dims[1].Size != 3))
            throw new ModelSignatureException($"Image encoder '{image.Source}': input {pixels} must be float32 [N, 3, S, S].");
        var (h, w) = (pixels.Dims[2], pixels.Dims[3]);
        if (h.IsFixed || w.IsFixed)
        {
            if (!h.IsFixed || !w.IsFixed || h.Size != w.Size)
                throw new ModelSignatureException($"Image encoder '{image.Source}': input {pixels} must be square, [N, 3, S, S] with S fixed or both dynamic.");
            if (options.ImageSizePixels is { } s && s != h.Size)
                throw new ModelSignatureException($"Image encoder '{image.Source}' is fixed at {h.Size}x{w.Size} pixels but the options ask for {s}.");
            ImageSizePixels = checked((int)h.Size);
        }
        else
        {
            ImageSizePixels = options.ImageSizePixels ?? 224;
        }
        _imageInput = pixels.Name;
        _imageBatchOfOne = pixels.Dims[0].IsFixed && pixels.Dims[0].Size == 1;
        var imageOut = ModelTensors.Output(image, options.ImageOutputName);
        RequireEmbedding(image, "Image encoder", imageOut);
        _imageOutput = imageOut.Name;

        // Text encoder: int64 input_ids [N, L] (+ attention_mask) -> float [N, D].
        if (text.Inputs.Count is < 1 or > 2)
            throw new ModelSignatureException($"Text encoder '{text.Source}' has {text.Inputs.Count} inputs ({ModelTensors.Names(text.Inputs)}); it must have input_ids int64 [N, L] and optionally attention_mask int64 [N, L].");
        TensorInfo ids;
        TensorInfo? mask = null;
        if (text.Inputs.Count == 2)
        {
            mask = ModelTensors.Find(text.Inputs, AttentionMaskName)
                ?? throw new ModelSignatureException($"Text encoder '{text.Source}' has two inputs ({ModelTensors.Names(text.Inputs)}) but none named '{AttentionMaskName}'; the second input must be the attention mask.");
            ids = text.Inputs[0] == mask ? text.Inputs[1] : text.Inputs[0];
        }
        else
        {
            ids = text.Inputs[0];
        }
        foreach (var input in mask is null ? [ids] : new[] { ids, mask })
        {
            if (input.ElementType != TensorElementType.Int64 || input.Rank != 2)
                throw new ModelSignatureException($"Text encoder '{text.Source}': input {input} must be int64 [N, L].");
        }
        var contextDim = ids.Dims[1];
        if (mask is not null && mask.Dims[1].IsFixed && (!contextDim.IsFixed || mask.Dims[1].Size != contextDim.Size))
            throw new ModelSignatureException($"Text encoder '{text.Source}': inputs {ids} and {mask} must have the same length L.");
        if (contextDim.IsFixed)
        {
            if (contextDim.Size < 2)
                throw new ModelSignatureException($"Text encoder '{text.Source}': input {ids} holds {contextDim.Size} tokens; the start and end tokens need at least 2.");
            if (options.ContextLength is { } l && l != contextDim.Size)
                throw new ModelSignatureException($"Text encoder '{text.Source}' is fixed at {contextDim.Size} tokens but the options ask for {l}.");
            ContextLength = checked((int)contextDim.Size);
        }
        else
        {
            ContextLength = options.ContextLength ?? 77;
        }
        _idsInput = ids.Name;
        _maskInput = mask?.Name;
        _textBatchOfOne = ids.Dims[0].IsFixed && ids.Dims[0].Size == 1;
        var textOut = ModelTensors.Output(text, options.TextOutputName);
        RequireEmbedding(text, "Text encoder", textOut);
        _textOutput = textOut.Name;

        var (imageD, textD) = (imageOut.Dims[1], textOut.Dims[1]);
        if (imageD.IsFixed && textD.IsFixed && imageD.Size != textD.Size)
            throw new ModelSignatureException($"The image encoder gives {imageD.Size}-long embeddings ({imageOut}) but the text encoder {textD.Size}-long ({textOut}); they must share one space.");
        _embeddingLength = imageD.IsFixed ? (int)imageD.Size : textD.IsFixed ? (int)textD.Size : 0;
        Digest = ModelDigest.OfStrings([imageDigest, textDigest, tokenizer.Digest]);
    }

    /// <summary>The tokenizer texts go through.</summary>
    public ClipTokenizer Tokenizer { get; }

    /// <summary>The options the model was made with.</summary>
    public ClipModelOptions Options { get; }

    /// <summary>Side S of the square image input, in pixels.</summary>
    public int ImageSizePixels { get; }

    /// <summary>Token sequence length L.</summary>
    public int ContextLength { get; }

    /// <summary>SHA-256 (lower-case hex) over both encoders' bytes and the tokenizer's files.</summary>
    public string Digest { get; }

    /// <summary>The image encoder.</summary>
    public OnnxModel ImageEncoder => _image;

    /// <summary>The text encoder.</summary>
    public OnnxModel TextEncoder => _text;

    /// <summary>Loads the two encoders and the tokenizer files.</summary>
    /// <param name="imageEncoderPath">The image encoder's <c>.onnx</c> file.</param>
    /// <param name="textEncoderPath">The text encoder's <c>.onnx</c> file.</param>
    /// <param name="vocabPath">CLIP's <c>vocab.json</c>.</param>
    /// <param name="mergesPath">CLIP's <c>merges.txt</c>.</param>
    /// <param name="options">Sizes, padding and scale; <see cref="ClipModelOptions.Default"/> when null.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidModelException">A model is not valid ONNX, or the vocabulary is unusable or lacks the special tokens.</exception>
    /// <exception cref="ModelSignatureException">An encoder's inputs or outputs are not as <see cref="ClipModel"/> describes.</exception>
    public static ClipModel Load(string imageEncoderPath, string textEncoderPath, string vocabPath, string mergesPath, ClipModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageEncoderPath);
        ArgumentException.ThrowIfNullOrEmpty(textEncoderPath);
        options ??= ClipModelOptions.Default;
        options.Validate();
        var tokenizer = ClipTokenizer.Load(vocabPath, mergesPath);
        var image = OnnxModel.Load(imageEncoderPath, options.Model);
        OnnxModel? text = null;
        try
        {
            text = OnnxModel.Load(textEncoderPath, options.Model);
            return new ClipModel(image, text, tokenizer, ModelDigest.OfFile(imageEncoderPath), ModelDigest.OfFile(textEncoderPath), options);
        }
        catch
        {
            image.Dispose();
            text?.Dispose();
            throw;
        }
    }

    /// <summary>Makes a model from the encoders' bytes and a tokenizer.</summary>
    /// <param name="imageEncoder">The image encoder's ONNX bytes.</param>
    /// <param name="textEncoder">The text encoder's ONNX bytes.</param>
    /// <param name="tokenizer">The CLIP tokenizer.</param>
    /// <param name="options">Sizes, padding and scale; <see cref="ClipModelOptions.Default"/> when null.</param>
    /// <inheritdoc cref="Load(string, string, string, string, ClipModelOptions?)" path="/exception"/>
    public static ClipModel Load(byte[] imageEncoder, byte[] textEncoder, ClipTokenizer tokenizer, ClipModelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imageEncoder);
        ArgumentNullException.ThrowIfNull(textEncoder);
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= ClipModelOptions.Default;
        options.Validate();
        var image = OnnxModel.Load(imageEncoder, options.Model, "image encoder");
        OnnxModel? text = null;
        try
        {
            text = OnnxModel.Load(textEncoder, options.Model, "text encoder");
            return new ClipModel(image, text, tokenizer, ModelDigest.OfBytes(imageEncoder), ModelDigest.OfBytes(textEncoder), options);
        }
        catch
        {
            image.Dispose();
            text?.Dispose();
            throw;
        }
    }

    /// <summary>The L2-normalised embedding of one image.</summary>
    /// <param name="frame">An RGB (or grey) frame, values 0..1 as encoded (sRGB for photographs); alpha is ignored.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public float[] EmbedImage(ImageFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return EmbedImages([frame], cancellationToken)[0];
    }

    /// <summary>The L2-normalised embeddings of several images, run in batches.</summary>
    /// <param name="frames">RGB (or grey) frames of any sizes.</param>
    /// <param name="cancellationToken">Checked before every batch and during runs.</param>
    /// <returns>One vector per frame, in order.</returns>
    public float[][] EmbedImages(IReadOnlyList<ImageFrame> frames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frames);
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is null) throw new ArgumentException($"Frame {i} is null.", nameof(frames));
        }
        var result = new float[frames.Count][];
        var batch = _imageBatchOfOne ? 1 : Options.MaxBatch;
        var s = ImageSizePixels;
        var planeLength = 3 * s * s;
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
                    // CLIP resizes with PIL's BICUBIC, the Keys cubic with a = -0.5, which is Catmull-Rom.
                    ModelImageInput.Fill(frames[start + i], s, s, s, ResampleKernel.CatmullRom, _mean, _std, buffer.AsSpan(i * planeLength, planeLength));
                }
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(buffer, 0, length), [count, 3, s, s]);
                using var outputs = _image.Run(new Dictionary<string, OrtValue> { [_imageInput] = value }, [_imageOutput], cancellationToken);
                ReadEmbeddings(_image, _imageOutput, outputs[0], count, result, start);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
        return result;
    }

    /// <summary>
    /// The L2-normalised embedding of one text. Results are cached by the cleaned text (see
    /// <see cref="ClipTokenizer.CleanText"/>), so repeated queries cost a dictionary look-up; the returned array is the
    /// caller's own copy.
    /// </summary>
    /// <param name="text">Any text; it is cleaned, tokenised and truncated to <see cref="ContextLength"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public float[] EmbedText(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EmbedTexts([text], cancellationToken)[0];
    }

    /// <summary>The L2-normalised embeddings of several texts; cached ones are not run again.</summary>
    /// <param name="texts">Any texts.</param>
    /// <param name="cancellationToken">Checked before every batch and during runs.</param>
    /// <returns>One vector per text, in order; each array is the caller's own.</returns>
    public float[][] EmbedTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var result = new float[texts.Count][];
        var pending = new List<(int Index, string Key)>();
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts));
            var key = ClipTokenizer.CleanText(text);
            if (_cache.TryGet(key, out var cached)) result[i] = cached;
            else pending.Add((i, key));
        }

        var batch = _textBatchOfOne ? 1 : Options.MaxBatch;
        var l = ContextLength;
        for (var start = 0; start < pending.Count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batch, pending.Count - start);
            var ids = new long[count * l];
            var mask = _maskInput is null ? null : new long[count * l];
            for (var i = 0; i < count; i++)
            {
                var used = Tokenizer.Encode(pending[start + i].Key, ids.AsSpan(i * l, l), Options.PadWithEndToken);
                mask?.AsSpan(i * l, used).Fill(1);
            }
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [count, l]);
            using var maskValue = mask is null ? null : OrtValue.CreateTensorValueFromMemory(mask, [count, l]);
            var inputs = new Dictionary<string, OrtValue> { [_idsInput] = idsValue };
            if (maskValue is not null) inputs[_maskInput!] = maskValue;
            var embeddings = new float[count][];
            using (var outputs = _text.Run(inputs, [_textOutput], cancellationToken))
            {
                ReadEmbeddings(_text, _textOutput, outputs[0], count, embeddings, 0);
            }
            for (var i = 0; i < count; i++)
            {
                var (index, key) = pending[start + i];
                _cache.Add(key, embeddings[i]);
                result[index] = embeddings[i];
            }
        }
        // The same uncached text twice in one call is run twice; each index still gets its own array.
        return result;
    }

    /// <summary>
    /// Zero-shot tagging: the probability of each vocabulary term for the image, softmax(<see cref="ClipModelOptions.LogitScale"/>
    /// x cosine) over the vocabulary, most probable first.
    /// </summary>
    /// <param name="frame">An RGB (or grey) frame.</param>
    /// <param name="vocabulary">The candidate terms or prompts (at least one; for example "a photo of a dog").</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    public IReadOnlyList<LabelScore> Tag(ImageFrame frame, IReadOnlyList<string> vocabulary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count == 0) throw new ArgumentException("The vocabulary is empty; give at least one term.", nameof(vocabulary));
        var texts = EmbedTexts(vocabulary, cancellationToken);
        var image = EmbedImage(frame, cancellationToken);
        return Rank(image, texts, vocabulary);
    }

    /// <summary>softmax(scale x cosine) of one image embedding against the term embeddings, most probable first.</summary>
    internal IReadOnlyList<LabelScore> Rank(ReadOnlySpan<float> image, float[][] terms, IReadOnlyList<string> vocabulary)
    {
        var logits = new float[terms.Length];
        for (var t = 0; t < logits.Length; t++)
        {
            if (terms[t].Length != image.Length)
                throw new ModelSignatureException($"The image embedding has {image.Length} values but the text embedding of '{vocabulary[t]}' has {terms[t].Length}; the encoders must share one space.");
            logits[t] = Options.LogitScale * System.Numerics.Tensors.TensorPrimitives.Dot(image, terms[t]);
        }
        ModelImageInput.Softmax(logits);
        var order = ModelImageInput.TopIndices(logits, logits.Length);
        var scores = new LabelScore[order.Length];
        for (var k = 0; k < order.Length; k++) scores[k] = new LabelScore(vocabulary[order[k]], logits[order[k]]);
        return scores;
    }

    /// <summary>Everything embeddings depend on besides the model bytes, for analyser versions.</summary>
    internal string Settings() => string.Create(CultureInfo.InvariantCulture,
        $"size={ImageSizePixels};context={ContextLength};padEnd={Options.PadWithEndToken};scale={Options.LogitScale:R};mean={string.Join(",", _mean)};std={string.Join(",", _std)};img={_imageOutput};txt={_textOutput}");

    /// <summary>Releases both encoders.</summary>
    public void Dispose()
    {
        _image.Dispose();
        _text.Dispose();
    }

    private static void RequireEmbedding(OnnxModel model, string what, TensorInfo output)
    {
        if (output.ElementType != TensorElementType.Float || output.Rank != 2)
            throw new ModelSignatureException($"{what} '{model.Source}': output {output} must be float32 [N, D] (the projected embedding).");
    }

    private void ReadEmbeddings(OnnxModel model, string outputName, OrtValue output, int count, float[][] destination, int offset)
    {
        var shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 2 || shape[0] != count || shape[1] < 1)
            throw new ModelSignatureException($"Model '{model.Source}': output '{outputName}' has shape {ModelTensors.Shape(shape)} for {count} inputs; expected [{count}, D].");
        var d = (int)shape[1];
        var known = Interlocked.CompareExchange(ref _embeddingLength, d, 0);
        if (known != 0 && known != d)
            throw new ModelSignatureException($"Model '{model.Source}': output '{outputName}' gives {d}-long embeddings but the other encoder gives {known}-long; they must share one space.");
        var data = output.GetTensorDataAsSpan<float>();
        for (var i = 0; i < count; i++)
        {
            var row = data.Slice(i * d, d).ToArray();
            ModelImageInput.Normalize(row);
            destination[offset + i] = row;
        }
    }
}
