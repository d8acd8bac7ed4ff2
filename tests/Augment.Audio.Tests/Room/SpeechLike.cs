namespace Augment.Audio.Tests.Room;

/// <summary>A deterministic speech-like signal: noise bursts (150–400 ms, a speech-like spectral tilt, abrupt offsets) separated by pauses.</summary>
internal static class SpeechLike
{
    public static float[] Bursts(double seconds, int rate, int seed, double minPause = 0.45, double maxPause = 0.8)
    {
        var random = new Random(seed);
        var x = new float[(int)(seconds * rate)];
        var position = (int)(0.1 * rate);
        double lowPassState = 0;
        while (position < x.Length)
        {
            var burst = (int)((0.15 + (0.25 * random.NextDouble())) * rate);
            var gain = 0.1 * (0.5 + random.NextDouble());
            for (var i = 0; i < burst && position + i < x.Length; i++)
            {
                // One-pole low-pass mixed with the white part: more energy low, like voiced speech.
                var white = RoomSignals.Gaussian(random);
                lowPassState = (0.9 * lowPassState) + (0.1 * white);
                var attack = Math.Min(1, i / (0.005 * rate));
                x[position + i] = (float)(gain * attack * ((3 * lowPassState) + (0.3 * white)));
            }
            position += burst + (int)((minPause + ((maxPause - minPause) * random.NextDouble())) * rate);
        }
        return x;
    }

    /// <summary>A room response: direct impulse of the given DRR, then decaying Gaussian noise from 2.6 ms on.</summary>
    public static float[] Room(double rt60, double drrDb, int rate, int seed)
    {
        var tail = RoomSignals.DecayingNoise(rt60, 1.3 * rt60, rate, seed, signsOnly: false);
        var gap = (int)(0.0026 * rate);
        var h = new float[tail.Length + gap];
        double energy = 0;
        for (var i = 0; i < tail.Length; i++)
        {
            h[gap + i] = 0.05f * tail[i];
            energy += (double)h[gap + i] * h[gap + i];
        }
        h[0] = (float)Math.Sqrt(energy * Math.Pow(10, drrDb / 10));
        return h;
    }
}
