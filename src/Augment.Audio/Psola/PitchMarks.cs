namespace Augment.Audio;

/// <summary>
/// Analysis pitch marks for TD-PSOLA (Moulines &amp; Charpentier 1990): in voiced parts one mark per period,
/// each at the waveform's largest positive peak within a quarter period of where the previous mark plus the
/// tracked period predicts (so marks lock to the same point of every glottal cycle); in unvoiced parts marks
/// at a fixed hop. Each mark carries its local period (the grain half-length).
/// </summary>
internal sealed class PitchMarks
{
    private PitchMarks(int[] positions, double[] periods, bool[] voiced, int count)
    {
        Positions = positions;
        Periods = periods;
        Voiced = voiced;
        Count = count;
    }

    internal int[] Positions { get; }

    internal double[] Periods { get; }

    internal bool[] Voiced { get; }

    internal int Count { get; }

    internal static PitchMarks Find(ReadOnlySpan<float> mono, PitchTrack track, int unvoicedHop)
    {
        var n = mono.Length;
        var capacity = 64;
        var positions = new int[capacity];
        var periods = new double[capacity];
        var voiced = new bool[capacity];
        var count = 0;
        double position = 0;
        var last = -1;
        var lastVoiced = false;
        var sampleRate = (double)track.SampleRate;
        while (position < n)
        {
            var f0 = track.FrequencyAt(TimeSpan.FromSeconds(position / sampleRate));
            int mark;
            double period;
            bool isVoiced;
            if (!double.IsNaN(f0) && f0 > 0)
            {
                period = sampleRate / f0;
                int lo, hi;
                if (lastVoiced)
                {
                    var centre = last + period;
                    lo = (int)Math.Ceiling(centre - (0.25 * period));
                    hi = (int)Math.Floor(centre + (0.25 * period));
                }
                else
                {
                    lo = (int)position;
                    hi = (int)(position + period);
                }
                lo = Math.Max(lo, last + 1);
                hi = Math.Min(hi, n - 1);
                if (lo > hi) break;
                mark = lo;
                for (var i = lo + 1; i <= hi; i++)
                    if (mono[i] > mono[mark]) mark = i;
                isVoiced = true;
                position = mark + period;
            }
            else
            {
                mark = Math.Max((int)position, last + 1);
                if (mark >= n) break;
                period = unvoicedHop;
                isVoiced = false;
                position = mark + unvoicedHop;
            }
            if (count == capacity)
            {
                capacity *= 2;
                Array.Resize(ref positions, capacity);
                Array.Resize(ref periods, capacity);
                Array.Resize(ref voiced, capacity);
            }
            positions[count] = mark;
            periods[count] = period;
            voiced[count] = isVoiced;
            count++;
            last = mark;
            lastVoiced = isVoiced;
        }
        return new PitchMarks(positions, periods, voiced, count);
    }

    /// <summary>Index of the mark nearest to sample <paramref name="position"/> (binary search).</summary>
    internal int Nearest(double position)
    {
        int lo = 0, hi = Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Positions[mid] < position) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0 && Math.Abs(Positions[lo - 1] - position) <= Math.Abs(Positions[lo] - position)) lo--;
        return lo;
    }
}
