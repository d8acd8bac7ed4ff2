// GradeClips: one look across footage from several cameras. A hero still sets the look; stills and a
// clip shot "on other cameras" (generated here with colour casts) are matched to it in one batch,
// skin tones are protected, each grade is also baked into a .cube LUT, and the report gives the
// CIEDE2000 distance to the hero before and after. Every result is checked; the exit code says
// whether all checks passed.
using Augment;
using Augment.Vision;
using GradeClips;

var checks = new Checks();
var work = Path.Combine(Path.GetTempPath(), "augment-gradeclips-" + Environment.ProcessId);
var footage = Path.Combine(work, "footage");
var graded = Path.Combine(work, "graded");
Directory.CreateDirectory(footage);

// 1. Footage: the hero look, the same shot from three cameras with their casts, and a 48-frame Y4M
//    clip (a slow pan, so its frames differ from the hero) with a warm cast.
using var hero = Scenes.Render(320, 200, Scenes.Neutral, phase: 0);
hero.Save(Path.Combine(work, "hero.png"));
var inputs = new List<string>();
var casts = new[] { Scenes.Warm, Scenes.Cool, Scenes.Green };
for (var i = 0; i < casts.Length; i++)
{
    using var still = Scenes.Render(320, 200, casts[i], phase: 0);
    var path = Path.Combine(footage, $"camera{i + 1}.png");
    still.Save(path);
    inputs.Add(path);
}
var clip = Path.Combine(footage, "pan.y4m");
using (var writer = VideoFile.Create(clip, new VideoInfo { Width = 320, Height = 200, FrameRateNumerator = 24, FrameRateDenominator = 1, FrameCount = 48 }))
{
    for (var f = 0; f < 48; f++)
    {
        using var frame = Scenes.Render(320, 200, Scenes.Warm, phase: f * 0.05);
        writer.WriteFrame(frame);
    }
    writer.Complete();
}
inputs.Add(clip);
Console.WriteLine($"Footage:   {inputs.Count} inputs in {footage}");

// 2. The grade: MKL colour matching to the hero, skin protected at 0.8, a 33^3 LUT per input.
var grade = ColorGrade.MatchTo(hero, o => o.Method(ColorMatchMethod.Mkl).ProtectSkin(0.8).BakeLuts(33));
var report = await grade.ApplyToFilesAsync(inputs, graded, new PrintProgress());
foreach (var result in report.Clips)
{
    Console.WriteLine($"  {Path.GetFileName(result.Input),-12} {result.Width}x{result.Height} {result.Frames,3} frame(s)  ΔE00 {result.DeltaEBefore,5:0.00} -> {result.DeltaEAfter,5:0.00}  {result.Output}");
    checks.That(result.Succeeded, $"{result.Input} was graded");
    checks.That(result.DeltaEAfter < 0.3 * result.DeltaEBefore, $"{Path.GetFileName(result.Input)}: the distance to the hero drops by at least 70% ({result.DeltaEBefore:0.00} -> {result.DeltaEAfter:0.00})");
    checks.That(result.Lut is not null && File.Exists(result.Lut), $"{Path.GetFileName(result.Input)}: its LUT was written");
}
checks.That(report.Clips[^1].Frames == 48, "the clip keeps all 48 frames");

// 3. The baked LUT reproduces the grade (outside skin, where the LUT's colour-only protection differs least).
using (var still = ImageFile.Load(inputs[0]))
using (var viaLut = still.ApplyLut(Lut3D.LoadCube(report.Clips[0].Lut!)))
using (var direct = ImageFile.Load(report.Clips[0].Output))
{
    var difference = ColorMath.MeanDeltaE2000(viaLut, direct);
    Console.WriteLine($"LUT:       {report.Clips[0].Lut} vs the graded file: mean ΔE00 {difference:0.00}");
    checks.That(difference < 1.5, "applying the baked LUT to the input gives (nearly) the graded file");
}

// 4. The same batch with sliced optimal transport, for footage whose colours differ beyond a linear map.
var ot = await ColorGrade.MatchTo(hero, o => o.Method(ColorMatchMethod.SlicedOt)).ApplyToFilesAsync(inputs.Take(1), Path.Combine(work, "graded-ot"));
Console.WriteLine($"OT:        ΔE00 {ot.Clips[0].DeltaEBefore:0.00} -> {ot.Clips[0].DeltaEAfter:0.00}");
checks.That(ot.Clips[0].DeltaEAfter < 0.3 * ot.Clips[0].DeltaEBefore, "sliced OT also removes the cast");

Directory.Delete(work, recursive: true);
return checks.Report();

/// <summary>Prints one line per finished input (reports arrive per frame of a clip, from worker threads).</summary>
internal sealed class PrintProgress : IProgress<AugmentProgress>
{
    private long _done = -1;

    public void Report(AugmentProgress value)
    {
        lock (this)
        {
            if (value.ItemsDone == _done)
                return;
            _done = value.ItemsDone;
            Console.WriteLine($"Grading:   {value.ItemsDone}/{value.ItemsTotal} inputs, {value.Fraction:P0}");
        }
    }
}
