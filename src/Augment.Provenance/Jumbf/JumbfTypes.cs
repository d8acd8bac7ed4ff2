namespace Augment.Provenance.Jumbf;

/// <summary>Box types and C2PA content-type codes (C2PA 2.1, section 11.1; ISO/IEC 19566-5).</summary>
internal static class JumbfTypes
{
    /// <summary><c>jumb</c>: a superbox.</summary>
    public const uint Superbox = 0x6A756D62;
    /// <summary><c>jumd</c>: the description box that opens a superbox.</summary>
    public const uint Description = 0x6A756D64;
    /// <summary><c>cbor</c> content box.</summary>
    public const uint Cbor = 0x63626F72;
    /// <summary><c>json</c> content box.</summary>
    public const uint Json = 0x6A736F6E;
    /// <summary><c>uuid</c> content box.</summary>
    public const uint Uuid = 0x75756964;
    /// <summary><c>bfdb</c>: embedded file description (media type, optional file name).</summary>
    public const uint EmbeddedFileDescription = 0x62666462;
    /// <summary><c>bidb</c>: embedded file bytes.</summary>
    public const uint EmbeddedFileData = 0x62696462;
    /// <summary><c>c2sh</c>: the salt in a description's private box.</summary>
    public const uint Salt = 0x63327368;

    /// <summary>UUID code of a manifest store (<c>c2pa</c>).</summary>
    public const uint ManifestStoreCode = 0x63327061;
    /// <summary>UUID code of a standard manifest (<c>c2ma</c>).</summary>
    public const uint ManifestCode = 0x63326D61;
    /// <summary>UUID code of an update manifest (<c>c2um</c>).</summary>
    public const uint UpdateManifestCode = 0x6332756D;
    /// <summary>UUID code of an assertion store (<c>c2as</c>).</summary>
    public const uint AssertionStoreCode = 0x63326173;
    /// <summary>UUID code of a claim (<c>c2cl</c>).</summary>
    public const uint ClaimCode = 0x6332636C;
    /// <summary>UUID code of a claim signature (<c>c2cs</c>).</summary>
    public const uint SignatureCode = 0x63326373;
    /// <summary>UUID code of a credential store (<c>c2vc</c>).</summary>
    public const uint CredentialStoreCode = 0x63327663;

    /// <summary>The 12 bytes after the four-character code in every C2PA JUMBF type UUID.</summary>
    public static ReadOnlySpan<byte> C2paUuidSuffix => [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>A four-character code as text; unprintable bytes become '?'.</summary>
    public static string ToText(uint fourCc)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            var b = (byte)(fourCc >> (24 - 8 * i));
            chars[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }
        return new string(chars);
    }
}
