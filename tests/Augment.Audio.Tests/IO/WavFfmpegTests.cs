namespace Augment.Audio.Tests.IO;

/// <summary>
/// Cross-checks against ffmpeg: it writes, we read; we write, it reads. Both sides must agree exactly.
/// Each direction runs ffmpeg once for all formats, because process starts dominate the time.
/// </summary>
public class WavFfmpegTests
{
    private static readonly (string Codec, WavSampleFormat Format, int Channels, bool Rf64)[] FfmpegFiles =
    [
        ("pcm_u8", WavSampleFormat.Pcm8, 1, false),
        ("pcm_s16le", WavSampleFormat.Pcm16, 2, false),
        ("pcm_s24le", WavSampleFormat.Pcm24, 2, false),
        ("pcm_s32le", WavSampleFormat.Pcm32, 2, false),
        ("pcm_f32le", WavSampleFormat.IeeeFloat32, 2, false),
        ("pcm_f64le", WavSampleFormat.IeeeFloat64, 1, false),
        ("pcm_s24le", WavSampleFormat.Pcm24, 6, false),
        ("pcm_s16le", WavSampleFormat.Pcm16, 8, false),
        ("pcm_s16le", WavSampleFormat.Pcm16, 2, true),
        ("pcm_s24le", WavSampleFormat.Pcm24, 6, true),
        ("pcm_f32le", WavSampleFormat.IeeeFloat32, 1, true),
    ];

    [Fact]
    public void Reader_equals_ffmpegs_own_decode_of_every_codec_ffmpeg_writes_including_extensible_and_rf64()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var outputs = new List<(float[], int, int, string[], string)>();
        foreach (var (codec, _, channels, rf64) in FfmpegFiles)
        {
            string[] arguments = rf64 ? ["-c:a", codec, "-rf64", "always"] : ["-c:a", codec];
            var interleaved = IoSignals.Interleave(IoSignals.Planar(channels, 4801, seed: outputs.Count), channels);
            outputs.Add((interleaved, channels, 44100, arguments, folder.File($"{outputs.Count}-{codec}-{channels}{(rf64 ? "-rf64" : "")}.wav")));
        }
        Ffmpeg.EncodeManyFromF32(folder.Path, outputs);
        var references = Ffmpeg.DecodeManyToF32(outputs.ConvertAll(o => o.Item5));

        for (var i = 0; i < FfmpegFiles.Length; i++)
        {
            var (codec, format, channels, rf64) = FfmpegFiles[i];
            var what = $"{codec} x {channels}{(rf64 ? " RF64" : "")}";
            using var reader = WavReader.Open(outputs[i].Item5);
            Assert.True(format == reader.SampleFormat, what);
            Assert.True(channels == reader.Format.Channels, what);
            Assert.True(44100 == reader.Format.SampleRate, what);
            Assert.True((rf64 ? WavContainer.Rf64 : WavContainer.Riff) == reader.Container, what);
            Assert.True(4801 == reader.LengthFrames, what);
            var ours = IoSignals.Interleave(IoSignals.ReadPlanar(reader), channels);
            Assert.True(references[i].AsSpan().SequenceEqual(ours), $"{what}: samples differ from ffmpeg's decode.");
            Assert.True(reader.Warnings.Count == 0, $"{what}: {string.Join("; ", reader.Warnings)}");
            if (channels == 6) Assert.True(Speakers.Surround51 == reader.Format.ChannelMask || reader.Format.ChannelMask == (Speakers.Surround51 & ~(Speakers.BackLeft | Speakers.BackRight) | Speakers.SideLeft | Speakers.SideRight), what);
        }
    }

    private static readonly (WavSampleFormat Format, int Channels, Rf64Mode Rf64)[] OurFiles =
    [
        (WavSampleFormat.Pcm8, 2, Rf64Mode.Auto),
        (WavSampleFormat.Pcm16, 2, Rf64Mode.Auto),
        (WavSampleFormat.Pcm24, 2, Rf64Mode.Auto),
        (WavSampleFormat.Pcm32, 2, Rf64Mode.Auto),
        (WavSampleFormat.IeeeFloat32, 2, Rf64Mode.Auto),
        (WavSampleFormat.IeeeFloat64, 2, Rf64Mode.Auto),
        (WavSampleFormat.Pcm24, 6, Rf64Mode.Never),
        (WavSampleFormat.Pcm16, 1, Rf64Mode.Always),
        (WavSampleFormat.IeeeFloat32, 8, Rf64Mode.Always),
    ];

    [Fact]
    public void Ffmpeg_decodes_every_format_we_write_to_the_same_samples()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new TempFolder();
        var paths = new List<string>();
        var expected = new List<float[]>();
        foreach (var (format, channels, rf64) in OurFiles)
        {
            var path = folder.File($"{paths.Count}-{format}-{channels}-{rf64}.wav");
            var planes = IoSignals.Quantized(IoSignals.Planar(channels, 4001, seed: paths.Count), format);
            using (var writer = WavWriter.Create(path, new AudioFormat(32000, channels), new WavWriteOptions { SampleFormat = format, Rf64 = rf64 }))
            {
                writer.Write(planes, 4001);
                writer.Complete();
            }
            paths.Add(path);
            expected.Add(IoSignals.Interleave(planes, channels));
        }
        var decoded = Ffmpeg.DecodeManyToF32(paths);
        for (var i = 0; i < paths.Count; i++)
            Assert.True(expected[i].AsSpan().SequenceEqual(decoded[i]), $"{OurFiles[i]}: ffmpeg decoded other samples ({decoded[i].Length} vs {expected[i].Length}).");
        Assert.Contains("5.1", Ffmpeg.Describe(paths[6]), StringComparison.Ordinal);
    }
}
