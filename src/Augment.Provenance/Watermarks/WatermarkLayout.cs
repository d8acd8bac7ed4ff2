namespace Augment.Provenance.Watermarks;

/// <summary>
/// The keyed geometry of one watermark tile: <see cref="TileCells"/> x <see cref="TileCells"/> cells, each a smooth
/// bump of <see cref="CellPixels"/> working pixels that carries one ±1 chip. <see cref="PilotCount"/> cells are
/// pilots with known signs (the sync template); every other cell carries one coded bit, spread by a keyed sign,
/// with the coded bits interleaved across the tile so that a damaged region costs scattered, correctable errors.
/// </summary>
internal sealed class WatermarkLayout
{
    /// <summary>Longer side of the resolution-normalised working image, in pixels.</summary>
    public const int WorkingLongSide = 512;

    /// <summary>Cell side in working pixels.</summary>
    public const int CellPixels = 4;

    /// <summary>Tile side in cells; the tile repeats over the image so that a crop still holds whole periods.</summary>
    public const int TileCells = 32;

    /// <summary>Cells per tile.</summary>
    public const int Cells = TileCells * TileCells;

    /// <summary>Pilot cells per tile.</summary>
    public const int PilotCount = 256;

    /// <summary>Payload bits plus the CRC-16.</summary>
    public const int MessageBits = WatermarkPayload.Bits + 16;

    /// <summary>Coded bits: rate 1/2 over the message and the encoder tail.</summary>
    public const int CodedBits = 2 * (MessageBits + ConvolutionalCode.TailBits);

    /// <summary>For each cell: -1 for a pilot, otherwise the coded bit it carries.</summary>
    public int[] Role { get; } = new int[Cells];

    /// <summary>For each cell: its keyed sign (+1 or -1).</summary>
    public float[] Sign { get; } = new float[Cells];

    /// <summary>Pilot cells as (cell x, cell y, sign).</summary>
    public (int X, int Y, float Sign)[] Pilots { get; } = new (int, int, float)[PilotCount];

    public WatermarkLayout(ulong key)
    {
        // Distinct stream constant so that the key is not used raw.
        var random = new SplitMix64(key ^ 0x57A7_E4AA_0C0D_E001UL);
        Span<int> order = stackalloc int[Cells];
        for (var i = 0; i < Cells; i++)
            order[i] = i;
        for (var i = Cells - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (var i = 0; i < Cells; i++)
        {
            var cell = order[i];
            Role[cell] = i < PilotCount ? -1 : (i - PilotCount) % CodedBits;
            Sign[cell] = (random.Next() & 1) == 0 ? 1f : -1f;
            if (i < PilotCount)
                Pilots[i] = (cell % TileCells, cell / TileCells, Sign[cell]);
        }
    }

    /// <summary>The ±1 chip of every cell for a coded message.</summary>
    public void Chips(ReadOnlySpan<byte> coded, Span<float> chips)
    {
        for (var cell = 0; cell < Cells; cell++)
        {
            var role = Role[cell];
            chips[cell] = role < 0 ? Sign[cell] : coded[role] == 1 ? Sign[cell] : -Sign[cell];
        }
    }

    /// <summary>The message bits for a payload: 64 payload bits, then the CRC-16 of its 8 big-endian bytes, then the zero tail.</summary>
    public static byte[] MessageFor(WatermarkPayload payload)
    {
        var bits = new byte[MessageBits + ConvolutionalCode.TailBits];
        for (var i = 0; i < WatermarkPayload.Bits; i++)
            bits[i] = payload.Bit(i) ? (byte)1 : (byte)0;
        var crc = Crc16.Compute(payload.ToBytes());
        for (var i = 0; i < 16; i++)
            bits[WatermarkPayload.Bits + i] = (byte)((crc >> (15 - i)) & 1);
        return bits;
    }

    /// <summary>The payload of decoded message bits, or null when the CRC-16 does not match.</summary>
    public static WatermarkPayload? PayloadOf(ReadOnlySpan<byte> bits)
    {
        ulong value = 0;
        for (var i = 0; i < WatermarkPayload.Bits; i++)
            value = (value << 1) | bits[i];
        var crc = 0;
        for (var i = 0; i < 16; i++)
            crc = (crc << 1) | bits[WatermarkPayload.Bits + i];
        var payload = new WatermarkPayload(value);
        return Crc16.Compute(payload.ToBytes()) == crc ? payload : null;
    }

    /// <summary>Weight of working pixel <paramref name="offset"/> (0..3) inside a cell: the cell's bump sampled at pixel centres.</summary>
    public static float BumpWeight(int offset) => MathF.Sin(MathF.PI * (offset + 0.5f) / CellPixels);
}
