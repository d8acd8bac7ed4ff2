using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

/// <summary>Random lengths, rates, channel counts and content: embed and detect throw nothing but their documented exceptions.</summary>
public sealed class AudioWatermarkPropertyTests
{
    [Fact]
    public void Random_audio_never_throws_anything_but_argument_exceptions()
    {
        var random = new Random(20261127);
        int[] rates = [8_000, 11_025, 15_999, 16_000, 22_050, 32_000, 44_100, 48_000, 88_200, 96_000, 17_321];
        for (var trial = 0; trial < 40; trial++)
        {
            TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
            var rate = rates[random.Next(rates.Length)];
            var seconds = random.NextDouble() * 14;
            var channels = random.Next(1, 4);
            var frames = (int)(seconds * rate);
            using var audio = AudioBuffer.Create(channels, frames, rate);
            var data = audio.Data;
            var style = random.Next(4);
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = style switch
                {
                    0 => 0,                                                     // digital silence
                    1 => (float)((random.NextDouble() * 2) - 1),                // full-scale noise
                    2 => (float)((random.NextDouble() * 2) - 1) * 1e-7f,         // near silence
                    _ => random.Next(100) == 0 ? 1e4f : 0.01f,                   // sparse huge clicks
                };
            }
            var payload = new WatermarkPayload((ulong)random.NextInt64());
            var options = new AudioWatermarkOptions { Key = (ulong)random.NextInt64(), StrengthDb = -6 - (random.NextDouble() * 34) };
            try
            {
                using var marked = AudioWatermark.Embed(audio, payload, options);
                Assert.Equal(audio.Frames, marked.Frames);
                Assert.True(AllFinite(marked.Data), $"trial {trial}: non-finite output");
                var detection = AudioWatermark.Detect(marked, options, TestContext.Current.CancellationToken);
                Assert.InRange(detection.BitConfidence, 0, 1);
            }
            catch (ArgumentException) when (rate < AudioWatermark.MinimumSampleRate || audio.Duration < AudioWatermark.MinimumDuration)
            {
                // documented: too low a rate or too short
            }
            var unmarked = Record.Exception(() => AudioWatermark.Detect(audio, options, TestContext.Current.CancellationToken));
            if (unmarked is not null)
                Assert.True(unmarked is ArgumentException && rate < AudioWatermark.MinimumSampleRate, $"trial {trial}: {unmarked}");
        }
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                return false;
        }
        return true;
    }
}
