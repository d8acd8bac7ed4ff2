namespace Augment.Library;

/// <summary>One tag on one shot: a word or phrase with a confidence and the time range it holds for.</summary>
/// <param name="Name">The tag, for example "sunset" or "red car".</param>
/// <param name="Score">Confidence from 0 to 1.</param>
/// <param name="ShotIndex">The shot it belongs to (0 for a still).</param>
/// <param name="Start">Start of the range the tag holds for.</param>
/// <param name="End">End of that range.</param>
public sealed record AssetTag(string Name, float Score, int ShotIndex, TimeSpan Start, TimeSpan End);
