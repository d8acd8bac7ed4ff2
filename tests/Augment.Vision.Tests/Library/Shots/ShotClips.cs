using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Library.Shots;

/// <summary>
/// Generated clips with known shot boundaries: crops of the standard images with a slow pan and zoom plus
/// noise (so no shot is static), joined by hard cuts, 1-second dissolves and fades through black.
/// </summary>
internal static class ShotClips
{
    public const int Width = 192, Height = 108, Fps = 25;

    public sealed record Clip(string Path, int Frames, IReadOnlyList<(int Frame, ShotTransition Kind)> Boundaries);

    private sealed record Source(ImageFrame Image, float X, float Y, float PanX, float PanY, float ZoomPerFrame);

    /// <summary>Writes the clip as Y4M (4:4:4) and returns it with its true boundaries (first frame of each new shot; middle of a dissolve).</summary>
    public static Clip Write(string path, int seed, params ShotTransition[] transitions)
    {
        string[] names = ["astronaut.png", "chelsea.png", "coffee.png"];
        var random = new Random(seed);
        var images = names.Select(StandardImages.Load).ToArray();
        try
        {
            var sources = new List<Source>();
            for (var k = 0; k <= transitions.Length; k++)
            {
                var image = images[(k + seed) % images.Length];
                sources.Add(new Source(image,
                    (float)(random.NextDouble() * (image.Width - 300)), (float)(random.NextDouble() * (image.Height - 200)),
                    (float)((random.NextDouble() * 2) - 1), (float)((random.NextDouble() * 2) - 1), 0.002f));
            }
            var boundaries = new List<(int, ShotTransition)>();
            using var writer = Y4mWriter.Create(path, Width, Height, Fps, 1, Y4mChroma.Yuv444);
            var frame = 0;
            var noise = new Random(seed + 100);
            void Emit(Func<int, int, float> pixel)
            {
                using var output = ImageFrame.Create(Width, Height, 3);
                for (var c = 0; c < 3; c++)
                {
                    var plane = output.Plane(c);
                    for (var i = 0; i < plane.Length; i++)
                        plane[i] = Math.Clamp(pixel(c, i) + (0.02f * Gaussian(noise)), 0f, 1f);
                }
                writer.WriteFrame(output, TestContext.Current.CancellationToken);
                frame++;
            }
            var local = new int[sources.Count];
            const int ShotFrames = 40, DissolveFrames = 25, FadeFrames = 12;
            for (var k = 0; k < sources.Count; k++)
            {
                for (var i = 0; i < ShotFrames; i++, local[k]++)
                {
                    var s = sources[k]; var u = local[k];
                    Emit((c, p) => Sample(s, u, c, p));
                }
                if (k == transitions.Length)
                    break;
                var a = sources[k]; var b = sources[k + 1];
                switch (transitions[k])
                {
                    case ShotTransition.Cut:
                        boundaries.Add((frame, ShotTransition.Cut));
                        break;
                    case ShotTransition.Dissolve:
                        boundaries.Add((frame + (DissolveFrames / 2), ShotTransition.Dissolve));
                        for (var i = 0; i < DissolveFrames; i++, local[k]++, local[k + 1]++)
                        {
                            var alpha = (i + 1f) / (DissolveFrames + 1f);
                            int ua = local[k], ub = local[k + 1];
                            Emit((c, p) => ((1 - alpha) * Sample(a, ua, c, p)) + (alpha * Sample(b, ub, c, p)));
                        }
                        break;
                    case ShotTransition.Fade:
                        for (var i = 0; i < FadeFrames; i++, local[k]++)
                        {
                            var gain = 1f - ((i + 1f) / FadeFrames);
                            var ua = local[k];
                            Emit((c, p) => gain * Sample(a, ua, c, p));
                        }
                        boundaries.Add((frame, ShotTransition.Fade));
                        for (var i = 0; i < FadeFrames; i++, local[k + 1]++)
                        {
                            var gain = (float)i / FadeFrames;
                            var ub = local[k + 1];
                            Emit((c, p) => gain * Sample(b, ub, c, p));
                        }
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(transitions));
                }
            }
            writer.Complete();
            return new Clip(path, frame, boundaries);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    /// <summary>Bilinear sample of a panning, zooming crop at the shot's local frame u.</summary>
    private static float Sample(Source s, int u, int c, int p)
    {
        var x = p % Width; var y = p / Width;
        var zoom = 1.5f / (1f + (s.ZoomPerFrame * u));
        var sx = s.X + (s.PanX * u) + (x * zoom);
        var sy = s.Y + (s.PanY * u) + (y * zoom);
        sx = Math.Clamp(sx, 0, s.Image.Width - 1.001f); sy = Math.Clamp(sy, 0, s.Image.Height - 1.001f);
        int x0 = (int)sx, y0 = (int)sy; float fx = sx - x0, fy = sy - y0;
        var ch = Math.Min(c, s.Image.Channels - 1);
        var r0 = s.Image.Row(ch, y0); var r1 = s.Image.Row(ch, y0 + 1);
        return ((1 - fy) * (((1 - fx) * r0[x0]) + (fx * r0[x0 + 1]))) + (fy * (((1 - fx) * r1[x0]) + (fx * r1[x0 + 1])));
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>F1 of detected boundary frames against the truth, each truth matched at most once within the tolerance.</summary>
    public static (double F1, int Hits) Score(IReadOnlyList<long> detected, IReadOnlyList<(int Frame, ShotTransition Kind)> truth, int toleranceFrames = 2)
    {
        var used = new bool[truth.Count];
        var hits = 0;
        foreach (var d in detected)
        {
            for (var i = 0; i < truth.Count; i++)
            {
                if (!used[i] && Math.Abs(truth[i].Frame - d) <= toleranceFrames)
                {
                    used[i] = true; hits++; break;
                }
            }
        }
        var precision = detected.Count == 0 ? 0 : (double)hits / detected.Count;
        var recall = truth.Count == 0 ? 1 : (double)hits / truth.Count;
        return (precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), hits);
    }
}
