namespace Augment.Vision;

/// <summary>One shot found by <see cref="ShotDetector"/>: a run of frames between two transitions.</summary>
/// <param name="Index">Position of the shot in the video, from 0.</param>
/// <param name="StartFrame">First frame of the shot (0-based). For a dissolve or fade, the middle of the transition.</param>
/// <param name="EndFrame">Last frame of the shot (inclusive).</param>
/// <param name="Start">Time of <paramref name="StartFrame"/> (frame index / frame rate).</param>
/// <param name="End">Time just after <paramref name="EndFrame"/>, so <c>End - Start</c> is the shot's duration.</param>
/// <param name="Transition">How the shot begins (<see cref="ShotTransition.None"/> for the first shot).</param>
/// <param name="KeyframeIndex">The sharpest frame of the shot's middle half (highest variance of the Laplacian), a representative still.</param>
public sealed record Shot(int Index, long StartFrame, long EndFrame, TimeSpan Start, TimeSpan End, ShotTransition Transition, long KeyframeIndex)
{
    /// <summary>Frames in the shot.</summary>
    public long FrameCount => EndFrame - StartFrame + 1;

    /// <summary>Length of the shot.</summary>
    public TimeSpan Duration => End - Start;
}
