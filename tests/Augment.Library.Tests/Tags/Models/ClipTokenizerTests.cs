using System.Text;
using System.Text.Json;

namespace Augment.Library.Tests.Tags.Models;

public sealed class ClipTokenizerTests
{
    // A cut-down CLIP vocabulary: single characters, their end-of-word forms, a few merged tokens, the special tokens.
    internal static readonly string[] Tokens =
    [
        "!", "a", "b", "c", "d", "e", "r", "a</w>", "b</w>", "c</w>", "d</w>", "!</w>", "1</w>", "2</w>",
        "ab", "bc</w>", "ab</w>", "re", "red</w>", "<|startoftext|>", "<|endoftext|>",
    ];

    // Highest priority first: "b c</w>" outranks "a b", so "abc" becomes a + bc</w>, not ab + c</w>.
    internal static readonly string[] Merges = ["b c</w>", "a b", "a b</w>", "r e", "re d</w>"];

    internal static int Id(string token) => Array.IndexOf(Tokens, token) is var i and >= 0 ? i : throw new ArgumentException(token);

    internal static ClipTokenizer Create(string[]? merges = null, string[]? tokens = null)
    {
        var vocab = new Dictionary<string, int>();
        tokens ??= Tokens;
        for (var i = 0; i < tokens.Length; i++) vocab[tokens[i]] = i;
        var mergesText = "#version: 0.2\n" + string.Join("\n", merges ?? Merges) + "\n";
        return ClipTokenizer.Load(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(vocab)), new MemoryStream(Encoding.UTF8.GetBytes(mergesText)));
    }

    private static int[] Ids(params string[] tokens) => tokens.Select(Id).ToArray();

    [Fact]
    public void Merge_priority_decides_how_a_word_splits()
    {
        Assert.Equal(Ids("a", "bc</w>"), Create().Tokenize("abc"));
        // Same vocabulary, "a b" ranked first: the other split.
        var swapped = Create(["a b", "b c</w>", "a b</w>", "r e", "re d</w>"]);
        Assert.Equal(Ids("ab", "c</w>"), swapped.Tokenize("abc"));
    }

    [Theory]
    [InlineData("ab", new[] { "ab</w>" })]
    [InlineData("red", new[] { "red</w>" })]
    [InlineData("Red!", new[] { "red</w>", "!</w>" })]
    [InlineData("  ABC \t\n ab ", new[] { "a", "bc</w>", "ab</w>" })]
    [InlineData("12", new[] { "1</w>", "2</w>" })]
    [InlineData("a&amp;b", new[] { "a</w>", "b</w>" })]
    public void Text_is_cleaned_split_into_words_and_merged_in_rank_order(string text, string[] expected)
    {
        // "a&amp;b": the entity decodes to "&", a word of its own that the vocabulary lacks, so it is dropped.
        Assert.Equal(Ids(expected), Create().Tokenize(text));
    }

    [Fact]
    public void Characters_outside_the_vocabulary_are_dropped()
    {
        Assert.Equal(Ids("ab</w>"), Create().Tokenize("x ab"));
        Assert.Equal(Ids("ab</w>"), Create().Tokenize("zz ab \u00e9"));
    }

    [Fact]
    public void Encode_wraps_in_start_and_end_tokens_and_pads_with_zero_like_the_reference()
    {
        var (ids, length) = Create().Encode("abc ab", contextLength: 7);
        long s = Id("<|startoftext|>"), e = Id("<|endoftext|>");
        Assert.Equal(new[] { s, Id("a"), Id("bc</w>"), Id("ab</w>"), e, 0, 0 }, ids);
        Assert.Equal(5, length);
    }

    [Fact]
    public void Encode_can_pad_with_the_end_token()
    {
        var (ids, _) = Create().Encode("ab", contextLength: 5, padWithEndToken: true);
        long s = Id("<|startoftext|>"), e = Id("<|endoftext|>");
        Assert.Equal(new[] { s, Id("ab</w>"), e, e, e }, ids);
    }

    [Fact]
    public void Encode_truncates_long_text_but_keeps_the_end_token_last()
    {
        var (ids, length) = Create().Encode("abc ab red", contextLength: 4);
        Assert.Equal(new long[] { Id("<|startoftext|>"), Id("a"), Id("bc</w>"), Id("<|endoftext|>") }, ids);
        Assert.Equal(4, length);
    }

    [Fact]
    public void Empty_text_is_start_and_end_only()
    {
        var tokenizer = Create();
        Assert.Empty(tokenizer.Tokenize(""));
        var (ids, length) = tokenizer.Encode("   ", contextLength: 4);
        Assert.Equal(new long[] { Id("<|startoftext|>"), Id("<|endoftext|>"), 0, 0 }, ids);
        Assert.Equal(2, length);
    }

    [Fact]
    public void Special_token_text_in_a_query_is_not_a_special_token()
    {
        var ids = Create().Tokenize("<|endoftext|>");
        Assert.DoesNotContain(Id("<|endoftext|>"), ids);
    }

    [Fact]
    public void Vocabulary_without_the_special_tokens_is_rejected_naming_them()
    {
        var tokens = Tokens.Where(t => !t.StartsWith("<|", StringComparison.Ordinal)).ToArray();
        var e = Assert.Throws<InvalidModelException>(() => Create(tokens: tokens));
        Assert.Contains("<|startoftext|>", e.Message);
        Assert.Contains("<|endoftext|>", e.Message);
    }

    [Fact]
    public void Malformed_files_are_invalid_models()
    {
        Assert.Throws<InvalidModelException>(() => ClipTokenizer.Load(new MemoryStream("[1,2]"u8.ToArray()), new MemoryStream("a b\n"u8.ToArray())));
        var e = Assert.Throws<InvalidModelException>(() => Create(merges: ["a b c"]));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Loads_from_files_and_the_digest_follows_the_content()
    {
        using var folder = new TempFolder();
        var vocab = new Dictionary<string, int>();
        for (var i = 0; i < Tokens.Length; i++) vocab[Tokens[i]] = i;
        File.WriteAllBytes(folder.File("vocab.json"), JsonSerializer.SerializeToUtf8Bytes(vocab));
        File.WriteAllText(folder.File("merges.txt"), "#version: 0.2\r\n" + string.Join("\r\n", Merges) + "\r\n");
        var fromFiles = ClipTokenizer.Load(folder.File("vocab.json"), folder.File("merges.txt"));
        Assert.Equal(Ids("a", "bc</w>"), fromFiles.Tokenize("abc"));
        Assert.Equal(Id("<|startoftext|>"), fromFiles.StartTokenId);
        Assert.Equal(Id("<|endoftext|>"), fromFiles.EndTokenId);
        Assert.NotEqual(Create().Digest, Create(["a b", "b c</w>"]).Digest);
        Assert.Equal(Create().Digest, Create().Digest);
    }

    [Fact]
    public void CleanText_decodes_entities_collapses_whitespace_and_lowers_case() =>
        Assert.Equal("tom & jerry at night", ClipTokenizer.CleanText("  Tom &amp;amp; JERRY\t\tat\nNight "));
}
