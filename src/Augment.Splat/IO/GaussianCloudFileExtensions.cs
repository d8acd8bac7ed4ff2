namespace Augment.Splat;

/// <summary>
/// File I/O spelled on <see cref="GaussianCloud"/> itself (C# 14 extension members):
/// <c>var scene = GaussianCloud.Load("plaza.ply");</c> and <c>scene.Save("plaza.splat");</c>. See <see cref="SplatFile"/>.
/// </summary>
public static class GaussianCloudFileExtensions
{
    extension(GaussianCloud)
    {
        /// <summary>Reads a splat file (or SOG folder), detecting the format from its content; see <see cref="SplatFile.Load(string, SplatReadOptions?, CancellationToken)"/>.</summary>
        /// <param name="path">The file or SOG folder.</param>
        /// <param name="options">Limits; defaults when null.</param>
        /// <param name="cancellationToken">Checked between blocks.</param>
        public static GaussianCloud Load(string path, SplatReadOptions? options = null, CancellationToken cancellationToken = default) =>
            SplatFile.Load(path, options, cancellationToken);

        /// <summary>Reads a splat from a stream, detecting the format from its content; see <see cref="SplatFile.Load(Stream, string?, SplatReadOptions?, CancellationToken)"/>.</summary>
        /// <param name="stream">The data from its current position.</param>
        /// <param name="options">Limits; defaults when null.</param>
        /// <param name="cancellationToken">Checked between blocks.</param>
        public static GaussianCloud Load(Stream stream, SplatReadOptions? options = null, CancellationToken cancellationToken = default) =>
            SplatFile.Load(stream, null, options, cancellationToken);
    }

    /// <summary>Saves the cloud in the format its extension names, atomically; see <see cref="SplatFile.Save(GaussianCloud, string, SplatWriteOptions?, CancellationToken)"/>.</summary>
    /// <param name="cloud">The splats.</param>
    /// <param name="path">Destination (.ply, .compressed.ply, .splat, .spz, .sog).</param>
    /// <param name="options">Format settings; defaults when null.</param>
    /// <param name="cancellationToken">Checked between blocks.</param>
    public static void Save(this GaussianCloud cloud, string path, SplatWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        SplatFile.Save(cloud, path, options, cancellationToken);
}
