namespace Augment.Audio.Tests.Room;

public class RoomMatchTests
{
    private const int Rate = 48000;

    private static float[] Noise(int n, int seed)
    {
        var random = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++) x[i] = (float)(0.3 * RoomSignals.Gaussian(random));
        return x;
    }

    [Fact]
    public void ApplyRoom_without_level_matching_equals_naive_convolution()
    {
        var x = Noise(3000, 1);
        var h = Noise(257, 2);
        using var voice = RoomSignals.Mono(x, Rate);
        using var ir = RoomSignals.Mono(h, Rate);

        using var wet = voice.ApplyRoom(ir, new RoomApplyOptions { MatchLevel = false }, TestContext.Current.CancellationToken);

        var expected = RoomSignals.NaiveConvolve(x, h);
        Assert.Equal(expected.Length, wet.Frames);
        Assert.True(RoomSignals.ErrorDb(wet.Channel(0), expected) < -90);
    }

    [Fact]
    public void Mix_blends_dry_and_level_matched_wet_and_the_tail_can_be_cut()
    {
        var x = Noise(4000, 3);
        var h = Noise(100, 4);
        using var voice = RoomSignals.Mono(x, Rate);
        using var ir = RoomSignals.Mono(h, Rate);

        using var matched = voice.ApplyRoom(ir, cancellationToken: TestContext.Current.CancellationToken);
        using var half = voice.ApplyRoom(ir, new RoomApplyOptions { Mix = 0.5, KeepTail = false }, TestContext.Current.CancellationToken);

        // Level matching: the wet output carries the dry input's power.
        Assert.Equal(DecayKernels.Energy(x), DecayKernels.Energy(matched.Channel(0)), DecayKernels.Energy(x) * 1e-4);
        var conv = RoomSignals.NaiveConvolve(x, h);
        // Matched over the output it produces (here cut to the input's length).
        var gain = Math.Sqrt(DecayKernels.Energy(x) / DecayKernels.Energy(conv.AsSpan(0, x.Length)));
        Assert.Equal(x.Length, half.Frames);
        for (var i = 0; i < x.Length; i++)
            Assert.Equal((0.5 * x[i]) + (0.5 * gain * conv[i]), half.Channel(0)[i], 1e-4);
    }

    [Fact]
    public void Stereo_ir_makes_a_mono_voice_stereo_and_a_3_channel_ir_is_refused()
    {
        using var voice = RoomSignals.Mono(Noise(1000, 5), Rate);
        using var stereo = AudioBuffer.Create(2, 50, Rate);
        stereo.Channel(0)[0] = 1;
        stereo.Channel(1)[10] = 1;
        using var wet = voice.ApplyRoom(stereo, new RoomApplyOptions { MatchLevel = false }, TestContext.Current.CancellationToken);
        Assert.Equal(2, wet.Channels);
        Assert.Equal(voice.Channel(0)[500], wet.Channel(1)[510], 1e-5f);
        using var three = AudioBuffer.Create(3, 50, Rate);
        Assert.Throws<ArgumentException>(() => voice.ApplyRoom(three, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Matching_a_studio_take_to_a_location_gives_a_blind_RT60_within_25_percent_of_the_location()
    {
        var location = SpectralMath.Convolve(SpeechLike.Bursts(10, Rate, 1), SpeechLike.Room(0.8, 2, Rate, 3), ComputeBudget.Default);
        using var locationBuffer = RoomSignals.Mono(location, Rate);
        using var studio = RoomSignals.Mono(SpeechLike.Bursts(10, Rate, 2), Rate);
        var ct = TestContext.Current.CancellationToken;

        var room = BlindRoomEstimator.Estimate(locationBuffer, cancellationToken: ct);
        using var matched = RoomMatch.Apply(studio, room, cancellationToken: ct);
        var result = BlindRoomEstimator.Estimate(matched, cancellationToken: ct);

        TestContext.Current.SendDiagnosticMessage($"location RT {room.Broadband.Rt60Seconds:0.000} DRR {room.DrrDb:0.0}; matched RT {result.Broadband.Rt60Seconds:0.000} DRR {result.DrrDb:0.0}");
        Assert.InRange(result.Broadband.Rt60Seconds, 0.75 * room.Broadband.Rt60Seconds, 1.25 * room.Broadband.Rt60Seconds);
        var mid = room.Band(1000);
        Assert.InRange(result.Band(1000).Rt60Seconds, 0.75 * mid.Rt60Seconds, 1.25 * mid.Rt60Seconds);
    }

    [Fact]
    public void ApplyToFile_writes_the_matched_take_and_a_cancelled_run_writes_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"augment-room-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var location = SpectralMath.Convolve(SpeechLike.Bursts(6, Rate, 7), SpeechLike.Room(0.5, 0, Rate, 3), ComputeBudget.Default);
            using (var buffer = RoomSignals.Mono(location, Rate)) buffer.SaveWav(Path.Combine(folder, "location.wav"));
            using (var buffer = RoomSignals.Mono(SpeechLike.Bursts(3, Rate, 8), Rate)) buffer.SaveWav(Path.Combine(folder, "studio.wav"));
            var output = Path.Combine(folder, "out.wav");
            var stages = new List<string>();

            var room = RoomMatch.ApplyToFile(Path.Combine(folder, "location.wav"), Path.Combine(folder, "studio.wav"), output,
                progress: new SynchronousProgress(p => stages.Add(p.Stage)), cancellationToken: TestContext.Current.CancellationToken);

            Assert.InRange(room.Broadband.Rt60Seconds, 0.4, 0.6);
            using var written = AudioFile.Load(output, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(written.Frames > 3 * Rate);
            Assert.Contains("estimate room", stages);
            Assert.Contains("write", stages);

            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            var second = Path.Combine(folder, "second.wav");
            Assert.ThrowsAny<OperationCanceledException>(() => RoomMatch.ApplyToFile(Path.Combine(folder, "location.wav"), Path.Combine(folder, "studio.wav"), second, cancellationToken: cancelled.Token));
            Assert.False(File.Exists(second));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class SynchronousProgress(Action<AugmentProgress> report) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => report(value);
    }
}
