using Augment.Provenance.Containers;
using Augment.Provenance.Jumbf;
using Augment.Provenance.Validation;
using Augment.Provenance.Watermarks;

namespace Augment.Provenance;

/// <summary>
/// Reads and validates C2PA Content Credentials from JPEG, PNG, WAV or a <c>.c2pa</c> manifest store.
/// <code>
/// var report = ContentCredentials.Read("photo.jpg", CredentialsReadOptions.WithTrustAnchorsFrom("anchors.pem"));
/// Console.WriteLine($"{report.State}: {report.SummaryLine}");
/// </code>
/// </summary>
public static class ContentCredentials
{
    /// <summary>Reads and validates the Content Credentials of a file.</summary>
    /// <param name="path">The asset (format detected from its content).</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    /// <exception cref="UnsupportedFormatException">The file is not JPEG, PNG, WAV or a manifest store.</exception>
    /// <exception cref="InvalidMediaException">The container or the manifest store's JUMBF is damaged, or there are two stores.</exception>
    public static CredentialsReport Read(string path, CredentialsReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var limits = options ?? CredentialsReadOptions.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.MaxAssetBytes)
            throw new ResourceLimitException($"'{path}' is {length} bytes; the limit is {limits.MaxAssetBytes} bytes.");
        return Read(File.ReadAllBytes(path), Path.GetFileName(path), options);
    }

    /// <summary>Reads and validates the Content Credentials of a stream (read to its end).</summary>
    /// <param name="stream">The asset.</param>
    /// <param name="mediaName">Name used in error messages, or null.</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    public static CredentialsReport Read(Stream stream, string? mediaName = null, CredentialsReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var limits = options ?? CredentialsReadOptions.Default;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limits.MaxAssetBytes)
                throw new ResourceLimitException($"'{mediaName ?? "stream"}' is larger than {limits.MaxAssetBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return Read(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), mediaName, options);
    }

    /// <summary>Reads and validates the Content Credentials of an asset in memory.</summary>
    /// <param name="asset">The asset bytes.</param>
    /// <param name="mediaName">Name used in error messages, or null.</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    public static CredentialsReport Read(ReadOnlyMemory<byte> asset, string? mediaName = null, CredentialsReadOptions? options = null)
    {
        var settings = options ?? CredentialsReadOptions.Default;
        var located = ManifestLocator.Locate(asset, mediaName);
        if (located.Store is not { } store)
            return CredentialsReport.NoManifest(located.Format);
        var root = JumbfReader.ParseSuperbox(store, mediaName, baseOffset: located.StoreOffset);
        var manifests = new ManifestStore(root, mediaName);
        return new ManifestValidator(manifests, asset, located, settings).Run();
    }

    /// <summary>
    /// Signs a new manifest (claim v2 with <c>c2pa.actions.v2</c> and a <c>c2pa.hash.data</c> hard binding, plus the
    /// definition's thumbnail, <c>cawg.metadata</c>, soft bindings, ingredients and timestamp) and embeds it in a JPEG,
    /// PNG or WAV asset held in memory. An asset that already carries credentials keeps its
    /// manifests; its active one becomes the new manifest's <c>parentOf</c> ingredient (<c>c2pa.ingredient.v3</c>,
    /// with its validation results), referenced by a <c>c2pa.opened</c> action (added first when not given).
    /// </summary>
    /// <param name="asset">The asset bytes.</param>
    /// <param name="manifest">What the manifest says.</param>
    /// <param name="signer">Signs the claim.</param>
    /// <param name="mediaName">Name used in error messages, or null.</param>
    /// <returns>The asset with its manifest store embedded.</returns>
    public static byte[] Sign(ReadOnlyMemory<byte> asset, ManifestDefinition manifest, IC2paSigner signer, string? mediaName = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signer);
        var placement = Signing.CredentialSigner.Prepare(asset, manifest, signer, mediaName);
        return ManifestEmbedder.Insert(placement.Format, placement.Asset.Span, placement.Offset, placement.Framed);
    }

    /// <summary>Signs <paramref name="inputPath"/> and writes the signed copy to <paramref name="outputPath"/> (atomically).</summary>
    /// <param name="inputPath">The asset.</param>
    /// <param name="outputPath">Where the signed asset goes.</param>
    /// <param name="manifest">What the manifest says; its title defaults to the output file name.</param>
    /// <param name="signer">Signs the claim.</param>
    public static void Sign(string inputPath, string outputPath, ManifestDefinition manifest, IC2paSigner signer)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(manifest);
        var definition = manifest.Title is null ? manifest with { Title = Path.GetFileName(outputPath) } : manifest;
        var asset = File.ReadAllBytes(inputPath);
        var placement = Signing.CredentialSigner.Prepare(asset, definition, signer, Path.GetFileName(inputPath));
        AtomicFile.Write(outputPath, stream => ManifestEmbedder.WriteTo(stream, placement.Format, placement.Asset.Span, placement.Offset, placement.Framed));
    }

    /// <summary>
    /// Recovers the credentials of an image whose metadata was stripped: detects Augment's invisible image watermark
    /// (<see cref="ImageWatermark.Detect"/>), looks its payload up as a <c>c2pa.soft-binding</c> value in
    /// <paramref name="repository"/>, and validates the manifest found there. The report is marked
    /// <see cref="CredentialsReport.IsRecovered"/>; its hard binding is checked against the repository's copy (a
    /// re-encoded image no longer matches it byte for byte, which is why the soft binding exists).
    /// </summary>
    /// <param name="frame">The image (decoded by the caller, e.g. with Augment.Vision's <c>ImageFile.Load</c>).</param>
    /// <param name="repository">Where manifests are kept.</param>
    /// <param name="options">Trust anchors and limits for validating the found manifest.</param>
    /// <param name="watermarkOptions">The watermark key and strength the image was marked with; defaults when null.</param>
    /// <param name="cancellationToken">Cancels detection and lookup.</param>
    /// <returns>The recovered, validated report, or a <see cref="CredentialsState.NoManifest"/> report when no watermark
    /// is found or the repository has no manifest for it.</returns>
    public static CredentialsReport Recover(ImageFrame frame, IManifestRepository repository, CredentialsReadOptions? options = null,
        ImageWatermarkOptions? watermarkOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(repository);
        var detection = ImageWatermark.Detect(frame, watermarkOptions, cancellationToken);
        if (!detection.Found || detection.Payload is not { } payload)
            return CredentialsReport.NoManifest(AssetFormat.Unknown);
        return Recover(new C2paSoftBinding(ImageWatermark.AlgorithmName, payload.ToBytes()), repository, options, cancellationToken);
    }

    /// <summary>Looks a soft binding (from any watermark or fingerprint algorithm) up in <paramref name="repository"/>
    /// and validates the manifest found there, marked <see cref="CredentialsReport.IsRecovered"/>.</summary>
    /// <param name="softBinding">The algorithm and value read from the asset.</param>
    /// <param name="repository">Where manifests are kept.</param>
    /// <param name="options">Trust anchors and limits.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The recovered report, or a <see cref="CredentialsState.NoManifest"/> report when nothing matches.</returns>
    public static CredentialsReport Recover(C2paSoftBinding softBinding, IManifestRepository repository, CredentialsReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(softBinding);
        ArgumentNullException.ThrowIfNull(repository);
        if (repository.Find(softBinding, cancellationToken) is not { } entry)
            return CredentialsReport.NoManifest(AssetFormat.Unknown);
        var report = Read(entry.Content, entry.Source, options);
        // The repository's index could be stale or wrong: only a manifest that really carries the binding counts.
        var carries = false;
        if (report.ActiveManifest is { } active)
        {
            foreach (var binding in active.SoftBindings)
                carries |= binding.Equals(softBinding);
        }
        return carries ? report.WithRecovery(softBinding, entry.Source) : CredentialsReport.NoManifest(AssetFormat.Unknown);
    }
}
