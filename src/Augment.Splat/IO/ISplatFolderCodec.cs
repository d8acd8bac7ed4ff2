namespace Augment.Splat;

/// <summary>
/// Hook for formats stored as a folder rather than one file: an unzipped SOG (a folder holding <c>meta.json</c>
/// and its WebP images). <see cref="SplatFile.Load(string, SplatReadOptions?, CancellationToken)"/> hands such a
/// folder to the registered <see cref="SplatFormat.Sog"/> codec when that codec implements this interface.
/// </summary>
internal interface ISplatFolderCodec
{
    /// <summary>Reads the cloud stored in <paramref name="directory"/>.</summary>
    GaussianCloud ReadFolder(string directory, SplatReadOptions options, CancellationToken cancellationToken);
}
