using Augment.Provenance.Claims;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Validation;

/// <summary>The manifests of a parsed store by label, and JUMBF URI resolution inside it.</summary>
internal sealed class ManifestStore
{
    private readonly Dictionary<string, JumbfBox> _byLabel = new(StringComparer.Ordinal);

    public ManifestStore(JumbfBox root, string? source)
    {
        Root = root;
        if (root.Description is not { } description || !description.Is(JumbfTypes.ManifestStoreCode))
            throw new InvalidMediaException(source, root.Offset, "the JUMBF is not a C2PA manifest store ('c2pa' UUID)");
        var labels = new List<string>();
        foreach (var child in root.Children)
        {
            if (child.Description is not { } d || !(d.Is(JumbfTypes.ManifestCode) || d.Is(JumbfTypes.UpdateManifestCode)))
                continue;
            if (string.IsNullOrEmpty(child.Label))
                throw new InvalidMediaException(source, child.Offset, "manifest superbox without a label");
            if (!_byLabel.TryAdd(child.Label, child))
                throw new InvalidMediaException(source, child.Offset, $"two manifests labelled '{child.Label}'");
            labels.Add(child.Label);
        }
        Labels = labels;
    }

    /// <summary>The store superbox.</summary>
    public JumbfBox Root { get; }

    /// <summary>Manifest labels in store order; the last is the active manifest (C2PA 2.1, section 11.1.4).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The active manifest's label, or null for an empty store.</summary>
    public string? ActiveLabel => Labels.Count == 0 ? null : Labels[^1];

    /// <summary>The manifest superbox with this label, or null.</summary>
    public JumbfBox? Manifest(string label) => _byLabel.GetValueOrDefault(label);

    /// <summary>Resolves a JUMBF URI, relative ones against <paramref name="currentManifest"/>.</summary>
    /// <param name="url">The URI.</param>
    /// <param name="currentManifest">The label of the manifest holding the reference.</param>
    /// <param name="absolute">The absolute form of the URI (for status entries).</param>
    public JumbfBox? Resolve(string url, string currentManifest, out string absolute)
    {
        absolute = url;
        if (!JumbfUri.TryParse(url, out var manifestLabel, out var path))
            return null;
        var label = manifestLabel ?? currentManifest;
        absolute = path.Length == 0 ? JumbfUri.Manifest(label) : JumbfUri.Absolute(label, string.Join('/', path));
        var box = Manifest(label);
        foreach (var segment in path)
        {
            if (box is null)
                return null;
            box = box.Child(segment);
        }
        return box;
    }

    /// <summary>The claim superbox of a manifest (v2 <c>c2pa.claim.v2</c> or v1 <c>c2pa.claim</c>), or null.</summary>
    public static JumbfBox? Claim(JumbfBox manifest)
    {
        foreach (var child in manifest.Children)
        {
            if (child.Description is { } d && d.Is(JumbfTypes.ClaimCode))
                return child;
        }
        return null;
    }

    /// <summary>The assertion store of a manifest, or null.</summary>
    public static JumbfBox? AssertionStore(JumbfBox manifest)
    {
        foreach (var child in manifest.Children)
        {
            if (child.Description is { } d && d.Is(JumbfTypes.AssertionStoreCode))
                return child;
        }
        return null;
    }

    /// <summary>The signature superbox of a manifest, or null.</summary>
    public static JumbfBox? Signature(JumbfBox manifest)
    {
        foreach (var child in manifest.Children)
        {
            if (child.Description is { } d && d.Is(JumbfTypes.SignatureCode))
                return child;
        }
        return null;
    }
}
