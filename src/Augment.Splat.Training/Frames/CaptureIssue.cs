namespace Augment.Splat.Training;

/// <summary>One problem found in a capture, with the stretch of the video it covers and a message for the person filming.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Start">Start of the affected stretch (the video's start for whole-video issues).</param>
/// <param name="End">End of the affected stretch (exclusive; the video's end for whole-video issues).</param>
/// <param name="Message">A sentence for the user, e.g. "fast pans between 0:42 and 0:51 (motion blur): pan more slowly".</param>
public sealed record CaptureIssue(CaptureIssueKind Kind, TimeSpan Start, TimeSpan End, string Message);
