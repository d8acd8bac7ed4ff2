namespace Augment.Provenance;

/// <summary>The container a manifest store was found in (detected from the content, not the file name).</summary>
public enum AssetFormat
{
    /// <summary>Not a container Augment reads manifests from.</summary>
    Unknown,
    /// <summary>JPEG: the store sits in APP11 segments (JPEG XT box format, possibly split).</summary>
    Jpeg,
    /// <summary>PNG: the store is the payload of a <c>caBX</c> chunk.</summary>
    Png,
    /// <summary>WAV (RIFF/WAVE): the store is the payload of a <c>C2PA</c> chunk.</summary>
    Wav,
    /// <summary>A bare manifest store (<c>.c2pa</c> sidecar): there is no asset to bind to.</summary>
    Sidecar,
    /// <summary>WebP (RIFF/WEBP): the store is the payload of a <c>C2PA</c> chunk.</summary>
    WebP,
    /// <summary>ISO BMFF (MP4, MOV, M4A...): the store sits in a top-level <c>uuid</c> box (C2PA UUID, purpose <c>manifest</c>).</summary>
    Bmff,
}
