namespace Augment.Library;

/// <summary>How results become an edit decision list.</summary>
public sealed record EdlOptions
{
    /// <summary>The list's title line.</summary>
    public string Title { get; init; } = "Augment search results";

    /// <summary>Frame rate of the record (timeline) side; the first video result's rate, else 25, when null.</summary>
    public double? FrameRate { get; init; }

    /// <summary>Timecode of the first event on the timeline (default 01:00:00:00, the broadcast convention).</summary>
    public string RecordStart { get; init; } = "01:00:00:00";

    /// <summary>How long a still stands on the timeline (default 5 seconds).</summary>
    public TimeSpan StillDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Shortest event; shorter ranges (a one-frame tag) are lengthened to this (default 1 second).</summary>
    public TimeSpan MinimumDuration { get; init; } = TimeSpan.FromSeconds(1);
}
