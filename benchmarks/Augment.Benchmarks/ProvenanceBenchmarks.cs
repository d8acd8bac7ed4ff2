using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Augment.Provenance;
using BenchmarkDotNet.Attributes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Benchmarks;

/// <summary>
/// C2PA Content Credentials on a 24-megapixel (6000 x 4000) JPEG held in memory: <c>Sign</c> (hash the asset,
/// build and ES256-sign the claim, embed the store; bytes in, bytes out) and <c>Read</c> (locate, parse and
/// validate the signed copy: data hash, assertion hashes, COSE signature). The target is under 100 ms
/// each on one core; both paths are single-threaded, so the mean is the one-core figure. <c>SignTiny</c> signs a
/// 64 x 64 JPEG: the per-signature cost that does not grow with the asset.
/// </summary>
[MemoryDiagnoser]
public class ProvenanceBenchmarks
{
    private const int Width = 6000;
    private const int Height = 4000;
    private byte[] _jpeg = [];
    private byte[] _signed = [];
    private byte[] _tiny = [];
    private LocalC2paSigner _signer = null!;
    private string _keyFolder = "";
    private readonly ManifestDefinition _manifest = new()
    {
        Title = "bench.jpg",
        Actions = [new C2paAction("c2pa.created", "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture", null, null, null)],
    };

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = MakeJpeg(Width, Height);
        _tiny = MakeJpeg(64, 64);
        // LocalC2paSigner loads only PEM files: write a freshly made self-signed ES256 end-entity certificate
        // (digitalSignature, emailProtection, not a CA, as the C2PA certificate profile asks) to a temp folder.
        _keyFolder = Directory.CreateTempSubdirectory("aug-prov-bench").FullName;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=Augment benchmark signer, O=Augment", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.4")], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(Path.Combine(_keyFolder, "chain.pem"), certificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(_keyFolder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        }
        _signer = LocalC2paSigner.FromPemFiles(Path.Combine(_keyFolder, "chain.pem"), Path.Combine(_keyFolder, "key.pem"));
        _signed = ContentCredentials.Sign(_jpeg, _manifest, _signer, "bench.jpg");
        // A benchmark of a read that fails early would measure the wrong thing: insist the copy validates.
        var report = ContentCredentials.Read(_signed, "bench.jpg");
        if (report.State != CredentialsState.Valid)
            throw new InvalidOperationException($"the signed benchmark JPEG reads as {report.State}: {report.ToJson(indented: false)}");
        Console.WriteLine($"// JPEG {_jpeg.Length:N0} bytes, signed {_signed.Length:N0} bytes, state {report.State}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signer.Dispose();
        Directory.Delete(_keyFolder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int Sign() => ContentCredentials.Sign(_jpeg, _manifest, _signer, "bench.jpg").Length;

    // The fixed cost of a signature (claim and store built, COSE-signed, framed) apart from hashing and copying the asset.
    [Benchmark]
    public int SignTiny() => ContentCredentials.Sign(_tiny, _manifest, _signer, "tiny.jpg").Length;

    [Benchmark]
    public CredentialsState Read() => ContentCredentials.Read(_signed, "bench.jpg").State;

    // Gradients and sinusoids plus mild grain (+-16 levels), encoded at quality 90: about 9 MB, the size of a
    // 24 MP camera JPEG (a clean synthetic scene compresses to a third of that, and hashing time scales with bytes).
    private static byte[] MakeJpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        var state = 0x9E3779B9u;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var wave = MathF.Sin(x * 0.013f) * MathF.Cos(y * 0.021f);
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    var grain = (int)(state & 31) - 16;
                    row[x] = new Rgb24(
                        (byte)Math.Clamp((x * 200 / width) + 20 + (int)(30 * wave) + grain, 0, 255),
                        (byte)Math.Clamp((y * 200 / height) + 20 + ((x ^ y) & 15) + grain, 0, 255),
                        (byte)Math.Clamp(128 + (int)(90 * MathF.Sin((x + y) * 0.005f)) + grain, 0, 255));
                }
            }
        });
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }
}
