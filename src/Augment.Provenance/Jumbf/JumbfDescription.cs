namespace Augment.Provenance.Jumbf;

/// <summary>
/// A JUMBF description box (<c>jumd</c>): the 16-byte content-type UUID, the toggles and the optional label,
/// id, SHA-256 hash and private box (ISO/IEC 19566-5, A.3).
/// </summary>
internal sealed class JumbfDescription
{
    public JumbfDescription(byte[] typeUuid, byte toggles, string? label, uint? id, byte[]? sha256, ReadOnlyMemory<byte>? privateBox)
    {
        TypeUuid = typeUuid;
        Toggles = toggles;
        Label = label;
        Id = id;
        Sha256 = sha256;
        PrivateBox = privateBox;
    }

    /// <summary>The content type (16 bytes). C2PA types are a four-character code followed by <see cref="JumbfTypes.C2paUuidSuffix"/>.</summary>
    public byte[] TypeUuid { get; }

    /// <summary>Bit 0 requestable, bit 1 label, bit 2 id, bit 3 hash, bit 4 private box.</summary>
    public byte Toggles { get; }

    /// <summary>The label (UTF-8, null-terminated in the file), or null.</summary>
    public string? Label { get; }

    /// <summary>The box id, or null.</summary>
    public uint? Id { get; }

    /// <summary>The SHA-256 of the superbox's contents, or null.</summary>
    public byte[]? Sha256 { get; }

    /// <summary>The private box (whole box, header included; C2PA puts a <c>c2sh</c> salt here), or null.</summary>
    public ReadOnlyMemory<byte>? PrivateBox { get; }

    /// <summary>The four-character code at the start of the UUID (e.g. <c>c2pa</c>, <c>c2ma</c>, <c>cbor</c>).</summary>
    public uint TypeCode => (uint)(TypeUuid[0] << 24 | TypeUuid[1] << 16 | TypeUuid[2] << 8 | TypeUuid[3]);

    /// <summary>True when the UUID is <paramref name="fourCc"/> followed by the ISO suffix that C2PA uses.</summary>
    public bool Is(uint fourCc) => TypeCode == fourCc && TypeUuid.AsSpan(4).SequenceEqual(JumbfTypes.C2paUuidSuffix);
}
