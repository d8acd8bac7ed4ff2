using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Augment.Splat;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment splat render &lt;in&gt; --out &lt;png&gt; [--camera orbit:i/n | eye=x,y,z;target=x,y,z[;fov=deg]] [--width w]
/// [--height h] [--elevation deg] [--sh-degree d] [--background r,g,b] [--sheet n [--columns c]]</c>: renders a preview of a
/// splat file with the CPU renderer (one view, or a contact sheet of an orbit) and writes it as PNG, atomically.
/// </summary>
internal static class SplatRenderCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out") { Description = "The PNG to write (atomically).", HelpName = "png", Required = true };
        output.AcceptLegalFilePathsOnly();
        var camera = new Option<string?>("--camera")
        {
            Description = "orbit:<index>/<count> (a turntable framing the cloud; default orbit:0/16) or eye=x,y,z;target=x,y,z[;fov=50] (world units, vertical field of view in degrees; quote the ';').",
            HelpName = "spec",
        };
        var width = new Option<int>("--width") { Description = "Image width in pixels (per view for --sheet).", HelpName = "pixels", DefaultValueFactory = _ => 1280 };
        var height = new Option<int>("--height") { Description = "Image height in pixels (per view for --sheet).", HelpName = "pixels", DefaultValueFactory = _ => 720 };
        var elevation = new Option<float>("--elevation") { Description = "Orbit cameras: height above the orbit plane, in degrees.", HelpName = "degrees", DefaultValueFactory = _ => 20 };
        var shDegree = new Option<int?>("--sh-degree") { Description = "Highest spherical-harmonic degree to evaluate (0 = view-independent colour; default all the file has).", HelpName = "0-3" };
        var background = new Option<string?>("--background") { Description = "Background colour r,g,b in [0, 1] (default 0,0,0).", HelpName = "r,g,b" };
        var sheet = new Option<int?>("--sheet") { Description = "Render a contact sheet of this many orbit views instead of one view.", HelpName = "count" };
        var columns = new Option<int?>("--columns") { Description = "Contact sheet: views per row (default: about the square root of the count).", HelpName = "count" };
        var input = new Argument<string>("in") { Description = "A splat file (.ply, .compressed.ply, .splat, .spz, .sog, .ksplat); the format is detected from its content.", HelpName = "in" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("render", "Render a preview of a splat scene on the CPU (one view or a contact sheet of an orbit) to a PNG.")
        {
            output, camera, width, height, elevation, shDegree, background, sheet, columns, input,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var inputPath = parseResult.GetRequiredValue(input);
            var outputPath = parseResult.GetRequiredValue(output);
            if (!File.Exists(inputPath) && !Directory.Exists(inputPath))
                throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
            var w = parseResult.GetValue(width);
            var h = parseResult.GetValue(height);
            if (w < 1 || h < 1 || w > PinholeCamera.MaxSide || h > PinholeCamera.MaxSide)
                throw new ArgumentException($"--width/--height: {w}x{h} must be 1..{PinholeCamera.MaxSide} on each side.");
            var up = parseResult.GetValue(elevation);
            if (!float.IsFinite(up) || up <= -90 || up >= 90)
                throw new ArgumentException($"--elevation: {Invariant(up)} must be between -90 and 90 degrees.");
            var degree = parseResult.GetValue(shDegree);
            if (degree is < 0 or > GaussianCloud.MaxShDegree)
                throw new ArgumentException($"--sh-degree: {degree} must be 0 to {GaussianCloud.MaxShDegree}.");
            var back = Vector3.Zero;
            if (parseResult.GetValue(background) is { } text)
            {
                var v = NumberList.Parse("--background", text, 3);
                back = new Vector3(v[0], v[1], v[2]);
                if (back.X is < 0 or > 1 || back.Y is < 0 or > 1 || back.Z is < 0 or > 1)
                    throw new ArgumentException($"--background: '{text}' must be three numbers in [0, 1].");
            }
            var sheetCount = parseResult.GetValue(sheet);
            var cameraText = parseResult.GetValue(camera);
            if (sheetCount is { } n && (n < 1 || n > 256))
                throw new ArgumentException($"--sheet: {n} views must be 1 to 256.");
            if (sheetCount is not null && cameraText is not null)
                throw new ArgumentException("--sheet renders an orbit; leave out --camera, or leave out --sheet for one view.");
            var perRow = parseResult.GetValue(columns);
            if (perRow is < 1)
                throw new ArgumentException($"--columns: {perRow} must be at least 1.");
            if (perRow is not null && sheetCount is null)
                throw new ArgumentException("--columns applies to a contact sheet; add --sheet <count>.");

            var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            var cloud = SplatFile.Load(inputPath, cancellationToken: cancellationToken);
            var options = new SplatRenderOptions { Background = back, MaxShDegree = degree };
            var clock = Stopwatch.StartNew();
            int outWidth, outHeight;
            string what;
            if (sheetCount is { } views)
            {
                var cameras = CameraPath.Orbit(cloud, views, w, h, up);
                var across = perRow ?? Math.Max(1, (int)Math.Ceiling(Math.Sqrt(views)));
                using var image = SplatPreview.ContactSheet(cloud, cameras, across, options, cancellationToken);
                SplatPreview.SavePng(image, outputPath);
                (outWidth, outHeight) = (image.Width, image.Height);
                what = $"contact sheet of {views} orbit views";
            }
            else
            {
                var view = ParseCamera(cameraText ?? "orbit:0/16", cloud, w, h, up);
                using var image = SplatRenderer.Render(cloud, view, options, cancellationToken);
                SplatPreview.SavePng(image, outputPath);
                (outWidth, outHeight) = (image.Width, image.Height);
                what = cameraText ?? "orbit:0/16";
            }
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"render {inputPath} -> {outputPath}: {outWidth}x{outHeight} ({what}), {cloud.Count:N0} splats, {clock.Elapsed.TotalSeconds:0.00} s"));
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>Parses <c>orbit:i/n</c> or <c>eye=x,y,z;target=x,y,z[;fov=deg]</c>.</summary>
    internal static PinholeCamera ParseCamera(string text, GaussianCloud cloud, int width, int height, float elevationDegrees)
    {
        text = text.Trim();
        if (text.StartsWith("orbit:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = text["orbit:".Length..].Split('/');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                || count < 1 || count > 4096 || index < 0 || index >= count)
                throw new ArgumentException($"--camera: '{text}' is not orbit:<index>/<count> with 0 <= index < count <= 4096.");
            return CameraPath.Orbit(cloud, count, width, height, elevationDegrees)[index];
        }
        Vector3? eye = null, target = null;
        var fov = 50f;
        foreach (var field in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = field.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2)
                throw new ArgumentException($"--camera: '{field}' is not name=value (expected eye=x,y,z;target=x,y,z[;fov=degrees] or orbit:<index>/<count>).");
            switch (pair[0].ToLowerInvariant())
            {
                case "eye":
                    var e = NumberList.Parse("--camera eye", pair[1], 3);
                    eye = new Vector3(e[0], e[1], e[2]);
                    break;
                case "target":
                    var t = NumberList.Parse("--camera target", pair[1], 3);
                    target = new Vector3(t[0], t[1], t[2]);
                    break;
                case "fov":
                    fov = NumberList.Parse("--camera fov", pair[1], 1)[0];
                    if (!(fov > 0 && fov < 180))
                        throw new ArgumentException($"--camera: fov {Invariant(fov)} must be between 0 and 180 degrees.");
                    break;
                default:
                    throw new ArgumentException($"--camera: unknown field '{pair[0]}' (eye, target, fov).");
            }
        }
        if (eye is null || target is null)
            throw new ArgumentException($"--camera: '{text}' needs both eye=x,y,z and target=x,y,z (or use orbit:<index>/<count>).");
        if (Vector3.DistanceSquared(eye.Value, target.Value) < 1e-12f)
            throw new ArgumentException("--camera: eye and target must differ.");
        var view = Vector3.Normalize(target.Value - eye.Value);
        // Looking straight along the default up (-y) has no defined roll; use +z as up then.
        Vector3? up = MathF.Abs(view.Y) > 0.999f ? Vector3.UnitZ : null;
        return PinholeCamera.LookAt(eye.Value, target.Value, width, height, fov, up);
    }

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);
}
