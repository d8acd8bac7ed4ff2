using System.Buffers.Binary;

namespace Augment.Provenance.Containers;

/// <summary>
/// C2PA in WebP (C2PA 2.1, section A.3.7, RIFF): the manifest store is the data of a top-level <c>C2PA</c> chunk. Like
/// the reference implementation, Augment appends the chunk at the end of the RIFF body whether or not the file has a
/// <c>VP8X</c> header (simple VP8/VP8L files stay simple: decoders skip unknown chunks).
/// </summary>
internal static class WebpManifestReader
{
    public static LocatedStore Locate(ReadOnlyMemory<byte> asset, string? source)
    {
        var located = WavManifestReader.Locate(asset, source);
        return located with { Format = AssetFormat.WebP };
    }
}
