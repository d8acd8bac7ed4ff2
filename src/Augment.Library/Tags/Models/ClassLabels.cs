using System.Text.RegularExpressions;

namespace Augment.Library;

/// <summary>
/// Reads a classifier's label file: one label per line, or ImageNet synset lines such as
/// <c>n01440764 tench, Tinca tinca</c> of which the first name ("tench") is kept.
/// </summary>
internal static partial class ClassLabels
{
    public static string[] Parse(IReadOnlyList<string> lines, string source)
    {
        var count = lines.Count;
        // A final newline or trailing blank lines are not labels.
        while (count > 0 && string.IsNullOrWhiteSpace(lines[count - 1])) count--;
        if (count == 0) throw new InvalidMediaException(source, -1, "the label file has no labels");
        var labels = new string[count];
        for (var i = 0; i < count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) throw new InvalidMediaException(source, -1, $"line {i + 1} is empty; every class needs a label");
            var synset = Synset().Match(line);
            if (synset.Success)
            {
                var names = synset.Groups[1].Value;
                var comma = names.IndexOf(',', StringComparison.Ordinal);
                line = (comma < 0 ? names : names[..comma]).Trim();
            }
            labels[i] = line;
        }
        return labels;
    }

    // WordNet noun synset ids are "n" and eight digits (ImageNet's LOC_synset_mapping.txt / synset_words.txt).
    [GeneratedRegex(@"^n\d{8}\s+(\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Synset();
}
