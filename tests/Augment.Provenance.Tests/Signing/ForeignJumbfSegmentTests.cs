namespace Augment.Provenance.Tests.Signing;

public class ForeignJumbfSegmentTests
{
    [Fact]
    public void Signing_a_jpeg_whose_other_jumbf_segment_uses_our_box_instance_still_reads_back()
    {
        // A non-C2PA JUMBF superbox in APP11 with En 0x0211 (the instance the signer used to take) and Z 1: readers
        // group APP11 segments by En, so a store framed with the same number would collide with it (sequence 1 twice).
        // Found by the signing fuzz test (seed 4ZoFWgprv5f2).
        var jpeg = File.ReadAllBytes(Fixtures.Path_("no_manifest.jpg"));
        byte[] foreign =
        [
            0xFF, 0xEB, 0x00, 0x1A, (byte)'J', (byte)'P', 0x02, 0x11, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x10, (byte)'j', (byte)'u', (byte)'m', (byte)'b',
            0x00, 0x00, 0x00, 0x08, (byte)'j', (byte)'u', (byte)'m', (byte)'d',
        ];
        var input = new byte[jpeg.Length + foreign.Length];
        jpeg.AsSpan(0, 2).CopyTo(input);
        foreign.CopyTo(input, 2);
        jpeg.AsSpan(2).CopyTo(input.AsSpan(2 + foreign.Length));
        using var signer = LocalC2paSigner.FromPemFiles(Fixtures.Path_("certs/es256.pub"), Fixtures.Path_("certs/es256.pem"));
        var manifest = new ManifestDefinition { Actions = [new C2paAction("c2pa.edited", null, null, null, null)] };

        var signed = ContentCredentials.Sign(input, manifest, signer, "foreign.jpg");

        var report = ContentCredentials.Read(signed, "foreign.jpg");
        Assert.Contains("claimSignature.validated", report.Results.Success.Select(s => s.Code));
        Assert.Contains(report.Results.Success, s => s.Code == "assertion.dataHash.match");
    }
}
