using Augment.Vision;

namespace Augment.Library;

/// <summary>
/// One shot of an asset as a scan records it: its time range, keyframe, the perceptual hashes of the keyframe and
/// a small JPEG thumbnail of it. A still image has exactly one shot, index 0, of zero duration.
/// </summary>
/// <param name="Index">Shot number within the asset, from 0, in timeline order.</param>
/// <param name="Start">Time of the shot's first frame.</param>
/// <param name="End">End of the shot: the time just after its last frame (equal to <paramref name="Start"/> for a still).</param>
public sealed record ShotRecord(int Index, TimeSpan Start, TimeSpan End)
{
    /// <summary>Time of the keyframe that represents the shot (hashes, thumbnail, embeddings).</summary>
    public TimeSpan Keyframe { get; init; }

    /// <summary>How the shot began.</summary>
    public ShotTransition Transition { get; init; }

    /// <summary>pHash and dHash of the keyframe, when computed.</summary>
    public ImageHashes? Hashes { get; init; }

    /// <summary>JPEG bytes of a small thumbnail of the keyframe, when made.</summary>
    public byte[]? Thumbnail { get; init; }
}
