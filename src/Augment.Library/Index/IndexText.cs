using System.Text;

namespace Augment.Library;

/// <summary>
/// How tags, paths and queries are split into searchable words, the same way for every index: lower case
/// (invariant culture), runs of letters and digits; everything else separates words. "Red_Car-2.mp4" is
/// "red car 2 mp4".
/// </summary>
public static class IndexText
{
    /// <summary>The words of <paramref name="text"/>, in order, repeats kept.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        var terms = new List<string>();
        if (string.IsNullOrEmpty(text))
            return terms;
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }
            if (word.Length > 0)
            {
                terms.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
            terms.Add(word.ToString());
        return terms;
    }

    /// <summary>The words of <paramref name="text"/> joined by single spaces: the form full-text columns store.</summary>
    public static string Normalize(string? text) => string.Join(' ', Terms(text));

    /// <summary>Whether <paramref name="term"/> is one word as <see cref="Terms"/> makes them (safe to put in a query).</summary>
    public static bool IsTerm(string? term)
    {
        if (string.IsNullOrEmpty(term))
            return false;
        var terms = Terms(term);
        return terms.Count == 1 && string.Equals(terms[0], term, StringComparison.Ordinal);
    }

    /// <summary>
    /// The distinct query words of a text search, in ordinal order, after checking that each is one word as
    /// <see cref="Terms"/> makes them: what every backend does first, and what keeps query syntax (FTS5, tsquery) out.
    /// </summary>
    /// <exception cref="ArgumentException">A term is not one lower-case word of letters and digits.</exception>
    internal static SortedSet<string> CheckedTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var distinct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (!IsTerm(term))
                throw new ArgumentException($"Search term \"{term}\" is not one lower-case word of letters and digits (split queries with {nameof(IndexText)}.{nameof(Terms)}).", nameof(terms));
            distinct.Add(term);
        }
        return distinct;
    }
}
