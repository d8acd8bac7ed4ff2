using CsCheck;

namespace Augment.Audio.Tests.Loudness;

/// <summary>The limiter's promise as a property: whatever the signal and settings, the re-measured true peak stays under the ceiling.</summary>
public class TruePeakLimiterPropertyTests
{
    private static readonly Gen<(int Seed, double GainDb, double CeilingDb, double LookAheadMs, int Channels)> Cases =
        from seed in Gen.Int[0, 1 << 20]
        from gain in Gen.Double[0, 24]
        from ceiling in Gen.Double[-6, -0.1]
        from lookAhead in Gen.Double[0.2, 5]
        from channels in Gen.Int[1, 3]
        select (seed, gain, ceiling, lookAhead, channels);

    [Fact]
    public void Output_true_peak_never_exceeds_the_ceiling_by_more_than_0_1_dB()
    {
        Cases.Sample(c =>
        {
            const int rate = 48000;
            // Noise bursts, clicks and a high tone near fs/4: broadband material with inter-sample peaks.
            var random = new Random(c.Seed);
            using var buffer = AudioBuffer.Create(c.Channels, rate / 4, rate);
            for (var ch = 0; ch < c.Channels; ch++)
            {
                var x = buffer.Channel(ch);
                for (var i = 0; i < x.Length; i++)
                {
                    var burst = (i / 1000 + ch) % 3 == 0 ? 0.5 * (random.NextDouble() * 2 - 1) : 0.02 * (random.NextDouble() * 2 - 1);
                    x[i] = (float)(burst + 0.3 * Math.Sin(2 * Math.PI * 11_990 * i / rate + ch) + (random.Next(2000) == 0 ? 0.9 : 0));
                }
            }
            var gain = (float)Math.Pow(10, c.GainDb / 20);
            var limiter = new TruePeakLimiter(c.Channels, rate, (float)Math.Pow(10, c.CeilingDb / 20), TimeSpan.FromMilliseconds(c.LookAheadMs), TimeSpan.FromMilliseconds(50));
            var frames = buffer.Frames + limiter.LatencyFrames;
            var input = new float[c.Channels * frames];
            for (var ch = 0; ch < c.Channels; ch++)
                for (var i = 0; i < buffer.Frames; i++)
                    input[ch * frames + i] = buffer.Channel(ch)[i] * gain;
            var output = new float[input.Length];
            limiter.Process(input, output, frames, frames);

            var meter = new LoudnessMeter(new AudioFormat(rate, c.Channels));
            meter.Process(output, frames);
            var truePeak = meter.GetResult().TruePeakDbtp;
            Assert.True(truePeak <= c.CeilingDb + 0.1, $"true peak {truePeak:F3} dBTP over the {c.CeilingDb:F2} ceiling ({c})");
        }, iter: 40, threads: 1);
    }
}
