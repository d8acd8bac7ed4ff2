using Augment.Provenance.Watermarks;

namespace Augment.Provenance;

/// <summary>
/// Fluent signing, sugar over <see cref="ManifestDefinition"/> and <see cref="ContentCredentials.Sign(ReadOnlyMemory{byte}, ManifestDefinition, IC2paSigner, string?)"/>:
/// every call returns a new credential with one field of the definition set; nothing is read or signed until
/// <see cref="Sign"/> or <see cref="SignTo"/>.
/// <code>
/// var signed = ContentCredential.For("final.jpg")
///     .Action(C2paActions.ColorAdjusted, DigitalSourceType.CompositeWithTrainedAlgorithmicMedia)
///     .Ingredient("raw.jpg")
///     .Sign(signer);
/// </code>
/// </summary>
public sealed class ContentCredential
{
    private readonly string? _path;
    private readonly ReadOnlyMemory<byte> _asset;
    private readonly string? _mediaName;
    private readonly IReadOnlyList<(string Path, IngredientRelationship Relationship)> _ingredientPaths;

    private ContentCredential(string? path, ReadOnlyMemory<byte> asset, string? mediaName, ManifestDefinition definition,
        IReadOnlyList<(string, IngredientRelationship)> ingredientPaths)
    {
        _path = path;
        _asset = asset;
        _mediaName = mediaName;
        Definition = definition;
        _ingredientPaths = ingredientPaths;
    }

    /// <summary>The definition so far (ingredients given by path are added when signing).</summary>
    public ManifestDefinition Definition { get; }

    /// <summary>Starts a credential for a JPEG, PNG, WAV, WebP or MP4/MOV file (read when signing); its title defaults to the file name.</summary>
    /// <param name="path">The asset.</param>
    public static ContentCredential For(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ContentCredential(path, default, Path.GetFileName(path), new ManifestDefinition { Title = Path.GetFileName(path) }, []);
    }

    /// <summary>Starts a credential for an asset in memory.</summary>
    /// <param name="asset">The JPEG, PNG, WAV, WebP or MP4/MOV bytes.</param>
    /// <param name="mediaName">Its name (the title, and for messages), or null.</param>
    public static ContentCredential For(ReadOnlyMemory<byte> asset, string? mediaName = null) =>
        new(null, asset, mediaName, new ManifestDefinition { Title = mediaName }, []);

    /// <summary>Replaces the whole definition (the plain equivalent of the fluent calls).</summary>
    /// <param name="definition">The definition.</param>
    public ContentCredential With(ManifestDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ContentCredential(_path, _asset, _mediaName, definition, _ingredientPaths);
    }

    /// <summary>Adds an action, e.g. <see cref="C2paActions.ColorAdjusted"/>.</summary>
    /// <param name="action">The action name.</param>
    /// <param name="digitalSourceType">The IPTC digital source type (see <see cref="DigitalSourceType"/>), or null.</param>
    /// <param name="softwareAgent">The software that performed it, or null.</param>
    public ContentCredential Action(string action, string? digitalSourceType = null, string? softwareAgent = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        return Action(new C2paAction(action, digitalSourceType, softwareAgent, null, null));
    }

    /// <summary>Adds an action.</summary>
    /// <param name="action">The action.</param>
    public ContentCredential Action(C2paAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return With(Definition with { Actions = [.. Definition.Actions, action] });
    }

    /// <summary>Adds an ingredient file (read when signing), with its credentials carried over when it has them.</summary>
    /// <param name="path">The ingredient file.</param>
    /// <param name="relationship">componentOf (placed into the asset, the default) or inputTo.</param>
    public ContentCredential Ingredient(string path, IngredientRelationship relationship = IngredientRelationship.ComponentOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ContentCredential(_path, _asset, _mediaName, Definition, [.. _ingredientPaths, (path, relationship)]);
    }

    /// <summary>Adds an ingredient held in memory.</summary>
    /// <param name="ingredient">The ingredient.</param>
    public ContentCredential Ingredient(ManifestIngredient ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        return With(Definition with { Ingredients = [.. Definition.Ingredients, ingredient] });
    }

    /// <summary>Sets the title.</summary>
    /// <param name="title">The title.</param>
    public ContentCredential Title(string title) => With(Definition with { Title = title });

    /// <summary>Adds an author (<c>cawg.metadata</c> <c>dc:creator</c>).</summary>
    /// <param name="name">The author's name.</param>
    public ContentCredential Author(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var metadata = Definition.Metadata ?? new ManifestMetadata();
        return With(Definition with { Metadata = metadata with { Authors = [.. metadata.Authors, name] } });
    }

    /// <summary>Sets the copyright notice (<c>dc:rights</c>).</summary>
    /// <param name="notice">The notice.</param>
    public ContentCredential Copyright(string notice) =>
        With(Definition with { Metadata = (Definition.Metadata ?? new ManifestMetadata()) with { Copyright = notice } });

    /// <summary>Sets the claim thumbnail.</summary>
    /// <param name="thumbnail">The encoded thumbnail.</param>
    public ContentCredential Thumbnail(ManifestThumbnail thumbnail) => With(Definition with { Thumbnail = thumbnail });

    /// <summary>Adds a soft binding.</summary>
    /// <param name="softBinding">The algorithm and value.</param>
    public ContentCredential SoftBinding(C2paSoftBinding softBinding)
    {
        ArgumentNullException.ThrowIfNull(softBinding);
        return With(Definition with { SoftBindings = [.. Definition.SoftBindings, softBinding] });
    }

    /// <summary>Adds the soft binding of an image watermark already embedded in the asset
    /// (<see cref="ImageWatermark.AlgorithmName"/> with the payload's 8 bytes).</summary>
    /// <param name="payload">The payload that <see cref="ImageWatermark.Embed"/> wrote.</param>
    public ContentCredential Watermark(WatermarkPayload payload) =>
        SoftBinding(new C2paSoftBinding(ImageWatermark.AlgorithmName, payload.ToBytes()));

    /// <summary>Adds the soft binding of an audio watermark already embedded in the asset
    /// (<see cref="Watermarks.AudioWatermark.AlgorithmName"/> with the payload's 8 bytes), so that
    /// <see cref="ContentCredentials.Recover(AudioBuffer, IManifestRepository, CredentialsReadOptions?, AudioWatermarkOptions?, CancellationToken)"/>
    /// finds the manifest from a copy of the sound without it (an MP3, a fresh WAV of the samples).</summary>
    /// <param name="payload">The payload that <see cref="Watermarks.AudioWatermark.Embed"/> wrote.</param>
    public ContentCredential AudioWatermark(WatermarkPayload payload) =>
        SoftBinding(new C2paSoftBinding(Watermarks.AudioWatermark.AlgorithmName, payload.ToBytes()));

    /// <summary>Timestamps the signature with an RFC 3161 authority.</summary>
    /// <param name="authority">The time-stamping authority.</param>
    public ContentCredential Timestamp(ITimestampAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return With(Definition with { TimestampAuthority = authority });
    }

    /// <summary>Signs: returns the asset with its manifest store embedded (at least one action is needed).</summary>
    /// <param name="signer">Signs the claim.</param>
    public byte[] Sign(IC2paSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var asset = _path is null ? _asset : File.ReadAllBytes(_path);
        return ContentCredentials.Sign(asset, Resolved(), signer, _mediaName);
    }

    /// <summary>Signs and writes the signed asset to <paramref name="outputPath"/> (atomically).</summary>
    /// <param name="outputPath">Where the signed asset goes.</param>
    /// <param name="signer">Signs the claim.</param>
    public void SignTo(string outputPath, IC2paSigner signer)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var signed = Sign(signer);
        AtomicFile.WriteAllBytes(outputPath, signed);
    }

    private ManifestDefinition Resolved()
    {
        var definition = Definition;
        if (_ingredientPaths.Count == 0)
            return definition;
        var ingredients = new List<ManifestIngredient>(definition.Ingredients);
        foreach (var (path, relationship) in _ingredientPaths)
            ingredients.Add(ManifestIngredient.FromFile(path, relationship));
        return definition with { Ingredients = ingredients };
    }
}
