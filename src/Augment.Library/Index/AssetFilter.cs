namespace Augment.Library;

/// <summary>
/// Narrows a listing or a search. Every set field must hold; unset fields do not filter. Failed files are left out
/// unless <see cref="IncludeFailed"/> is set.
/// </summary>
public sealed record AssetFilter
{
    /// <summary>Only images or only videos.</summary>
    public AssetKind? Kind { get; init; }

    /// <summary>Only assets at least this long (stills have zero duration).</summary>
    public TimeSpan? MinDuration { get; init; }

    /// <summary>Only assets at most this long.</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>Only assets at least this wide, in pixels.</summary>
    public int? MinWidth { get; init; }

    /// <summary>Only assets at least this tall, in pixels.</summary>
    public int? MinHeight { get; init; }

    /// <summary>Only assets dated on or after this instant (capture time, else file time).</summary>
    public DateTime? From { get; init; }

    /// <summary>Only assets dated before this instant (capture time, else file time).</summary>
    public DateTime? Until { get; init; }

    /// <summary>Only assets whose path starts with this folder (a trailing separator is implied).</summary>
    public string? Folder { get; init; }

    /// <summary>Also list files whose last scan failed.</summary>
    public bool IncludeFailed { get; init; }

    /// <summary>No filtering.</summary>
    public static AssetFilter None { get; } = new();
}
