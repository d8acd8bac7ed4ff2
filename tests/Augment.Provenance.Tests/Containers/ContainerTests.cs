using System.Buffers.Binary;
using System.Security.Cryptography;
using Augment.Provenance.Containers;

namespace Augment.Provenance.Tests.Containers;

public class ContainerTests
{
    [Theory]
    [InlineData("C.jpg", AssetFormat.Jpeg)]
    [InlineData("signed_es256.png", AssetFormat.Png)]
    [InlineData("signed_es256.wav", AssetFormat.Wav)]
    [InlineData("no_manifest.jpg", AssetFormat.Jpeg)]
    public void Format_is_detected_from_the_content(string file, AssetFormat format)
    {
        Assert.Equal(format, ManifestLocator.Detect(Fixtures.Bytes(file)));
    }

    [Fact]
    public void Split_jpeg_store_reassembles_to_one_superbox_of_the_declared_length()
    {
        var jpeg = Fixtures.Bytes("CA.jpg");
        var segments = JpegManifestReader.FindStoreSegments(jpeg, "CA.jpg", out _);
        var located = ManifestLocator.Locate(jpeg, "CA.jpg");

        Assert.Equal(2, segments.Count);
        var store = located.Store!.Value;
        Assert.Equal((int)BinaryPrimitives.ReadUInt32BigEndian(store.Span), store.Length);
        Assert.True(ManifestLocator.IsManifestStore(store.Span));
    }

    [Fact]
    public void Jpeg_segments_out_of_order_reassemble_the_same()
    {
        var jpeg = Fixtures.Bytes("CA.jpg");
        var segments = JpegManifestReader.FindStoreSegments(jpeg, "CA.jpg", out _);
        var swapped = SwapSegments(jpeg, segments[0], segments[1]);

        Assert.Equal(ManifestLocator.Locate(jpeg, "a").Store!.Value.ToArray(), ManifestLocator.Locate(swapped, "b").Store!.Value.ToArray());
    }

    [Fact]
    public void Missing_jpeg_continuation_segment_is_an_invalid_media_error()
    {
        var jpeg = Fixtures.Bytes("CA.jpg");
        var segments = JpegManifestReader.FindStoreSegments(jpeg, "CA.jpg", out _);
        var cut = jpeg[..segments[1].SegmentOffset].Concat(jpeg[(segments[1].SegmentOffset + segments[1].SegmentLength)..]).ToArray();

        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(cut, "cut.jpg"));
    }

    [Fact]
    public void Jpeg_with_two_manifest_stores_is_rejected()
    {
        var jpeg = Fixtures.Bytes("C.jpg");
        var segment = JpegManifestReader.FindStoreSegments(jpeg, "C.jpg", out _)[0];
        var copy = jpeg.AsSpan(segment.SegmentOffset, segment.SegmentLength).ToArray();
        copy[7] ^= 0x01; // another box instance number (En)
        var twice = jpeg[..segment.SegmentOffset].Concat(copy).Concat(jpeg[segment.SegmentOffset..]).ToArray();

        var error = Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(twice, "two.jpg"));
        Assert.Contains("more than one C2PA manifest store", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_with_two_cabx_chunks_is_rejected()
    {
        var png = Fixtures.Bytes("signed_es256.png");
        var located = ManifestLocator.Locate(png, "p");
        var chunkStart = (int)located.StoreOffset - 8;
        var chunk = png.AsSpan(chunkStart, located.Store!.Value.Length + 12).ToArray();
        var twice = png[..chunkStart].Concat(chunk).Concat(png[chunkStart..]).ToArray();

        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(twice, "two.png"));
    }

    [Fact]
    public void Wav_with_two_c2pa_chunks_is_rejected()
    {
        var wav = Fixtures.Bytes("signed_es256.wav");
        var located = ManifestLocator.Locate(wav, "w");
        var chunkStart = (int)located.StoreOffset - 8;
        var size = located.Store!.Value.Length;
        var chunk = wav.AsSpan(chunkStart, 8 + size + (size & 1)).ToArray();
        var twice = wav.Concat(chunk).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(twice.AsSpan(4), (uint)(twice.Length - 8));

        Assert.Throws<InvalidMediaException>(() => ContentCredentials.Read(twice, "two.wav"));
    }

    [Fact]
    public void Bare_manifest_store_reads_as_a_sidecar_without_hard_binding_check()
    {
        var store = ManifestLocator.Locate(Fixtures.Bytes("signed_es256.png"), "p").Store!.Value.ToArray();

        var report = ContentCredentials.Read(store, "store.c2pa", Fixtures.Es256Anchors);

        Assert.Equal(AssetFormat.Sidecar, report.Format);
        Assert.Equal(CredentialsState.Trusted, report.State);
        Assert.DoesNotContain("assertion.dataHash.match", FixtureValidationTests.Codes(report.Results.Success));
    }

    [Fact]
    public void Unknown_container_is_an_unsupported_format_error()
    {
        Assert.Throws<UnsupportedFormatException>(() => ContentCredentials.Read("GIF89a and more bytes here....."u8.ToArray(), "x.gif"));
    }

    [Fact]
    public void Data_hash_with_exclusions_equals_the_hash_of_the_concatenated_kept_ranges()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        (long, long)[] exclusions = [(700, 50), (10, 90)];
        var kept = data[..10].Concat(data[100..700]).Concat(data[750..]).ToArray();

        Assert.Equal(SHA256.HashData(kept), DataHasher.Hash(data, exclusions, HashAlgorithmName.SHA256));
        Assert.Equal(SHA384.HashData(data), DataHasher.Hash(data, [], HashAlgorithmName.SHA384));
    }

    [Theory]
    [InlineData(990L, 20L)]
    [InlineData(-1L, 5L)]
    [InlineData(2000L, 0L)]
    public void Data_hash_exclusion_outside_the_asset_is_a_mismatch_not_an_exception(long start, long length)
    {
        Assert.Null(DataHasher.Hash(new byte[1000], [(start, length)], HashAlgorithmName.SHA256));
    }

    [Fact]
    public void Overlapping_exclusions_are_a_mismatch()
    {
        Assert.Null(DataHasher.Hash(new byte[1000], [(10, 100), (50, 10)], HashAlgorithmName.SHA256));
    }

    private static byte[] SwapSegments(byte[] jpeg, JpegManifestReader.Segment a, JpegManifestReader.Segment b)
    {
        // a precedes b and they are adjacent in the fixture.
        Assert.Equal(a.SegmentOffset + a.SegmentLength, b.SegmentOffset);
        return jpeg[..a.SegmentOffset]
            .Concat(jpeg[b.SegmentOffset..(b.SegmentOffset + b.SegmentLength)])
            .Concat(jpeg[a.SegmentOffset..(a.SegmentOffset + a.SegmentLength)])
            .Concat(jpeg[(b.SegmentOffset + b.SegmentLength)..]).ToArray();
    }
}
