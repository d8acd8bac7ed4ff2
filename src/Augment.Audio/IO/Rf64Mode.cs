namespace Augment.Audio;

/// <summary>When <see cref="WavWriter"/> writes an RF64 file instead of a plain RIFF one.</summary>
public enum Rf64Mode
{
    /// <summary>
    /// Reserve a 28-byte <c>JUNK</c> chunk after the header and turn it into <c>ds64</c> (RF64) only if the
    /// file passes 4 GiB, as EBU Tech 3306 recommends; smaller files stay plain RIFF.
    /// </summary>
    Auto = 0,
    /// <summary>Always write RF64 with a <c>ds64</c> chunk.</summary>
    Always,
    /// <summary>Never: plain RIFF without the reserved chunk; writing past 4 GiB throws.</summary>
    Never,
}
