namespace Augment.Audio;

/// <summary>
/// Channel weights G_i of ITU-R BS.1770-4 (Table 3): 1.0 for left, right and centre, 1.41 (+1.5 dB) for
/// the surrounds, 0 for LFE (excluded from loudness).
/// </summary>
internal static class LoudnessChannelWeights
{
    /// <summary>The surround weight 1.41 (the Recommendation's rounded +1.5 dB).</summary>
    public const double Surround = 1.41;

    public static double[] For(AudioFormat format)
    {
        var weights = new double[format.Channels];
        if (format.ChannelMask != Speakers.None && CountBits((int)format.ChannelMask) == format.Channels)
        {
            // Channels are stored in the order of the set bits, lowest first (WAVE_FORMAT_EXTENSIBLE).
            var c = 0;
            for (var bit = 0; bit < 32 && c < weights.Length; bit++)
            {
                var speaker = (Speakers)(1 << bit);
                if ((format.ChannelMask & speaker) == 0) continue;
                weights[c++] = speaker switch
                {
                    Speakers.LowFrequency => 0.0,
                    Speakers.BackLeft or Speakers.BackRight or Speakers.SideLeft or Speakers.SideRight => Surround,
                    _ => 1.0,
                };
            }
            return weights;
        }
        Array.Fill(weights, 1.0);
        switch (format.Channels)
        {
            case 5: // 5.0: L R C Ls Rs
                weights[3] = weights[4] = Surround;
                break;
            case 6: // 5.1: L R C LFE Ls Rs
                weights[3] = 0.0;
                weights[4] = weights[5] = Surround;
                break;
            case 8: // 7.1: L R C LFE Lb Rb Ls Rs
                weights[3] = 0.0;
                weights[4] = weights[5] = weights[6] = weights[7] = Surround;
                break;
        }
        return weights;
    }

    private static int CountBits(int value) => System.Numerics.BitOperations.PopCount((uint)value);
}
