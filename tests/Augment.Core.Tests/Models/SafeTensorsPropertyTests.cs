using System.Numerics;
using System.Text;
using CsCheck;
using static Augment.Core.Tests.Models.SafeTensorsFixtures;

namespace Augment.Core.Tests.Models;

/// <summary>Property tests: valid files round-trip; corrupted files only ever raise <see cref="InvalidModelException"/>.</summary>
public class SafeTensorsPropertyTests
{
    private static readonly SafeTensorsDType[] AllDTypes = Enum.GetValues<SafeTensorsDType>();

    // Names exercise JSON escaping (quote, backslash, '<', '+') and multi-byte UTF-8.
    private static readonly Gen<string> Names = Gen.Char["ab._\"\\/<+é漢0"].Array[0, 6].Select(c => new string(c));

    private static readonly Gen<TensorSpec> Tensors =
        Gen.Select(Names, Gen.OneOf(AllDTypes), Gen.Int[0, 4].Array[0, 3], Gen.Int, (name, dtype, shape, seed) =>
        {
            var count = shape.Aggregate(1, (a, b) => a * b);
            var data = new byte[count * ElementSize(dtype)];
            new Random(seed).NextBytes(data);
            return new TensorSpec(name, dtype, [.. shape.Select(d => (long)d)], data);
        });

    private static readonly Gen<FileSpec> Files =
        Gen.Select(Tensors.Array[0, 5], Gen.Select(Names, Names).Array[0, 3], (tensors, metadata) =>
            new FileSpec(
                [.. tensors.Select((t, i) => t with { Name = $"{t.Name}#{i}" })],
                metadata.GroupBy(kv => kv.Item1).ToDictionary(g => g.Key, g => g.Last().Item2)));

    private static readonly string[] JsonSnippets =
    [
        "{", "}", "[", "]", ",", ":", "\"", "-1", "0", "7", "1.5", "1e400", "18446744073709551615", "9223372036854775807",
        "4294967296", "\"F16\"", "\"BF16\"", "\"F4\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"",
        "null", "true", "\\u0000", "\\ud800", " ", "é", "[0,0]", "{\"x\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}",
    ];

    [Fact]
    public void Random_valid_files_round_trip_through_writer_and_reader()
    {
        Files.Sample(spec =>
        {
            var bytes = spec.ToBytes();
            using var file = SafeTensorsFile.FromBytes(bytes);

            Assert.Equal(0, file.DataStart % 8);
            Assert.Equal(spec.Tensors.Select(t => t.Name), file.Tensors.Select(t => t.Name));
            Assert.Equal(spec.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal), file.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            foreach (var tensor in spec.Tensors)
            {
                var info = file.Expect(tensor.Name, tensor.DType, tensor.Shape);
                Assert.Equal(tensor.Data, file.GetBytes(info).ToArray());
            }
        }, iter: 500);
    }

    [Fact]
    public void Flipped_header_bytes_raise_only_InvalidModelException()
    {
        Gen.Select(Files, Gen.Int[1, 4], Gen.Int, Gen.Byte).Sample((spec, flips, position, value) =>
        {
            var bytes = spec.ToBytes();
            var headerEnd = (int)Math.Min(bytes.Length, 8 + BitConverter.ToInt64(bytes, 0));
            for (var i = 0; i < flips; i++)
            {
                var at = (int)((uint)(position + (i * 7919)) % (uint)headerEnd);
                bytes[at] ^= (byte)(value | 1);
            }
            OpensOrRaisesInvalidModel(bytes);
        }, iter: 2000);
    }

    [Fact]
    public void Files_truncated_at_any_length_raise_InvalidModelException_whether_mapped_or_in_memory()
    {
        using var folder = new TempFolder();
        Gen.Select(Files.Where(f => f.Tensors.Any(t => t.Data.Length > 0)), Gen.Double[0, 1]).Sample((spec, cut) =>
        {
            var bytes = spec.ToBytes();
            var truncated = bytes[..(int)(cut * (bytes.Length - 1))];
            Assert.Throws<InvalidModelException>(() => SafeTensorsFile.FromBytes(truncated));

            var path = folder.File(Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, truncated);
            Assert.Throws<InvalidModelException>(() => SafeTensorsFile.Open(path));
            File.Delete(path);
        }, iter: 300);
    }

    [Fact]
    public void Random_header_length_values_raise_only_InvalidModelException_without_large_allocations()
    {
        Gen.Select(Files, Gen.OneOf(Gen.ULong, Gen.ULong[0, 4096].Select(v => v))).Sample((spec, declared) =>
        {
            var bytes = spec.ToBytes();
            for (var i = 0; i < 8; i++) bytes[i] = (byte)(declared >> (8 * i));
            OpensOrRaisesInvalidModel(bytes);
        }, iter: 2000);
    }

    [Fact]
    public void Random_JSON_mutations_raise_only_InvalidModelException_without_large_allocations()
    {
        var mutation = Gen.Select(Gen.Int[0, 2], Gen.Int, Gen.Int[1, 8], Gen.OneOf(JsonSnippets));
        Gen.Select(Files, mutation.Array[1, 4]).Sample((spec, mutations) =>
        {
            var bytes = spec.ToBytes();
            var headerLength = (int)BitConverter.ToInt64(bytes, 0);
            var json = new StringBuilder(Encoding.UTF8.GetString(bytes, 8, headerLength));
            foreach (var (kind, position, length, snippet) in mutations)
            {
                var at = (int)((uint)position % (uint)(json.Length + 1));
                switch (kind)
                {
                    case 0: json.Insert(at, snippet); break;
                    case 1: json.Remove(at, Math.Min(length, json.Length - at)); break;
                    default: json.Remove(at, Math.Min(length, json.Length - at)).Insert(at, snippet); break;
                }
            }
            OpensOrRaisesInvalidModel(Build(Encoding.UTF8.GetBytes(json.ToString()), bytes[(8 + headerLength)..]));
        }, iter: 3000);
    }

    [Fact]
    public void Random_headers_open_exactly_when_an_independent_spec_check_accepts_them()
    {
        // Small values so that headers are often valid; a few extremes to reach the overflow checks.
        var numbers = Gen.Frequency((6, Gen.Long[0, 4]), (1, Gen.OneOf(-1L, 1L << 32, 1L << 62, long.MaxValue)));
        var entry = Gen.Select(
            Gen.OneOf("a", "b", "c", "d"),
            Gen.Frequency((8, Gen.OneOf("F32", "F16", "BF16", "U8", "I64", "BOOL")), (1, Gen.OneOf("F4", "f32"))),
            numbers.Array[0, 3],
            Gen.Select(Gen.Frequency((1, Gen.Const(0)), (4, Gen.Const(1)), (1, Gen.Const(2))), Gen.Int[0, 12], Gen.Int[0, 12]));
        Gen.Select(entry.Array[0, 4], Gen.Frequency((3, Gen.Const(-1)), (1, Gen.Int[0, 24]))).Sample((specs, length) =>
        {
            // Offsets: 0 random, 1 packed after the previous packed tensor, 2 right size at a random place.
            // An overflowing size is given zero bytes, what a wrapped 64-bit product would claim.
            var entries = new (string Name, string DType, long[] Shape, (long Begin, long End) Offsets)[specs.Length];
            long packed = 0;
            for (var i = 0; i < specs.Length; i++)
            {
                var (name, dtype, shape, (mode, b, e)) = specs[i];
                var bytes = SpecBytes(dtype, shape) is { } n && n <= 64 ? (long)n : 0;
                (long Begin, long End) offsets = mode switch { 0 => (b, e), 1 => (packed, packed + bytes), _ => (b, b + bytes) };
                if (mode == 1) packed = offsets.End;
                entries[i] = (name, dtype, shape, offsets);
            }
            var dataLength = length < 0 ? (int)packed : length;
            var json = "{" + string.Join(",", entries.Select(e =>
                $"\"{e.Name}\":{{\"dtype\":\"{e.DType}\",\"shape\":[{string.Join(",", e.Shape)}],\"data_offsets\":[{e.Offsets.Begin},{e.Offsets.End}]}}")) + "}";
            var bytesOnDisk = Build(json, new byte[dataLength]);

            var expected = SpecAccepts(entries, dataLength);
            bool opened;
            try
            {
                using var file = SafeTensorsFile.FromBytes(bytesOnDisk);
                opened = true;
            }
            catch (InvalidModelException)
            {
                opened = false;
            }
            Assert.True(expected == opened, $"{json} with {dataLength} data bytes: spec says {(expected ? "valid" : "invalid")}");
        }, iter: 20_000);
    }

    /// <summary>Bytes a tensor needs by the spec, or null when the dtype is unknown, a dimension negative, or the size overflows.</summary>
    private static BigInteger? SpecBytes(string dtype, long[] shape)
    {
        var size = dtype switch { "F32" => 4, "F16" or "BF16" => 2, "U8" or "BOOL" => 1, "I64" => 8, _ => 0 };
        if (size == 0 || shape.Any(d => d < 0)) return null;
        BigInteger count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
            if (count > long.MaxValue) return null; // the reference rejects an overflowing running product
        }
        return count * size > long.MaxValue ? null : count * size;
    }

    /// <summary>The spec's rules restated with big integers, as the oracle for the parser.</summary>
    private static bool SpecAccepts((string Name, string DType, long[] Shape, (long Begin, long End) Offsets)[] entries, int dataLength)
    {
        if (entries.Select(e => e.Name).Distinct().Count() != entries.Length) return false;
        foreach (var (_, dtype, shape, (begin, end)) in entries)
        {
            if (SpecBytes(dtype, shape) is not { } bytes) return false;
            if (begin > end || end > dataLength || end - begin != bytes) return false;
        }
        long covered = 0;
        foreach (var (begin, end) in entries.Select(e => e.Offsets).OrderBy(o => o.Begin).ThenBy(o => o.End))
        {
            if (begin != covered) return false;
            covered = end;
        }
        return covered == dataLength;
    }

    /// <summary>
    /// Opening either succeeds, and then every tensor reads within bounds, or raises
    /// <see cref="InvalidModelException"/>; any other exception fails the property. The memory the
    /// attempt allocates stays a small multiple of the input, whatever the header claims.
    /// </summary>
    private static void OpensOrRaisesInvalidModel(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var file = SafeTensorsFile.FromBytes(bytes, "mutant");
            foreach (var tensor in file.Tensors)
            {
                Assert.Equal(tensor.ByteLength, file.GetBytes(tensor).Length);
                if (tensor.DType is SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F32 or SafeTensorsDType.F64)
                    Assert.Equal(tensor.ElementCount, file.ReadSingles(tensor.Name).Length);
            }
        }
        catch (InvalidModelException)
        {
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < (1 << 20) + (64L * bytes.Length), $"allocated {allocated} bytes for a {bytes.Length}-byte input");
    }

    private static int ElementSize(SafeTensorsDType dtype) => dtype switch
    {
        SafeTensorsDType.F64 or SafeTensorsDType.I64 or SafeTensorsDType.U64 => 8,
        SafeTensorsDType.F32 or SafeTensorsDType.I32 or SafeTensorsDType.U32 => 4,
        SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.I16 or SafeTensorsDType.U16 => 2,
        _ => 1,
    };

    public sealed record TensorSpec(string Name, SafeTensorsDType DType, long[] Shape, byte[] Data);

    public sealed record FileSpec(TensorSpec[] Tensors, Dictionary<string, string> Metadata)
    {
        public byte[] ToBytes()
        {
            var writer = new SafeTensorsWriter();
            foreach (var (key, value) in Metadata) writer.AddMetadata(key, value);
            foreach (var t in Tensors) writer.Add(t.Name, t.DType, t.Shape, t.Data);
            return writer.ToArray();
        }
    }
}
