namespace Augment.Provenance;

/// <summary>
/// A claim thumbnail to embed (<c>c2pa.thumbnail.claim.jpeg</c> or <c>.png</c>, an embedded-file JUMBF box, C2PA 2.1,
/// section 18.11): an encoded image of the asset as signed. Augment does not decode or resize it; the caller makes it
/// (the <c>augment</c> CLI makes a JPEG whose longer side is 1024 pixels).
/// </summary>
/// <param name="Format">The media type: <c>image/jpeg</c> or <c>image/png</c>.</param>
/// <param name="Data">The encoded image.</param>
public sealed record ManifestThumbnail(string Format, ReadOnlyMemory<byte> Data)
{
    /// <summary>A JPEG thumbnail.</summary>
    /// <param name="jpeg">The encoded JPEG.</param>
    public static ManifestThumbnail Jpeg(ReadOnlyMemory<byte> jpeg) => new("image/jpeg", jpeg);

    /// <summary>A PNG thumbnail.</summary>
    /// <param name="png">The encoded PNG.</param>
    public static ManifestThumbnail Png(ReadOnlyMemory<byte> png) => new("image/png", png);

    /// <summary>The assertion label's extension (<c>jpeg</c> or <c>png</c>).</summary>
    internal string Extension => Format switch
    {
        "image/jpeg" or "image/jpg" => "jpeg",
        "image/png" => "png",
        _ => throw new ArgumentException($"thumbnail format '{Format}' is not image/jpeg or image/png.", nameof(Format)),
    };
}
