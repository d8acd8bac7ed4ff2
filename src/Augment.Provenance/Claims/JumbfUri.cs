namespace Augment.Provenance.Claims;

/// <summary>
/// JUMBF URIs as C2PA uses them (C2PA 2.1, section 8.3): <c>self#jumbf=/c2pa/{manifest}/c2pa.assertions/{label}</c>
/// (absolute) or <c>self#jumbf=c2pa.assertions/{label}</c> (relative to the manifest that holds the reference).
/// </summary>
internal static class JumbfUri
{
    private const string Prefix = "self#jumbf=";

    /// <summary>Splits a URI into the manifest label it names (null when relative) and the path inside that manifest.</summary>
    public static bool TryParse(string url, out string? manifestLabel, out string[] path)
    {
        manifestLabel = null;
        path = [];
        if (!url.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        var rest = url[Prefix.Length..];
        if (rest.StartsWith("/c2pa/", StringComparison.Ordinal))
        {
            rest = rest["/c2pa/".Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                manifestLabel = rest;
                return rest.Length > 0;
            }
            manifestLabel = rest[..slash];
            rest = rest[(slash + 1)..];
        }
        else if (rest.StartsWith('/'))
        {
            return false;
        }
        path = rest.Length == 0 ? [] : rest.Split('/');
        return manifestLabel is not null || path.Length > 0;
    }

    /// <summary>The absolute URI of a box inside a manifest.</summary>
    public static string Absolute(string manifestLabel, string relativePath) => $"{Prefix}/c2pa/{manifestLabel}/{relativePath}";

    /// <summary>The absolute URI of a manifest.</summary>
    public static string Manifest(string manifestLabel) => $"{Prefix}/c2pa/{manifestLabel}";

    /// <summary>An assertion label without its instance suffix (<c>c2pa.ingredient__2</c> -> <c>c2pa.ingredient</c>).</summary>
    public static string BaseLabel(string label)
    {
        var index = label.LastIndexOf("__", StringComparison.Ordinal);
        if (index > 0 && index + 2 < label.Length)
        {
            var allDigits = true;
            for (var i = index + 2; i < label.Length; i++)
                allDigits &= char.IsAsciiDigit(label[i]);
            if (allDigits)
                return label[..index];
        }
        return label;
    }
}
