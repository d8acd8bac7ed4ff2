namespace Augment.Library;

/// <summary>
/// Shots whose keyframes are near-duplicates of each other (re-encodes, resizes, small crops of one picture),
/// linked through chains of close pairs. Each member's <see cref="LibraryHit.Score"/> is its similarity to the first
/// member, 1 - combined hash distance / 128.
/// </summary>
/// <param name="Members">Two or more shots, ordered by asset id and shot index.</param>
public sealed record DuplicateGroup(IReadOnlyList<LibraryHit> Members);
