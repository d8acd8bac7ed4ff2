using System.Text;
using System.Text.Json;
using Augment.Library;
using Augment.Vision;
using BenchmarkDotNet.Attributes;

namespace Augment.Benchmarks;

/// <summary>
/// The model-side costs of tagging a shot: CLIP's preprocessing of a 1920 x 1080 keyframe to a normalised 224 x 224
/// tensor (Pillow-convention resize that computes only the crop) against a whole-frame Vision resize then crop, and
/// <see cref="ClipModel.EmbedText"/> of a query served from the cache against a run (tokenise + a tiny text encoder,
/// so the run is nearly all overhead, not model).
/// </summary>
[MemoryDiagnoser]
public class ModelInputBenchmarks
{
    private static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    private ImageFrame _frame = null!;
    private float[] _tensor = null!;
    private ClipModel _cached = null!;
    private ClipModel _uncached = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frame = ImageFrame.Create(1920, 1080, 3);
        var random = new Random(3);
        foreach (ref var v in _frame.Data) v = (float)random.NextDouble();
        _tensor = new float[3 * 224 * 224];

        string[] tokens = ["a", "b", "c", "a</w>", "b</w>", "c</w>", "ab", "bc</w>", "ab</w>", "<|startoftext|>", "<|endoftext|>"];
        var vocab = new Dictionary<string, int>();
        for (var i = 0; i < tokens.Length; i++) vocab[tokens[i]] = i;
        var table = new float[tokens.Length * 512];
        for (var i = 0; i < table.Length; i++) table[i] = (float)random.NextDouble();
        var text = new OnnxGraphBuilder("text")
            .Input("input_ids", Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, "n", 77)
            .Initializer("table", table, tokens.Length, 512)
            .Node("Gather", ["table", "input_ids"], ["rows"], OnnxAttributeValue.Int("axis", 0))
            .Node("ReduceMean", ["rows"], ["text_embeds"], OnnxAttributeValue.Ints("axes", 1), OnnxAttributeValue.Int("keepdims", 0))
            .Output("text_embeds", "n", 512).ToBytes();
        var image = new OnnxGraphBuilder("image")
            .Input("pixel_values", "n", 3, 224, 224)
            .Initializer("projection", new float[3 * 512], 3, 512)
            .Node("ReduceMean", ["pixel_values"], ["pooled"], OnnxAttributeValue.Ints("axes", 2, 3), OnnxAttributeValue.Int("keepdims", 0))
            .Node("MatMul", ["pooled", "projection"], ["image_embeds"])
            .Output("image_embeds", "n", 512).ToBytes();
        ClipTokenizer Tokenizer() => ClipTokenizer.Load(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(vocab)),
            new MemoryStream(Encoding.UTF8.GetBytes("#version: 0.2\nb c</w>\na b\na b</w>\n")));
        _cached = ClipModel.Load(image, text, Tokenizer());
        _uncached = ClipModel.Load(image, text, Tokenizer(), ClipModelOptions.Default with { TextCacheCapacity = 0 });
        _cached.EmbedText("abc ab cab ba");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _frame.Dispose();
        _cached.Dispose();
        _uncached.Dispose();
    }

    /// <summary>Whole-frame Catmull-Rom resize to 398 x 224 (encoded values), then crop and normalise.</summary>
    [Benchmark(Baseline = true)]
    public float ClipInput_VisionResizeThenCrop()
    {
        using var resized = _frame.Resize(new ResizeOptions { Width = 398, Height = 224, Kernel = ResampleKernel.CatmullRom, LinearLight = false });
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 224; y++)
            {
                var row = resized.Row(c, y).Slice(87, 224);
                var target = _tensor.AsSpan((c * 224 + y) * 224, 224);
                for (var x = 0; x < 224; x++) target[x] = (row[x] - Mean[c]) / Std[c];
            }
        }
        return _tensor[0];
    }

    /// <summary>The CLIP input as <see cref="ClipModel"/> builds it: resize-and-crop in one pass, one thread.</summary>
    [Benchmark]
    public float ClipInput_PillowResizeCrop()
    {
        ModelImageInput.Fill(_frame, 224, 224, 224, ResampleKernel.CatmullRom, Mean, Std, _tensor);
        return _tensor[0];
    }

    /// <summary>A repeated query: clean-up, cache hit, copy.</summary>
    [Benchmark]
    public float EmbedText_Cached() => _cached.EmbedText("abc ab cab ba")[0];

    /// <summary>The same query run every time: clean-up, BPE, a 77-token tiny encoder run.</summary>
    [Benchmark]
    public float EmbedText_Uncached() => _uncached.EmbedText("abc ab cab ba")[0];
}
