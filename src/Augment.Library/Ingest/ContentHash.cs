using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Augment.Library;

/// <summary>
/// The content digest stored in <see cref="AssetInfo.ContentHash"/>: SHA-256 (FIPS 180-4) over the file size as 8
/// little-endian bytes followed by the file's first, middle and last MiB (the middle one starting at
/// (size − 1 MiB) / 2, rounded down); a file of 3 MiB or less is hashed whole after its size. With the whole-file
/// option it is SHA-256 over the size and every byte. Lowercase hex.
/// </summary>
internal static class ContentHash
{
    public const int SampleBytes = 1 << 20;

    public static string Compute(string path, bool wholeFile, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var size = stream.Length;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> sizeBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(sizeBytes, size);
        sha.AppendData(sizeBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(SampleBytes);
        try
        {
            if (wholeFile || size <= 3L * SampleBytes)
            {
                AppendRange(stream, sha, buffer, 0, size, path, cancellationToken);
            }
            else
            {
                AppendRange(stream, sha, buffer, 0, SampleBytes, path, cancellationToken);
                AppendRange(stream, sha, buffer, (size - SampleBytes) / 2, SampleBytes, path, cancellationToken);
                AppendRange(stream, sha, buffer, size - SampleBytes, SampleBytes, path, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void AppendRange(FileStream stream, IncrementalHash sha, byte[] buffer, long offset, long count, string path, CancellationToken cancellationToken)
    {
        stream.Position = offset;
        while (count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var want = (int)Math.Min(buffer.Length, count);
            var read = stream.ReadAtLeast(buffer.AsSpan(0, want), want, throwOnEndOfStream: false);
            if (read < want)
                throw new InvalidMediaException(path, offset, $"the file ended while it was being hashed ({read} of {want} bytes read): it is being written or was truncated.");
            sha.AppendData(buffer, 0, read);
            offset += read;
            count -= read;
        }
    }
}
