using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Augment.Library;

/// <summary>
/// CLIP's text tokenizer (Radford et al. 2021, the <c>simple_tokenizer</c> of openai/CLIP): byte-level BPE with the
/// end-of-word suffix <c>&lt;/w&gt;</c>, over <c>vocab.json</c> and <c>merges.txt</c> (the Hugging Face
/// <c>openai/clip-vit-base-patch32</c> files), run by Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>. Text is
/// cleaned first (HTML entities decoded, whitespace collapsed, lower case), and every sequence is
/// <c>&lt;|startoftext|&gt;</c> tokens <c>&lt;|endoftext|&gt;</c>, truncated and padded to the context length.
/// Thread-safe.
/// </summary>
/// <remarks>
/// Differences from the reference: ftfy's mojibake repair is not applied, and characters whose bytes are not in the
/// vocabulary are dropped (CLIP's own vocabulary has every byte, so this only happens with a cut-down vocabulary).
/// The special tokens are never produced from the text itself: "&lt;|endoftext|&gt;" typed in a query is tokenised as
/// punctuation and letters.
/// </remarks>
public sealed partial class ClipTokenizer
{
    /// <summary>The start token's text.</summary>
    public const string StartToken = "<|startoftext|>";

    /// <summary>The end token's text.</summary>
    public const string EndToken = "<|endoftext|>";

    private readonly BpeTokenizer _bpe;

    private ClipTokenizer(BpeTokenizer bpe, int startId, int endId, int vocabularySize, string digest)
    {
        _bpe = bpe;
        StartTokenId = startId;
        EndTokenId = endId;
        VocabularySize = vocabularySize;
        Digest = digest;
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> in the vocabulary.</summary>
    public int StartTokenId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> in the vocabulary.</summary>
    public int EndTokenId { get; }

    /// <summary>Number of entries in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>SHA-256 (lower-case hex) of the vocabulary and merges bytes.</summary>
    public string Digest { get; }

    /// <summary>Loads <c>vocab.json</c> (token to id) and <c>merges.txt</c> (one "left right" pair per line, highest priority first).</summary>
    /// <param name="vocabPath">The vocabulary file.</param>
    /// <param name="mergesPath">The merges file; a first line starting with <c>#version</c> is skipped.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidModelException">The files cannot be read as a CLIP vocabulary, or it lacks the start or end token.</exception>
    public static ClipTokenizer Load(string vocabPath, string mergesPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(vocabPath);
        ArgumentException.ThrowIfNullOrEmpty(mergesPath);
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"Vocabulary file '{vocabPath}' does not exist.", vocabPath);
        if (!File.Exists(mergesPath)) throw new FileNotFoundException($"Merges file '{mergesPath}' does not exist.", mergesPath);
        return Create(File.ReadAllBytes(vocabPath), File.ReadAllBytes(mergesPath), vocabPath, mergesPath);
    }

    /// <summary>Loads the vocabulary and merges from streams (each read to its end).</summary>
    /// <param name="vocab">The <c>vocab.json</c> bytes.</param>
    /// <param name="merges">The <c>merges.txt</c> bytes.</param>
    /// <inheritdoc cref="Load(string, string)" path="/exception"/>
    public static ClipTokenizer Load(Stream vocab, Stream merges)
    {
        ArgumentNullException.ThrowIfNull(vocab);
        ArgumentNullException.ThrowIfNull(merges);
        return Create(ReadAll(vocab), ReadAll(merges), "vocabulary stream", "merges stream");
    }

    /// <summary>
    /// CLIP's text clean-up: HTML entities decoded (twice, as the reference does), runs of whitespace collapsed to one
    /// space, trimmed, lower case (invariant culture).
    /// </summary>
    /// <param name="text">Any text.</param>
    public static string CleanText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decoded = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return Whitespace().Replace(decoded, " ").Trim().ToLowerInvariant();
    }

    /// <summary>The BPE token ids of <paramref name="text"/> after <see cref="CleanText"/>, without start or end tokens.</summary>
    /// <param name="text">Any text; empty text gives no tokens.</param>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = CleanText(text);
        return cleaned.Length == 0 ? [] : _bpe.EncodeToIds(cleaned);
    }

    /// <summary>
    /// One model input row: start token, the text's tokens, end token, exactly <paramref name="contextLength"/> long.
    /// Longer text is cut so that the end token is still the last (as CLIP's <c>tokenize(truncate=True)</c>); shorter
    /// text is padded with 0 (CLIP's reference) or with the end token.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <param name="contextLength">Sequence length, at least 2 (77 for CLIP).</param>
    /// <param name="padWithEndToken">Pad with <see cref="EndTokenId"/> instead of 0, for text encoders exported to
    /// expect that; CLIP's reference pads with 0.</param>
    /// <returns>The ids, and how many of them are not padding.</returns>
    public (long[] Ids, int Length) Encode(string text, int contextLength = 77, bool padWithEndToken = false)
    {
        var ids = new long[contextLength];
        var length = Encode(text, ids, padWithEndToken);
        return (ids, length);
    }

    /// <summary>Writes one row of <paramref name="destination"/>.Length ids; returns how many are not padding.</summary>
    internal int Encode(string text, Span<long> destination, bool padWithEndToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (destination.Length < 2)
            throw new ArgumentOutOfRangeException(nameof(destination), destination.Length, "The context length must be at least 2 (start and end tokens).");
        var tokens = Tokenize(text);
        var kept = Math.Min(tokens.Count, destination.Length - 2);
        destination[0] = StartTokenId;
        for (var i = 0; i < kept; i++) destination[1 + i] = tokens[i];
        destination[1 + kept] = EndTokenId;
        destination[(2 + kept)..].Fill(padWithEndToken ? EndTokenId : 0);
        return 2 + kept;
    }

    private static ClipTokenizer Create(byte[] vocabBytes, byte[] mergesBytes, string vocabSource, string mergesSource)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabBytes)
                ?? throw new InvalidModelException($"Vocabulary '{vocabSource}' is null; it must be a JSON object of token to id.");
        }
        catch (JsonException e)
        {
            throw new InvalidModelException($"Vocabulary '{vocabSource}' is not a JSON object of token to id: {e.Message}", e);
        }
        if (vocabulary.Count == 0) throw new InvalidModelException($"Vocabulary '{vocabSource}' is empty.");
        var missing = new List<string>();
        if (!vocabulary.TryGetValue(StartToken, out var start)) missing.Add(StartToken);
        if (!vocabulary.TryGetValue(EndToken, out var end)) missing.Add(EndToken);
        if (missing.Count > 0)
            throw new InvalidModelException($"Vocabulary '{vocabSource}' has no {string.Join(" or ", missing)}; a CLIP vocabulary needs both special tokens.");

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(mergesBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidModelException($"Merges '{mergesSource}' is not UTF-8 text.", e);
        }
        var merges = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || (i == 0 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
                throw new InvalidModelException($"Merges '{mergesSource}' line {i + 1} is '{line}'; each line must be two tokens separated by one space.");
            merges.Add(line);
        }

        BpeTokenizer bpe;
        try
        {
            bpe = BpeTokenizer.Create(new BpeOptions(vocabulary)
            {
                Merges = merges,
                EndOfWordSuffix = "</w>",
                // CLIP maps UTF-8 bytes to printable characters as GPT-2 does (bytes_to_unicode).
                ByteLevel = true,
                PreTokenizer = new RegexPreTokenizer(Words(), null),
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InvalidModelException($"Vocabulary '{vocabSource}' and merges '{mergesSource}' do not make a BPE tokenizer: {e.Message}", e);
        }
        var digest = ModelDigest.OfStrings([ModelDigest.OfBytes(vocabBytes), ModelDigest.OfBytes(mergesBytes)]);
        return new ClipTokenizer(bpe, start, end, vocabulary.Count, digest);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    // CLIP's word pattern (simple_tokenizer.py) without the special tokens: contractions, letter runs, single digits,
    // runs of other non-space characters.
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
