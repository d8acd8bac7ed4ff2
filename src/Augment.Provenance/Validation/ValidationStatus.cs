namespace Augment.Provenance;

/// <summary>One C2PA validation status entry (C2PA 2.1, section 15.2.1).</summary>
/// <param name="Code">The status code, e.g. <c>claimSignature.validated</c> (see <see cref="ValidationCodes"/>).</param>
/// <param name="Url">The JUMBF URI of the box it concerns, or null.</param>
/// <param name="Explanation">A human explanation, or null.</param>
public sealed record ValidationStatus(string Code, string? Url, string? Explanation);
