using CsCheck;

namespace Augment.Audio.Tests.Vad;

/// <summary>The streaming segmenter against a direct port of Silero's batch <c>get_speech_timestamps</c>.</summary>
public class SpeechSegmenterTests
{
    private const int Window = 512;
    private const int Rate = 16000;

    /// <summary>
    /// silero-vad utils_vad.py get_speech_timestamps (v4, max_speech_duration_s = inf), transcribed
    /// line by line over a whole probability array, in samples.
    /// </summary>
    private static List<(long Start, long End)> Reference(float[] probs, long audioLength, float threshold, float negThreshold, long minSpeech, long minSilence, long pad)
    {
        var triggered = false;
        var speeches = new List<(long Start, long End)>();
        long start = 0, tempEnd = 0;
        var open = false;
        for (var i = 0; i < probs.Length; i++)
        {
            var p = probs[i];
            if (p >= threshold && tempEnd != 0) tempEnd = 0;
            if (p >= threshold && !triggered)
            {
                triggered = true;
                start = (long)Window * i;
                open = true;
                continue;
            }
            if (p < negThreshold && triggered)
            {
                if (tempEnd == 0) tempEnd = (long)Window * i;
                if (((long)Window * i) - tempEnd < minSilence) continue;
                if (tempEnd - start > minSpeech) speeches.Add((start, tempEnd));
                open = false;
                tempEnd = 0;
                triggered = false;
            }
        }
        if (open && audioLength - start > minSpeech) speeches.Add((start, audioLength));
        for (var i = 0; i < speeches.Count; i++)
        {
            var s = speeches[i];
            if (i == 0) s.Start = Math.Max(0, s.Start - pad);
            if (i != speeches.Count - 1)
            {
                var silence = speeches[i + 1].Start - s.End;
                if (silence < 2 * pad)
                {
                    s.End += silence / 2;
                    speeches[i + 1] = (Math.Max(0, speeches[i + 1].Start - (silence / 2)), speeches[i + 1].End);
                }
                else
                {
                    s.End = Math.Min(audioLength, s.End + pad);
                    speeches[i + 1] = (Math.Max(0, speeches[i + 1].Start - pad), speeches[i + 1].End);
                }
            }
            else
            {
                s.End = Math.Min(audioLength, s.End + pad);
            }
            speeches[i] = s;
        }
        return speeches;
    }

    private static readonly Gen<(float[] Probabilities, int Tail, int PadMs, int MinSpeechMs, int MinSilenceMs)> Cases =
        from probabilities in Gen.OneOf(Gen.Float[0f, 1f], Pick(0f, 0.2f, 0.4f, 0.5f, 0.9f)).Array[0, 200]
        from tail in Gen.Int[0, Window - 1]
        from padMs in Pick(0, 30, 100, 400)
        from minSpeechMs in Pick(0, 64, 250)
        from minSilenceMs in Pick(0, 32, 100, 300)
        select (probabilities, tail, padMs, minSpeechMs, minSilenceMs);

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    [Fact]
    public void Streaming_segments_equal_the_batch_reference_for_any_probabilities_and_settings()
    {
        Cases.Sample(c =>
        {
            var options = VadOptions.Default with
            {
                SpeechPad = TimeSpan.FromMilliseconds(c.PadMs),
                MinSpeechDuration = TimeSpan.FromMilliseconds(c.MinSpeechMs),
                MinSilenceDuration = TimeSpan.FromMilliseconds(c.MinSilenceMs),
            };
            var audioLength = ((long)c.Probabilities.Length * Window) - (c.Probabilities.Length > 0 ? c.Tail : 0);
            var segmenter = new SpeechSegmenter(options, Window, Rate, options.MinSilenceDuration);
            var actual = new List<SpeechSegment>();
            foreach (var p in c.Probabilities) segmenter.Push(p, actual);
            segmenter.Complete(audioLength, actual);

            var expected = Reference(c.Probabilities, audioLength, 0.5f, 0.35f, c.MinSpeechMs * Rate / 1000, c.MinSilenceMs * Rate / 1000, c.PadMs * Rate / 1000);
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(TimeSpan.FromTicks(expected[i].Start * TimeSpan.TicksPerSecond / Rate), actual[i].Start);
                Assert.Equal(TimeSpan.FromTicks(expected[i].End * TimeSpan.TicksPerSecond / Rate), actual[i].End);
                Assert.InRange(actual[i].MeanProbability, 0f, 1f);
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Short_dips_are_bridged_and_the_mean_probability_covers_the_segment()
    {
        var segmenter = new SpeechSegmenter(VadOptions.Default, Window, Rate, TimeSpan.FromMilliseconds(100));
        var found = new List<SpeechSegment>();
        // 0.5 s silence, 0.8 s speech (p 0.9) with a 64 ms dip (p 0.1), 1 s silence.
        float[] p = [.. Enumerable.Repeat(0f, 16), .. Enumerable.Repeat(0.9f, 10), 0.1f, 0.1f, .. Enumerable.Repeat(0.9f, 13), .. Enumerable.Repeat(0f, 31)];
        foreach (var v in p) segmenter.Push(v, found);
        segmenter.Complete(p.Length * Window, found);

        var segment = Assert.Single(found);
        Assert.Equal(TimeSpan.FromMilliseconds((16 * 32) - 30), segment.Start);
        Assert.Equal(TimeSpan.FromMilliseconds((41 * 32) + 30), segment.End);
        Assert.Equal(((23 * 0.9) + 0.2) / 25, segment.MeanProbability, 1e-6);
    }
}
