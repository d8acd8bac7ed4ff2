using System.CommandLine;
using Augment.Library;

namespace Augment.Cli.Commands;

/// <summary>
/// The model flags <c>library scan</c> and <c>library search</c> share: a CLIP-style dual encoder (image and text
/// ONNX files plus its BPE vocabulary and merges) and, for scans, an ImageNet-style classifier with its labels.
/// </summary>
internal sealed class LibraryModelOptions
{
    public Option<string?> ClipImage { get; } = new("--clip-image") { Description = "CLIP image encoder (.onnx): pixel_values [N,3,S,S] -> embeddings [N,D].", HelpName = "file" };
    public Option<string?> ClipText { get; } = new("--clip-text") { Description = "CLIP text encoder (.onnx): input_ids [N,L] int64 -> embeddings [N,D].", HelpName = "file" };
    public Option<string?> ClipVocab { get; } = new("--clip-vocab") { Description = "The CLIP tokenizer's vocab.json.", HelpName = "file" };
    public Option<string?> ClipMerges { get; } = new("--clip-merges") { Description = "The CLIP tokenizer's merges.txt.", HelpName = "file" };
    public Option<string?> Source { get; } = new("--clip-source") { Description = "Name the CLIP embeddings are stored and searched under (default clip).", HelpName = "name" };

    public IEnumerable<Option> All => [ClipImage, ClipText, ClipVocab, ClipMerges, Source];

    public string SourceName(ParseResult parse) => parse.GetValue(Source) ?? ClipAnalyzerOptions.Default.Source;

    /// <summary>The CLIP model when its four files are given; null when none is; an error when only some are.</summary>
    public ClipModel? LoadClip(ParseResult parse)
    {
        var files = new[] { (ClipImage, parse.GetValue(ClipImage)), (ClipText, parse.GetValue(ClipText)), (ClipVocab, parse.GetValue(ClipVocab)), (ClipMerges, parse.GetValue(ClipMerges)) };
        if (files.All(f => f.Item2 is null))
            return null;
        foreach (var (option, path) in files)
        {
            if (path is null)
                throw new ArgumentException($"{option.Name}: a CLIP model needs --clip-image, --clip-text, --clip-vocab and --clip-merges together.");
            if (!File.Exists(path))
                throw new FileNotFoundException($"{option.Name}: '{path}' does not exist.", path);
        }
        return ClipModel.Load(files[0].Item2!, files[1].Item2!, files[2].Item2!, files[3].Item2!);
    }
}
