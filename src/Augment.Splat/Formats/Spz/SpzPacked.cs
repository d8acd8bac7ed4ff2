namespace Augment.Splat;

/// <summary>
/// The quantised attribute blocks of an SPZ file, one byte array per block in file order: positions (3 x 24-bit
/// fixed point), alphas, colours, scales, rotations (3 bytes in v2, smallest-three 4 bytes from v3), SH rest.
/// </summary>
internal sealed class SpzPacked
{
    /// <summary>Bytes of one rotation: 3 (v2, xyz with w derived) or 4 (v3 and v4, smallest three).</summary>
    public static int RotationBytes(int version) => version == 2 ? 3 : 4;

    public SpzPacked(int count, int shDegree, int fractionalBits, int version, bool antialiased)
    {
        Count = count;
        ShDegree = shDegree;
        FractionalBits = fractionalBits;
        Version = version;
        Antialiased = antialiased;
        Positions = Allocate(count * 9L);
        Alphas = Allocate(count);
        Colors = Allocate(count * 3L);
        Scales = Allocate(count * 3L);
        Rotations = Allocate((long)count * RotationBytes(version));
        Sh = Allocate((long)count * ShBytesPerSplat(shDegree));
    }

    public int Count { get; }

    public int ShDegree { get; }

    public int FractionalBits { get; }

    public int Version { get; }

    public bool Antialiased { get; }

    public byte[] Positions { get; }

    public byte[] Alphas { get; }

    public byte[] Colors { get; }

    public byte[] Scales { get; }

    public byte[] Rotations { get; }

    public byte[] Sh { get; }

    /// <summary>The blocks in file order; the SH block only when the degree is above 0.</summary>
    public byte[][] Blocks => ShDegree > 0 ? [Positions, Alphas, Colors, Scales, Rotations, Sh] : [Positions, Alphas, Colors, Scales, Rotations];

    /// <summary>SH bytes per splat: three channels of (degree + 1)^2 - 1 coefficients.</summary>
    public static int ShBytesPerSplat(int shDegree) => 3 * (((shDegree + 1) * (shDegree + 1)) - 1);

    /// <summary>Bytes of every block together for <paramref name="count"/> splats.</summary>
    public static long PayloadBytes(long count, int shDegree, int version) =>
        count * (9 + 1 + 3 + 3 + RotationBytes(version) + ShBytesPerSplat(shDegree));

    private static byte[] Allocate(long length) => length == 0 ? [] : GC.AllocateUninitializedArray<byte>(checked((int)length));
}
