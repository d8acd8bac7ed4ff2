using Augment.Splat.Training;

namespace Augment.SplatTraining.Tests.Frames;

public class FrameChooserTests
{
    private static FrameScore Frame(int index, double sharpness, double shiftX = 0, FrameRejection rejection = FrameRejection.None) => new()
    {
        Index = index,
        Time = TimeSpan.FromSeconds(index / 10.0),
        Sharpness = sharpness,
        GradientEnergy = 0,
        MeanLuma = 0.5,
        DarkFraction = 0,
        BrightFraction = 0,
        Anisotropy = 0,
        ShiftX = shiftX,
        ShiftY = 0,
        RelativeSharpness = sharpness,
        Rejection = rejection,
    };

    [Fact]
    public void Each_time_segment_gives_its_sharpest_usable_frame()
    {
        // Nine frames, three segments of three: [0,1,2] [3,4,5] [6,7,8] (positions i/8 scaled by 3, the last clamped).
        double[] sharpness = [0.9, 1.2, 1.0, 2.0, 0.8, 1.1, 1.0, 1.3, 1.3];
        var frames = sharpness.Select((s, i) => Frame(i, s, rejection: i == 3 ? FrameRejection.Blurry : FrameRejection.None)).ToArray();

        var chosen = FrameChooser.Choose(frames, 3, FrameSpacing.Time, 100);

        // Frame 3 is the sharpest of its segment but rejected; the tie 7/8 goes to the earlier frame.
        Assert.Equal([1, 5, 7], chosen);
    }

    [Fact]
    public void A_segment_without_usable_frames_is_made_up_from_the_farthest_usable_frame()
    {
        var frames = Enumerable.Range(0, 9).Select(i => Frame(i, 1 + (0.01 * i), rejection: i is >= 3 and <= 5 ? FrameRejection.Dark : FrameRejection.None)).ToArray();

        var chosen = FrameChooser.Choose(frames, 3, FrameSpacing.Time, 100);

        // Segments give 2 and 8; the middle one is empty, so the usable frame farthest from both comes in: frames 0 and
        // 6 are both 2/8 away, and 6 is the sharper.
        Assert.Equal([2, 6, 8], chosen);
    }

    [Fact]
    public void Motion_spacing_puts_more_frames_where_the_camera_moves()
    {
        // The camera stands still for 50 frames, then pans 10 px per frame for 50 frames (frames 100 px wide).
        var frames = Enumerable.Range(0, 100).Select(i => Frame(i, 1, shiftX: i >= 50 ? 10 : 0)).ToArray();

        var byMotion = FrameChooser.Choose(frames, 10, FrameSpacing.CameraMotion, 100);
        var byTime = FrameChooser.Choose(frames, 10, FrameSpacing.Time, 100);

        Assert.Equal(5, byTime.Count(i => i >= 50));
        // Position = 0.8 * travel share + 0.2 * time share: the still half spans only 0.1 of the coordinate.
        Assert.Equal(9, byMotion.Count(i => i >= 50));
    }

    [Fact]
    public void Asking_for_more_frames_than_are_usable_returns_every_usable_frame()
    {
        var frames = Enumerable.Range(0, 6).Select(i => Frame(i, 1, rejection: i % 2 == 0 ? FrameRejection.Bright : FrameRejection.None)).ToArray();
        Assert.Equal([1, 3, 5], FrameChooser.Choose(frames, 10, FrameSpacing.Time, 100));
    }
}
