using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Augment.Cli.Demo.Media;

/// <summary>
/// Writes 16-bit PCM WAV (RIFF/WAVE, one "fmt " chunk of 16 bytes, one "data" chunk). Stop-gap for
/// the demo: Augment.Audio's readers and writers replace it when they land.
/// </summary>
internal static class WaveFile
{
    /// <summary>Size of the header this writer emits, in bytes.</summary>
    public const int HeaderBytes = 44;

    /// <summary>
    /// Writes <paramref name="audio"/> as 16-bit little-endian PCM to <paramref name="path"/>
    /// atomically (samples rounded and clamped as <see cref="AudioBuffer.CopyInterleavedTo(Span{short})"/> does).
    /// </summary>
    public static void WritePcm16(string path, AudioBuffer audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        const int bytesPerSample = 2;
        var samples = (long)audio.Frames * audio.Channels;
        var dataBytes = samples * bytesPerSample;
        // RIFF sizes are 32-bit; the RIFF size field counts everything after itself.
        if (dataBytes + HeaderBytes - 8 > uint.MaxValue)
            throw new ArgumentException($"{audio} is too long for a WAV file (4 GiB limit).", nameof(audio));

        var header = new byte[HeaderBytes];
        var h = header.AsSpan();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)(dataBytes + HeaderBytes - 8));
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);                  // fmt chunk size
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1);                   // WAVE_FORMAT_PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)audio.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)(audio.SampleRate * audio.Channels * bytesPerSample)); // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(audio.Channels * bytesPerSample));                  // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);                  // bits per sample
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], (uint)dataBytes);

        var pcm = ArrayPool<short>.Shared.Rent(checked((int)samples));
        try
        {
            var span = pcm.AsSpan(0, (int)samples);
            audio.CopyInterleavedTo(span);
            if (!BitConverter.IsLittleEndian)
                BinaryPrimitives.ReverseEndianness(span, span);
            AtomicFile.Write(path, stream =>
            {
                stream.Write(header);
                stream.Write(MemoryMarshal.AsBytes(pcm.AsSpan(0, (int)samples)));
            });
        }
        finally
        {
            ArrayPool<short>.Shared.Return(pcm);
        }
    }
}
