using Augment.Provenance.Cbor;

namespace Augment.Provenance.Claims;

/// <summary>Reads <c>c2pa.soft-binding</c> maps (C2PA 2.1, section 18.9): one <see cref="C2paSoftBinding"/> per block.</summary>
internal static class SoftBindingReader
{
    public static void Read(CborMap map, List<C2paSoftBinding> into)
    {
        if (map.Text("alg") is not { Length: > 0 } algorithm || map.Array("blocks") is not { } blocks)
            return;
        foreach (var item in blocks)
        {
            if (item is not CborMap block)
                continue;
            // The value is algorithm-specific: base64 text as the reference writes it, or a byte string.
            var value = block["value"] switch
            {
                byte[] bytes => bytes,
                string text => Decode(text),
                _ => null,
            };
            if (value is not null)
                into.Add(new C2paSoftBinding(algorithm, value));
        }
    }

    private static byte[]? Decode(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (Convert.TryFromBase64String(text, buffer, out var written))
            return buffer[..written];
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
