using System.Security.Cryptography.X509Certificates;

namespace Augment.Provenance.Tests;

/// <summary>Paths of the C2PA fixtures copied under Data/c2pa (see Data/c2pa/README.md).</summary>
internal static class Fixtures
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Data", "c2pa");

    public static string Path_(string name) => Path.Combine(Directory, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path_(name));

    /// <summary>The ES256 test chain (signer + intermediate) that signed the PNG and WAV fixtures.</summary>
    public static CredentialsReadOptions Es256Anchors => CredentialsReadOptions.WithTrustAnchorsFrom(Path_("certs/es256.pub"));

    /// <summary>The intermediate CA of the PS256 chain that signed the JPEG fixtures (taken from their x5chain).</summary>
    public static CredentialsReadOptions Ps256Anchors => CredentialsReadOptions.WithTrustAnchorsFrom(Path_("certs/ps256_intermediate.pem"));

    public static readonly string[] Signed = ["C.jpg", "CA.jpg", "XCA.jpg", "E-sig-CA.jpg", "signed_es256.png", "signed_es256_pixels_tampered.png", "signed_es256.wav"];

    public static X509Certificate2Collection Pem(string name)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(Path_(name));
        return collection;
    }
}
