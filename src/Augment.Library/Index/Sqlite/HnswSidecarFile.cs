using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Augment.Vision;
using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>
/// The approximate index of one source, persisted beside the database as <c>&lt;database file&gt;.&lt;source&gt;.aughnsw</c>.
/// Layout, little-endian:
/// <code>
/// offset 0  8 bytes   magic "AUGHNSDB"
/// offset 8  uint32    version = 1
/// offset 12 uint32    dimension
/// offset 16 int64     the source's generation in embedding_sources when built
/// offset 24 int64     the source's row count when built (rows without a cosine direction included)
/// offset 32 32 bytes  SHA-256 of the database's random id, the source name and its rows' (asset id, shot index) keys in order
/// offset 64 int32     length of the source name in UTF-8, then its bytes
/// then      Vision's HNSW index (HnswIndex.Save, docs/vision-library-hnsw.md)
/// then      32 bytes  SHA-256 of everything before
/// </code>
/// The database is the source of truth: a file is used only when its checksum holds and every stamp field equals
/// what the database says now; anything else (missing, stale, truncated, corrupt, another source's or another
/// database's file) returns null and the caller rebuilds.
/// </summary>
internal static class HnswSidecarFile
{
    public const uint Version = 1;
    private const int FixedHeaderBytes = 68;
    private const int HashBytes = 32;
    private static ReadOnlySpan<byte> Magic => "AUGHNSDB"u8;

    /// <summary>What the database says about a source now; a file must carry the same.</summary>
    public readonly record struct Stamp(string Source, int Dimension, long Generation, long Rows, byte[] KeysHash);

    /// <summary><c>&lt;database&gt;.&lt;source&gt;.aughnsw</c>, the source name reduced to letters, digits, '-' and '_'
    /// (two names that reduce alike share a file; the stamp's exact name makes them rebuild rather than mix).</summary>
    public static string PathFor(string databasePath, string source)
    {
        var name = new StringBuilder(source.Length);
        foreach (var c in source)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return $"{databasePath}.{name}.aughnsw";
    }

    /// <summary>
    /// The database's random id (key 'instance' of augment_index), created on first open. It tells two databases apart
    /// that hold the same keys after the same number of writes, so one's file is never trusted for the other.
    /// </summary>
    public static string DatabaseId(SqliteConnection writer)
    {
        using var command = writer.CreateCommand();
        command.CommandText = "INSERT OR IGNORE INTO augment_index(key, value) VALUES ('instance', $id); SELECT value FROM augment_index WHERE key = 'instance'";
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString("N"));
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>SHA-256 of the database id, the source name and the (asset id, shot index) keys in row order.</summary>
    public static byte[] HashKeys(string databaseId, string source, ReadOnlySpan<ShotKey> keys)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(databaseId));
        hash.AppendData([0]);
        hash.AppendData(Encoding.UTF8.GetBytes(source));
        Span<byte> row = stackalloc byte[12];
        foreach (var key in keys)
        {
            BinaryPrimitives.WriteInt64LittleEndian(row, key.AssetId);
            BinaryPrimitives.WriteInt32LittleEndian(row[8..], key.ShotIndex);
            hash.AppendData(row);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>Writes the file atomically (a reader sees the old file or the whole new one).</summary>
    public static void Save(string path, Stamp stamp, HnswIndex index)
    {
        AtomicFile.Write(path, stream =>
        {
            using var hashing = new HashingStream(stream);
            var name = Encoding.UTF8.GetBytes(stamp.Source);
            var header = new byte[FixedHeaderBytes + name.Length];
            Magic.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), stamp.Dimension);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), stamp.Generation);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24), stamp.Rows);
            stamp.KeysHash.CopyTo(header.AsSpan(32));
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(64), name.Length);
            name.CopyTo(header.AsSpan(FixedHeaderBytes));
            hashing.Write(header);
            index.Save(hashing);
            stream.Write(hashing.Hash());
        });
    }

    /// <summary>The stored index when the file exists, is whole and carries <paramref name="stamp"/>; otherwise null.</summary>
    public static HnswIndex? TryLoad(string path, Stamp stamp, ComputeBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var name = Encoding.UTF8.GetBytes(stamp.Source);
            if (stream.Length < FixedHeaderBytes + name.Length + HashBytes)
                return null;
            var header = new byte[FixedHeaderBytes + name.Length];
            stream.ReadExactly(header);
            if (!header.AsSpan(0, 8).SequenceEqual(Magic)
                || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)) != Version
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)) != stamp.Dimension
                || BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16)) != stamp.Generation
                || BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24)) != stamp.Rows
                || !header.AsSpan(32, HashBytes).SequenceEqual(stamp.KeysHash)
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(64)) != name.Length
                || !header.AsSpan(FixedHeaderBytes).SequenceEqual(name))
                return null;
            // The stamp matches: check the whole file's checksum before trusting a byte of the graph.
            if (!ChecksumHolds(stream, cancellationToken))
                return null;
            stream.Position = header.Length;
            var index = HnswIndex.Load(stream, path, budget);
            if (index.Dimension != stamp.Dimension || index.Metric != VectorMetric.Cosine || index.NodeCount > stamp.Rows)
                return null;
            return index;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidMediaException)
        {
            // Missing, unreadable or malformed: rebuilt from the database, never trusted.
            return null;
        }
    }

    private static bool ChecksumHolds(FileStream stream, CancellationToken cancellationToken)
    {
        var payload = stream.Length - HashBytes;
        stream.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var left = payload;
            while (left > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                    return false;
                hash.AppendData(buffer, 0, read);
                left -= read;
            }
            Span<byte> stored = stackalloc byte[HashBytes];
            stream.ReadExactly(stored);
            return hash.GetHashAndReset().AsSpan().SequenceEqual(stored);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Passes writes through to the file while hashing them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] Hash() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
