namespace Augment.Audio;

/// <summary>
/// A RIFF chunk that is not audio (<c>bext</c>, <c>LIST</c>, <c>iXML</c>, <c>cue </c>, <c>axml</c>...),
/// kept by <see cref="WavReader"/> so that <see cref="WavWriter"/> can write it back unchanged.
/// </summary>
public sealed class WavChunk
{
    /// <summary>Creates a chunk.</summary>
    /// <param name="id">Four characters, each 0..255 (written as Latin-1), e.g. <c>"bext"</c> or <c>"cue "</c>.</param>
    /// <param name="data">The chunk's body, without header or pad byte.</param>
    /// <param name="afterData">Whether the chunk comes after the data chunk (where many tools put <c>LIST</c> and <c>cue </c>).</param>
    public WavChunk(string id, ReadOnlyMemory<byte> data, bool afterData = false)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 4)
            throw new ArgumentException($"A chunk id has four characters; '{id}' has {id.Length}.", nameof(id));
        foreach (var ch in id)
        {
            if (ch > 0xFF)
                throw new ArgumentException($"Chunk id '{id}' has a character outside Latin-1.", nameof(id));
        }
        if (IsReserved(id))
            throw new ArgumentException($"Chunk '{id}' is written by the writer itself and cannot be passed as an extra chunk.", nameof(id));
        Id = id;
        Data = data;
        AfterData = afterData;
    }

    /// <summary>The four-character chunk id.</summary>
    public string Id { get; }

    /// <summary>The chunk's body, without header or pad byte.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Whether the chunk comes after the data chunk.</summary>
    public bool AfterData { get; }

    /// <inheritdoc />
    public override string ToString() => $"'{Id}' ({Data.Length} bytes{(AfterData ? ", after data" : "")})";

    /// <summary>Chunks the writer produces itself, or that would be stale after a rewrite (padding, <c>fact</c>).</summary>
    internal static bool IsReserved(string id) =>
        id is "fmt " or "data" or "ds64" or "JUNK" or "junk" or "PAD " or "FLLR" or "fact" or "RIFF" or "RF64" or "BW64";
}
