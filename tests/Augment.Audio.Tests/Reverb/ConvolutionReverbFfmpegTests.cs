using Augment.Audio.Tests.Dsp;

namespace Augment.Audio.Tests.Reverb;

public sealed class ConvolutionReverbFfmpegTests
{
    [Fact]
    public void Matches_ffmpeg_afir_without_gain_normalisation_within_minus_60_dB()
    {
        Ffmpeg.SkipWhenAbsent();
        var folder = Directory.CreateTempSubdirectory("aug-afir-");
        try
        {
            const int rate = 48000, frames = 24000, irFrames = 6000;
            var dry = Path.Combine(folder.FullName, "dry.wav");
            var irPath = Path.Combine(folder.FullName, "ir.wav");
            var theirs = Path.Combine(folder.FullName, "afir.wav");
            using (var signal = AudioBuffer.Create(2, frames, rate))
            {
                Signals.Noise(frames, 30, 0.25f).CopyTo(signal.Channel(0));
                Signals.Noise(frames, 31, 0.25f).CopyTo(signal.Channel(1));
                AudioFile.SaveWav(signal, dry);
            }
            using (var ir = AudioBuffer.Create(2, irFrames, rate))
            {
                ReverbSignals.DecayingNoise(irFrames, 32, 1500).AsSpan().CopyTo(ir.Channel(0));
                ReverbSignals.DecayingNoise(irFrames, 33, 1200).AsSpan().CopyTo(ir.Channel(1));
                for (var c = 0; c < 2; c++)
                {
                    foreach (ref var v in ir.Channel(c)) v *= 0.1f;
                }
                AudioFile.SaveWav(ir, irPath);
            }
            // dry/wet are afir's input and output gains (1 = unchanged); gtype=none turns its IR gain normalisation
            // off. ffmpeg 5.1's afir then still doubles the IR (a unit impulse through it gives 2·IR), so irgain=0.5
            // makes its output the plain convolution.
            Ffmpeg.Run("-v", "error", "-y", "-i", dry, "-i", irPath, "-filter_complex", "[0][1]afir=dry=1:wet=1:gtype=none:irgain=0.5",
                "-c:a", "pcm_f32le", theirs);
            var ct = TestContext.Current.CancellationToken;
            using var reference = AudioFile.Load(theirs, cancellationToken: ct);
            using var input = AudioFile.Load(dry, cancellationToken: ct);
            using var ours = ConvolutionReverb.FromFile(irPath).ApplyTo(input, ct);
            Assert.Equal(2, reference.Channels);
            var compared = Math.Min(reference.Frames, ours.Frames);
            Assert.True(compared >= frames, $"ffmpeg wrote {reference.Frames} frames");
            for (var c = 0; c < 2; c++)
            {
                var expected = new double[compared];
                for (var i = 0; i < compared; i++) expected[i] = reference.Channel(c)[i];
                var errorDb = ReverbSignals.ErrorDb(expected, ours.Channel(c));
                Assert.True(errorDb < -60, $"channel {c}: {errorDb:0.0} dB");
                TestContext.Current.TestOutputHelper?.WriteLine($"channel {c}: ours vs afir {errorDb:0.0} dB over {compared} frames");
            }
        }
        finally
        {
            folder.Delete(true);
        }
    }
}
