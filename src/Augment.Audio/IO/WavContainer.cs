namespace Augment.Audio;

/// <summary>The outer RIFF form of a WAV file.</summary>
public enum WavContainer
{
    /// <summary>Classic RIFF/WAVE: 32-bit sizes, at most 4 GiB.</summary>
    Riff = 1,
    /// <summary>RF64 (EBU Tech 3306): 64-bit sizes in a <c>ds64</c> chunk.</summary>
    Rf64,
    /// <summary>BW64 (ITU-R BS.2088): RF64's layout under another name.</summary>
    Bw64,
}
