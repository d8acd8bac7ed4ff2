using Augment.Provenance.Containers;
using Augment.Provenance.Jumbf;
using Augment.Provenance.Validation;
using Augment.Provenance.Watermarks;

namespace Augment.Provenance;

/// <summary>
/// Reads, validates and signs C2PA Content Credentials in JPEG, PNG, WAV, WebP and MP4/MOV (ISO BMFF), or in a
/// <c>.c2pa</c> sidecar beside any file.
/// <code>
/// var report = ContentCredentials.Read("photo.jpg", CredentialsReadOptions.WithTrustAnchorsFrom("anchors.pem"));
/// Console.WriteLine($"{report.State}: {report.SummaryLine}");
/// </code>
/// </summary>
public static class ContentCredentials
{
    /// <summary>
    /// Reads and validates the Content Credentials of a file. When the file carries no embedded store (or is in a format
    /// Augment does not embed into), a sidecar next to it is used: <c>&lt;file&gt;.c2pa</c> (e.g. <c>clip.mp4.c2pa</c>),
    /// else <c>&lt;basename&gt;.c2pa</c> (<c>clip.c2pa</c>); <see cref="CredentialsReport.StoreSource"/> says which.
    /// </summary>
    /// <param name="path">The asset (format detected from its content).</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    /// <exception cref="UnsupportedFormatException">The file is in no format Augment reads and has no sidecar.</exception>
    /// <exception cref="InvalidMediaException">The container or the manifest store's JUMBF is damaged, or there are two stores.</exception>
    public static CredentialsReport Read(string path, CredentialsReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var asset = ReadLimited(path, options);
        var name = Path.GetFileName(path);
        var format = ManifestLocator.Detect(asset);
        if (format != AssetFormat.Unknown)
        {
            var located = ManifestLocator.Locate(asset, name);
            if (located.Store is not null || format == AssetFormat.Sidecar)
                return Validate(asset, located, name, options);
        }
        if (FindSidecar(path) is { } sidecar)
            return Read(asset, ReadLimited(sidecar, options), format, name, sidecar, options);
        if (format == AssetFormat.Unknown)
            throw new UnsupportedFormatException($"'{name}' is not JPEG, PNG, WAV, WebP, MP4/MOV (ISO BMFF) or a C2PA manifest store, and has no sidecar ({name}.c2pa).");
        return CredentialsReport.NoManifest(format);
    }

    /// <summary>Reads and validates an asset against the manifest store in <paramref name="sidecarPath"/> (a <c>.c2pa</c>
    /// file): the store's hard binding is checked over the asset's bytes. Any embedded store is ignored.</summary>
    /// <param name="assetPath">The asset, in any format.</param>
    /// <param name="sidecarPath">The manifest store.</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    /// <exception cref="InvalidMediaException">The sidecar is not a manifest store or its JUMBF is damaged.</exception>
    public static CredentialsReport Read(string assetPath, string sidecarPath, CredentialsReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetPath);
        ArgumentException.ThrowIfNullOrEmpty(sidecarPath);
        var asset = ReadLimited(assetPath, options);
        return Read(asset, ReadLimited(sidecarPath, options), ManifestLocator.Detect(asset), Path.GetFileName(assetPath), sidecarPath, options);
    }

    /// <summary>Reads and validates an asset in memory against a manifest store held apart from it (a sidecar).</summary>
    /// <param name="asset">The asset bytes, in any format.</param>
    /// <param name="manifestStore">The JUMBF manifest store (the content of a <c>.c2pa</c> file).</param>
    /// <param name="mediaName">Name used in error messages, or null.</param>
    /// <param name="options">Trust anchors and limits; <see cref="CredentialsReadOptions.Default"/> when null.</param>
    public static CredentialsReport Read(ReadOnlyMemory<byte> asset, ReadOnlyMemory<byte> manifestStore, string? mediaName = null, CredentialsReadOptions? options = null) =>
        Read(asset, manifestStore, ManifestLocator.Detect(asset.Span), mediaName, null, options);

    private static CredentialsReport Read(ReadOnlyMemory<byte> asset, ReadOnlyMemory<byte> store, AssetFormat format, string? mediaName, string? sidecarPath, CredentialsReadOptions? options)
    {
        var storeName = sidecarPath is null ? mediaName + " (sidecar)" : Path.GetFileName(sidecarPath);
        if (!ManifestLocator.IsManifestStore(store.Span))
            throw new InvalidMediaException(storeName, 0, "the sidecar is not a C2PA manifest store (no jumb superbox labelled c2pa)");
        // A sidecar's binding is to the asset as it is: a bare store given as the "asset" has nothing to bind to.
        var assetFormat = format == AssetFormat.Sidecar ? AssetFormat.Unknown : format;
        var located = new LocatedStore(assetFormat, store, 0, External: true, SidecarPath: sidecarPath);
        return Validate(asset, located, storeName, options);
    }

    /// <summary>The sidecar beside <paramref name="assetPath"/>: <c>&lt;asset&gt;.c2pa</c>, else <c>&lt;basename&gt;.c2pa</c>, else null.</summary>
    internal static string? FindSidecar(string assetPath)
    {
        var appended = assetPath + ".c2pa";
        if (File.Exists(appended))
            return appended;
        var replaced = Path.ChangeExtension(assetPath, ".c2pa");
        if (!string.Equals(Path.GetFullPath(replaced), Path.GetFullPath(assetPath), StringComparison.Ordinal) && File.Exists(replaced))
            return replaced;
        return null;
    }

    private static byte[] ReadLimited(string path, CredentialsReadOptions? options)
    {
        var limits = options ?? CredentialsReadOptions.Default;
        var length = new FileInfo(path).Length;
        if (length > limits.MaxAssetBytes)
            throw new ResourceLimitException($"'{path}' is {length} bytes; the limit is {limits.MaxAssetBytes} bytes.");
        return File.ReadAllBytes(path);
    }

    private static CredentialsReport Validate(ReadOnlyMemory<byte> asset, LocatedStore located, string? mediaName, CredentialsReadOptions? options)
    {
        if (located.Store is not { } store)
            return CredentialsReport.NoManifest(located.Format);
        var root = JumbfReader.ParseSuperbox(store, mediaName, baseOffset: located.StoreOffset);
        var manifests = new ManifestStore(root, mediaName);
        return new ManifestValidator(manifests, asset, located, options ?? CredentialsReadOptions.Default).Run();
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
        return Validate(asset, ManifestLocator.Locate(asset, mediaName), mediaName, options);
    }

    /// <summary>
    /// Signs a new manifest (claim v2 with <c>c2pa.actions.v2</c> and a <c>c2pa.hash.data</c> hard binding, or
    /// <c>c2pa.hash.bmff.v2</c> for MP4/MOV, plus the definition's thumbnail, <c>cawg.metadata</c>, soft bindings,
    /// ingredients and timestamp) and embeds it in a JPEG, PNG, WAV, WebP or MP4/MOV asset held in memory. An asset that already carries credentials keeps its
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
    /// Signs a new manifest for an asset in any format without touching it: the result is a standalone manifest store
    /// (the content of a <c>.c2pa</c> sidecar) whose <c>c2pa.hash.data</c> covers every byte of the asset. Existing
    /// credentials (<paramref name="previousSidecar"/>, else a store embedded in the asset) are kept and their active
    /// manifest becomes the new manifest's <c>parentOf</c> ingredient.
    /// </summary>
    /// <param name="asset">The asset bytes.</param>
    /// <param name="manifest">What the manifest says.</param>
    /// <param name="signer">Signs the claim.</param>
    /// <param name="previousSidecar">The asset's current sidecar store, or null.</param>
    /// <param name="mediaName">Name used in error messages, or null.</param>
    /// <returns>The manifest store.</returns>
    public static byte[] SignSidecar(ReadOnlyMemory<byte> asset, ManifestDefinition manifest, IC2paSigner signer, ReadOnlyMemory<byte>? previousSidecar = null, string? mediaName = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signer);
        return Signing.CredentialSigner.PrepareSidecar(asset, previousSidecar, manifest, signer, mediaName);
    }

    /// <summary>Signs <paramref name="assetPath"/> into a sidecar manifest store written (atomically) to
    /// <paramref name="sidecarPath"/>, conventionally <c>&lt;asset&gt;.c2pa</c> so that <see cref="Read(string, CredentialsReadOptions?)"/> finds it.
    /// The asset's existing credentials (an embedded store, else its sidecar <c>&lt;asset&gt;.c2pa</c> /
    /// <c>&lt;basename&gt;.c2pa</c>) become the new manifest's parent ingredient.</summary>
    /// <param name="assetPath">The asset, in any format; it is not modified.</param>
    /// <param name="sidecarPath">Where the manifest store goes.</param>
    /// <param name="manifest">What the manifest says; its title defaults to the asset's file name.</param>
    /// <param name="signer">Signs the claim.</param>
    public static void SignSidecar(string assetPath, string sidecarPath, ManifestDefinition manifest, IC2paSigner signer)
    {
        ArgumentException.ThrowIfNullOrEmpty(assetPath);
        ArgumentException.ThrowIfNullOrEmpty(sidecarPath);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signer);
        var definition = manifest.Title is null ? manifest with { Title = Path.GetFileName(assetPath) } : manifest;
        var asset = File.ReadAllBytes(assetPath);
        var name = Path.GetFileName(assetPath);
        ReadOnlyMemory<byte>? previous = null;
        var format = ManifestLocator.Detect(asset);
        var embedded = ManifestLocator.CanEmbed(format) && ManifestLocator.Locate(asset, name).Store is not null;
        if (!embedded && FindSidecar(assetPath) is { } existing)
            previous = File.ReadAllBytes(existing);
        var store = Signing.CredentialSigner.PrepareSidecar(asset, previous, definition, signer, name);
        AtomicFile.Write(sidecarPath, stream => stream.Write(store));
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
        return Recover(ImageWatermark.Detect(frame, watermarkOptions, cancellationToken), ImageWatermark.AlgorithmName, repository, options, cancellationToken);
    }

    /// <summary>
    /// Recovers the credentials of a sound whose manifest was stripped (an MP3 made from a signed WAV, a fresh WAV of its
    /// samples): detects Augment's invisible audio watermark (<see cref="AudioWatermark.Detect"/>), looks its payload up as
    /// a <c>c2pa.soft-binding</c> value (<see cref="AudioWatermark.AlgorithmName"/>) in <paramref name="repository"/>, and
    /// validates the manifest found there, marked <see cref="CredentialsReport.IsRecovered"/>; its hard binding is checked
    /// against the repository's copy.
    /// </summary>
    /// <param name="audio">The sound (decoded by the caller, e.g. with Augment.Audio's <c>AudioFile.Load</c>), at least
    /// <see cref="AudioWatermark.MinimumSampleRate"/> Hz; shorter than <see cref="AudioWatermark.MinimumDuration"/> finds nothing.</param>
    /// <param name="repository">Where manifests are kept.</param>
    /// <param name="options">Trust anchors and limits for validating the found manifest.</param>
    /// <param name="watermarkOptions">The watermark key the sound was marked with; defaults when null.</param>
    /// <param name="cancellationToken">Cancels detection and lookup.</param>
    /// <returns>The recovered, validated report, or a <see cref="CredentialsState.NoManifest"/> report when no watermark
    /// is found or the repository has no manifest for it.</returns>
    /// <exception cref="ArgumentException">The sound's rate is below <see cref="AudioWatermark.MinimumSampleRate"/>.</exception>
    public static CredentialsReport Recover(AudioBuffer audio, IManifestRepository repository, CredentialsReadOptions? options = null,
        AudioWatermarkOptions? watermarkOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(repository);
        return Recover(AudioWatermark.Detect(audio, watermarkOptions, cancellationToken), AudioWatermark.AlgorithmName, repository, options, cancellationToken);
    }

    private static CredentialsReport Recover(WatermarkDetection detection, string algorithm, IManifestRepository repository, CredentialsReadOptions? options,
        CancellationToken cancellationToken) =>
        detection is { Found: true, Payload: { } payload }
            ? Recover(new C2paSoftBinding(algorithm, payload.ToBytes()), repository, options, cancellationToken)
            : CredentialsReport.NoManifest(AssetFormat.Unknown);

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
