namespace Augment.Library;

/// <summary>The file formats search results export to.</summary>
public enum ExportFormat
{
    /// <summary>Comma-separated values (RFC 4180), one row per result, with a header row.</summary>
    Csv,

    /// <summary>A JSON array, one object per result.</summary>
    Json,

    /// <summary>A CMX 3600 edit decision list that editing systems import as a sequence of the result ranges.</summary>
    Edl,
}
