using CsCheck;

namespace Augment.Splat.Tests.Formats.CompressedPly;

/// <summary>Mutated and truncated compressed PLY files: the reader returns a cloud or throws a typed Augment error, nothing else.</summary>
public sealed class CompressedPlyFuzzTests
{
    private static readonly byte[] Fixture = File.ReadAllBytes(FloatPlyFixture.DataPath("compressed-ply", "tiny.compressed.ply"));

    internal static byte[] Mutate(byte[] original, int seed, int headerBytes)
    {
        var random = new Random(seed);
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: // flip bytes anywhere
                for (var i = random.Next(1, 9); i > 0; i--)
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                return bytes;
            case 1: // flip bytes in the header, where counts and types live
                for (var i = random.Next(1, 5); i > 0; i--)
                    bytes[random.Next(Math.Min(headerBytes, bytes.Length))] = (byte)"0123456789 \nxyz-"[random.Next(16)];
                return bytes;
            case 2: // truncate
                return bytes[..random.Next(bytes.Length)];
            default: // a digit of a count grows
                var index = random.Next(Math.Min(headerBytes, bytes.Length));
                for (var i = index; i < Math.Min(headerBytes, bytes.Length); i++)
                {
                    if (bytes[i] is >= (byte)'0' and <= (byte)'9')
                    {
                        bytes[i] = (byte)('0' + random.Next(10));
                        break;
                    }
                }
                return bytes;
        }
    }

    internal static void AssertTypedOutcome(Action read)
    {
        try
        {
            read();
        }
        catch (AugmentException)
        {
            // InvalidMediaException, UnsupportedFormatException, ResourceLimitException: all typed.
        }
    }

    [Fact]
    public void Mutated_files_give_a_cloud_or_a_typed_error()
    {
        var codec = new CompressedPlyCodec();
        var options = SplatReadOptions.Default with { MaxSplats = 1_000_000 };
        Gen.Int.Sample(seed =>
        {
            var bytes = Mutate(Fixture, seed, 1400);
            AssertTypedOutcome(() =>
            {
                using var stream = new MemoryStream(bytes);
                codec.Read(stream, "fuzz.compressed.ply", options, CancellationToken.None);
            });
        }, iter: 3000);
    }
}
