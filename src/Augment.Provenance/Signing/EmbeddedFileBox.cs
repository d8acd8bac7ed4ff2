using System.Buffers.Binary;
using System.Text;
using Augment.Provenance.Jumbf;

namespace Augment.Provenance.Signing;

/// <summary>
/// An embedded-file JUMBF superbox (ISO/IEC 19566-5, B.5; C2PA 2.1, section 18.11 for thumbnails): a description whose
/// type is the embedded-file UUID, a <c>bfdb</c> box (toggles, then the media type, null-terminated) and a <c>bidb</c>
/// box with the file's bytes.
/// </summary>
internal static class EmbeddedFileBox
{
    /// <summary>Type UUID 40CB0C32-BB8A-489D-A70B-2AD6F47F4369.</summary>
    private static ReadOnlySpan<byte> TypeUuid => [0x40, 0xCB, 0x0C, 0x32, 0xBB, 0x8A, 0x48, 0x9D, 0xA7, 0x0B, 0x2A, 0xD6, 0xF4, 0x7F, 0x43, 0x69];

    public static byte[] Create(string label, string mediaType, ReadOnlySpan<byte> data)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var descriptionPayload = new byte[16 + 1 + labelBytes.Length + 1];
        TypeUuid.CopyTo(descriptionPayload);
        descriptionPayload[16] = 0x03; // requestable | label present
        labelBytes.CopyTo(descriptionPayload, 17);
        var description = JumbfWriter.Box(JumbfTypes.Description, descriptionPayload);

        var typeBytes = Encoding.UTF8.GetBytes(mediaType);
        var bfdbPayload = new byte[1 + typeBytes.Length + 1];
        bfdbPayload[0] = 0x00; // no file name, data is embedded (not an external reference)
        typeBytes.CopyTo(bfdbPayload, 1);
        var bfdb = JumbfWriter.Box(JumbfTypes.EmbeddedFileDescription, bfdbPayload);
        var bidb = JumbfWriter.Box(JumbfTypes.EmbeddedFileData, data);

        var length = checked(8 + description.Length + bfdb.Length + bidb.Length);
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        BinaryPrimitives.WriteUInt32BigEndian(box.AsSpan(4), JumbfTypes.Superbox);
        description.CopyTo(box, 8);
        bfdb.CopyTo(box, 8 + description.Length);
        bidb.CopyTo(box, 8 + description.Length + bfdb.Length);
        return box;
    }
}
