using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Augment.Vision;

namespace Augment.Cli.Commands;

/// <summary>
/// <c>augment color hdr &lt;input&gt; --out &lt;file&gt; --to pq|hlg|sdr</c>: SDR to HDR (BT.2446-1 method A,
/// Rec.2020 PQ or HLG, 16-bit output) or HDR to SDR (BT.2390 EETF, Rec.709), for images and video.
/// Image files carry no transfer tag here, so an HDR input's signal is named with <c>--from</c>; video
/// tagged PQ or HLG in its container says so itself. HDR video is written 10-bit (HEVC where this
/// ffmpeg has libx265) and tagged BT.2020 + PQ/HLG in the container.
/// </summary>
internal static class HdrCommand
{
    /// <summary>Where a mapping goes.</summary>
    internal enum Target
    {
        Pq,
        Hlg,
        Sdr,
    }

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var output = new Option<string>("--out", "-o")
        {
            Description = "Where to write the result (.png or .tif keep 16 bits; other image formats are 8-bit; video: .mp4, .mov, .mkv, ... 10-bit for HDR, or .y4m).",
            HelpName = "file",
            Required = true,
        };
        output.AcceptLegalFilePathsOnly();
        var to = new Option<Target>("--to")
        {
            Description = "pq or hlg: expand SDR to Rec.2020 HDR; sdr: tone-map HDR to Rec.709 SDR.",
            HelpName = "pq|hlg|sdr",
            Required = true,
            CustomParser = result => ParseSignal(result, "--to", allowSdr: true),
        };
        var from = new Option<Target>("--from")
        {
            Description = "With --to sdr: the input's HDR signal, pq (default) or hlg (video tagged PQ or HLG needs no --from).",
            HelpName = "pq|hlg",
            DefaultValueFactory = _ => Target.Pq,
            CustomParser = result => ParseSignal(result, "--from", allowSdr: false),
        };
        var peak = new Option<double>("--peak-nits")
        {
            Description = "Peak luminance in cd/m²: the HDR display peak for --to pq|hlg, the source mastering peak for --to sdr (default 1000).",
            HelpName = "nits",
            DefaultValueFactory = _ => 1000.0,
        };
        var input = new Argument<string>("input") { Description = "An image or a video (.y4m; .mp4, .mov, .mkv, ... through ffmpeg).", HelpName = "input" };
        input.AcceptLegalFilePathsOnly();
        var command = new Command("hdr", "Map SDR images or video to HDR (PQ/HLG, Rec.2020) or HDR to SDR; the output is written atomically.")
        {
            output, to, from, peak, input,
        };
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(Run(
            context,
            parseResult.GetRequiredValue(input),
            parseResult.GetRequiredValue(output),
            parseResult.GetValue(to),
            parseResult.GetValue(from),
            parseResult.GetValue(peak),
            cancellationToken)));
        return command;
    }

    private static Target ParseSignal(System.CommandLine.Parsing.ArgumentResult result, string name, bool allowSdr)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        switch (text.Trim().ToUpperInvariant())
        {
            case "PQ": return Target.Pq;
            case "HLG": return Target.Hlg;
            case "SDR" when allowSdr: return Target.Sdr;
            default:
                result.AddError($"{name}: '{text}' is not {(allowSdr ? "pq, hlg or sdr" : "pq or hlg")}.");
                return default;
        }
    }

    private static int Run(CliContext context, string inputPath, string outputPath, Target to, Target from, double peakNits, CancellationToken cancellationToken)
    {
        if (!File.Exists(inputPath))
            throw new FileNotFoundException($"input '{inputPath}' does not exist.", inputPath);
        if (!double.IsFinite(peakNits) || peakNits <= 0 || peakNits > 10000)
            throw new ArgumentException($"--peak-nits: {peakNits.ToString(CultureInfo.InvariantCulture)} is not in (0, 10000] cd/m².");
        var inputIsVideo = VideoFile.IsVideoPath(inputPath);
        if (inputIsVideo != VideoFile.IsVideoPath(outputPath))
        {
            throw new UnsupportedFormatException(inputIsVideo
                ? $"'{outputPath}': a video input needs a video output (.mp4, .mov, .mkv, .webm, .avi, .mxf, .ts, .y4m) (--out)."
                : $"'{outputPath}': an image input needs an image output (.png, .tif, ...), not video.");
        }
        var format = inputIsVideo ? default : ImageFile.FormatFromExtension(outputPath);
        var outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(outputDirectory))
            Directory.CreateDirectory(outputDirectory);

        var clock = Stopwatch.StartNew();
        if (inputIsVideo)
            return MapVideo(context, inputPath, outputPath, to, from, peakNits, clock, cancellationToken);
        using var frame = ImageFile.Load(inputPath);
        ImageFrame mapped;
        if (to == Target.Sdr)
        {
            frame.ColorSpace = from == Target.Hlg ? ColorSpace.Rec2020Hlg : ColorSpace.Rec2020Pq;
            mapped = HdrMapping.ToSdr(frame, new HdrToSdrOptions { SourceMaxNits = peakNits }, cancellationToken);
        }
        else
        {
            mapped = HdrMapping.ToHdr(frame, new SdrToHdrOptions { Target = to == Target.Hlg ? HdrTarget.Hlg : HdrTarget.Pq, PeakNits = peakNits }, cancellationToken);
        }
        using (mapped)
        {
            // HDR signals need more than 8 bits to avoid banding; keep 16 where the container allows.
            var bits = format is ImageFileFormat.Png or ImageFileFormat.Tiff ? 16 : 8;
            mapped.Save(outputPath, new ImageSaveOptions { Format = format, BitsPerChannel = bits });
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mapped {inputPath} ({frame.Width}x{frame.Height}, {(to == Target.Sdr ? frame.ColorSpace.ToString() : "SDR")}) -> {outputPath} ({mapped.ColorSpace}, {bits}-bit {format}, peak {peakNits:0} cd/m²) in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        }
        return ExitCodes.Success;
    }

    private static int MapVideo(CliContext context, string inputPath, string outputPath, Target to, Target from, double peakNits, Stopwatch clock, CancellationToken cancellationToken)
    {
        VideoStreaming.EnsureDistinct(inputPath, outputPath);
        var sdrOptions = new HdrToSdrOptions { SourceMaxNits = peakNits };
        var hdrOptions = new SdrToHdrOptions { Target = to == Target.Hlg ? HdrTarget.Hlg : HdrTarget.Pq, PeakNits = peakNits };
        var fromSignal = from == Target.Hlg ? ColorSpace.Rec2020Hlg : ColorSpace.Rec2020Pq;
        var result = VideoStreaming.Run(context, "hdr", inputPath, outputPath,
            frame =>
            {
                if (to != Target.Sdr)
                    return HdrMapping.ToHdr(frame, hdrOptions, cancellationToken);
                // The container's PQ/HLG tag wins; untagged video is taken as --from says.
                if (frame.ColorSpace is not (ColorSpace.Rec2020Pq or ColorSpace.Rec2020Hlg))
                    frame.ColorSpace = fromSignal;
                return HdrMapping.ToSdr(frame, sdrOptions, cancellationToken);
            },
            (input, mapped) =>
            {
                var hdr = to != Target.Sdr;
                // HDR needs 10 bits against banding; SDR is delivered at 8.
                var options = VideoStreaming.EncodeOptionsFor(inputPath, input, hdr ? 10 : 8);
                return (input with { ColorSpace = mapped.ColorSpace }, options);
            },
            cancellationToken);
        var output = result.Output;
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mapped {result.Frames} frames of {inputPath} ({result.Input.Width}x{result.Input.Height}, {(to == Target.Sdr ? "HDR" : "SDR")}) -> {outputPath} ({output.ColorSpace}, {output.BitsPerChannel}-bit {output.Codec}{(result.Input.HasAudio ? ", audio copied" : "")}, peak {peakNits:0} cd/m²) in {clock.Elapsed.TotalMilliseconds:N0} ms"));
        return ExitCodes.Success;
    }
}
