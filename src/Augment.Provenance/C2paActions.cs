namespace Augment.Provenance;

/// <summary>Action names of <c>c2pa.actions.v2</c> (C2PA 2.1, section 18.8.3), for <see cref="C2paAction.Action"/>.</summary>
public static class C2paActions
{
    /// <summary><c>c2pa.created</c>: the asset was made (captured, generated, drawn).</summary>
    public const string Created = "c2pa.created";
    /// <summary><c>c2pa.opened</c>: an existing asset (the parentOf ingredient) was opened to be edited.</summary>
    public const string Opened = "c2pa.opened";
    /// <summary><c>c2pa.edited</c>: a general edit.</summary>
    public const string Edited = "c2pa.edited";
    /// <summary><c>c2pa.color_adjustments</c>: colour, tone or exposure changed.</summary>
    public const string ColorAdjusted = "c2pa.color_adjustments";
    /// <summary><c>c2pa.cropped</c>.</summary>
    public const string Cropped = "c2pa.cropped";
    /// <summary><c>c2pa.resized</c>.</summary>
    public const string Resized = "c2pa.resized";
    /// <summary><c>c2pa.filtered</c>: a filter or effect applied.</summary>
    public const string Filtered = "c2pa.filtered";
    /// <summary><c>c2pa.placed</c>: a componentOf ingredient was placed into the asset.</summary>
    public const string Placed = "c2pa.placed";
    /// <summary><c>c2pa.transcoded</c>: re-encoded without changing the content.</summary>
    public const string Transcoded = "c2pa.transcoded";
    /// <summary><c>c2pa.watermarked</c>: an invisible watermark was added.</summary>
    public const string Watermarked = "c2pa.watermarked";
    /// <summary><c>c2pa.published</c>.</summary>
    public const string Published = "c2pa.published";
}
