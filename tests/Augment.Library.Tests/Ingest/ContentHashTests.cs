using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Augment.Library.Tests.Ingest;

public sealed class ContentHashTests
{
    private const int MiB = 1 << 20;

    [Fact]
    public void A_small_file_hashes_as_SHA256_of_its_size_then_all_its_bytes()
    {
        using var folder = new ScratchFolder();
        var bytes = new byte[12345];
        new Random(1).NextBytes(bytes);
        var path = folder.File("small.jpg");
        File.WriteAllBytes(path, bytes);

        // Independent: the documented layout, built by hand and hashed in one call.
        var message = new byte[8 + bytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(message, bytes.Length);
        bytes.CopyTo(message, 8);
        var expected = Convert.ToHexStringLower(SHA256.HashData(message));

        Assert.Equal(expected, ContentHash.Compute(path, wholeFile: false, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_large_file_hashes_its_first_middle_and_last_MiB_and_whole_file_mode_sees_everything()
    {
        using var folder = new ScratchFolder();
        var bytes = new byte[5 * MiB + 17];
        new Random(2).NextBytes(bytes);
        var path = folder.File("big.mp4");
        File.WriteAllBytes(path, bytes);
        var middle = (bytes.Length - MiB) / 2;
        var message = new byte[8 + 3 * MiB];
        BinaryPrimitives.WriteInt64LittleEndian(message, bytes.Length);
        bytes.AsSpan(0, MiB).CopyTo(message.AsSpan(8));
        bytes.AsSpan(middle, MiB).CopyTo(message.AsSpan(8 + MiB));
        bytes.AsSpan(bytes.Length - MiB, MiB).CopyTo(message.AsSpan(8 + 2 * MiB));
        var token = TestContext.Current.CancellationToken;
        var sampled = ContentHash.Compute(path, wholeFile: false, token);
        var whole = ContentHash.Compute(path, wholeFile: true, token);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(message)), sampled);

        // A byte between the first and the middle MiB is outside the samples: only the whole-file hash sees it.
        bytes[MiB + 100] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Equal(sampled, ContentHash.Compute(path, wholeFile: false, token));
        Assert.NotEqual(whole, ContentHash.Compute(path, wholeFile: true, token));

        // One in the middle MiB is seen by both.
        bytes[middle + 5] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.NotEqual(sampled, ContentHash.Compute(path, wholeFile: false, token));
    }
}
