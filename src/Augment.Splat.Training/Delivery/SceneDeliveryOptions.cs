using System.Numerics;
using Augment.Splat.Cleaning;
using Augment.Splat.Compression;

namespace Augment.Splat.Training;

/// <summary>What <see cref="SceneDelivery.Deliver"/> does with a trained scene before and after writing it.</summary>
public sealed record SceneDeliveryOptions
{
    /// <summary>Cleaning before writing (default <see cref="CleaningPreset.Standard"/>); null skips cleaning.</summary>
    public CleaningPreset? Cleaning { get; init; } = CleaningPreset.Standard;

    /// <summary>
    /// Compression preset (e.g. <see cref="CompressionPreset.Mobile"/>, with a <c>.sog</c> or <c>.spz</c> output); null
    /// writes the cleaned scene as it is, in the format of the output's extension.
    /// </summary>
    public CompressionPreset? Compression { get; init; }

    /// <summary>Also write the scene as trained (before cleaning and compression) here, e.g. a full-quality <c>.ply</c>; null: not written.</summary>
    public string? TrainedPath { get; init; }

    /// <summary>
    /// Folder for the preview PNGs (created if missing): per held-out view a render of the delivered file and a
    /// photo | render comparison; with no held-out views an orbit contact sheet. Null writes no previews (the
    /// held-out views are still graded).
    /// </summary>
    public string? PreviewFolder { get; init; }

    /// <summary>Background the scene was trained over (the trainer's <see cref="SplatTrainerOptions.Background"/>).</summary>
    public Vector3 Background { get; init; }

    /// <summary>Threads and memory cleaning, compression and rendering may use.</summary>
    public ComputeBudget Budget { get; init; } = ComputeBudget.Default;
}
