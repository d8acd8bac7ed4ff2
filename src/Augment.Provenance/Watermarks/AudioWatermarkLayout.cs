namespace Augment.Provenance.Watermarks;

/// <summary>
/// The keyed time-frequency grid of one audio message block: <see cref="Slots"/> time slots of
/// <see cref="HopsPerSlot"/> STFT hops, by <see cref="Bands"/> frequency bands between <see cref="LowHz"/> and
/// <see cref="HighHz"/>. Each cell carries one ±1 chip that scales the cell's magnitudes by 1 ± alpha.
/// <see cref="PilotCount"/> cells are pilots with keyed signs (the sync template); every other cell carries one coded
/// bit of <see cref="WatermarkLayout.MessageFor"/>, spread by a keyed sign and interleaved over the block so that a
/// loud transient or a codec's damage to one region costs scattered, correctable errors.
/// Everything is defined in seconds and hertz, so a resampled copy lines up with the same grid.
/// </summary>
internal sealed class AudioWatermarkLayout
{
    /// <summary>STFT hop in seconds; the analysis window is two hops long. 20 ms is a whole number of samples at every common rate.</summary>
    public const double HopSeconds = 0.02;

    /// <summary>Hops per time slot (80 ms): long enough for a codec to keep the cell's level, short enough for many cells.</summary>
    public const int HopsPerSlot = 4;

    /// <summary>Time slots per message block.</summary>
    public const int Slots = 100;

    /// <summary>Hops per message block (8 seconds); the block repeats over the whole file.</summary>
    public const int BlockHops = Slots * HopsPerSlot;

    /// <summary>Frequency bands per slot.</summary>
    public const int Bands = 20;

    /// <summary>Lower edge of the marked band in hertz (below it speech and music are loud and masking is poor for narrow changes).</summary>
    public const double LowHz = 1000;

    /// <summary>Upper edge of the marked band in hertz (MP3 at 128 kbit/s and 16 kHz audio keep everything below it).</summary>
    public const double HighHz = 6000;

    /// <summary>Cells per block.</summary>
    public const int Cells = Slots * Bands;

    /// <summary>Pilot cells per block.</summary>
    public const int PilotCount = 500;

    /// <summary>For each cell (slot * Bands + band): -1 for a pilot, otherwise the coded bit it carries.</summary>
    public int[] Role { get; } = new int[Cells];

    /// <summary>For each cell: its keyed sign (+1 or -1).</summary>
    public float[] Sign { get; } = new float[Cells];

    public AudioWatermarkLayout(ulong key)
    {
        // A stream constant distinct from the image layout's, so that one key gives unrelated image and audio patterns.
        var random = new SplitMix64(key ^ 0xA0D1_0B10_C4A7_5EEDUL);
        var order = new int[Cells];
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
            Role[cell] = i < PilotCount ? -1 : (i - PilotCount) % WatermarkLayout.CodedBits;
            Sign[cell] = (random.Next() & 1) == 0 ? 1f : -1f;
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

    /// <summary>The cell index of STFT frame <paramref name="frame"/> (counted from the block start) and band <paramref name="band"/>.</summary>
    public static int CellOf(long frame, int band) => (int)(frame / HopsPerSlot % Slots) * Bands + band;
}
