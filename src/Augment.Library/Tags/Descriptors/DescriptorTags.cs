namespace Augment.Library;

/// <summary>
/// Turns one shot's descriptors, motion amount and length into tags. A measure past its threshold gives the tag with
/// score 1 / (1 + exp(-distance / width)): 0.5 at the threshold, 0.73 one width past it, 0.95 three widths past.
/// Colour names are scored by their share of the picture instead.
/// </summary>
internal static class DescriptorTags
{
    public static void Add(List<AssetTag> tags, ImageDescriptorSet descriptors, ShotSample shot, DescriptorOptions options)
    {
        void Tag(string name, double score) =>
            tags.Add(new AssetTag(name, (float)Math.Clamp(score, 0.0, 1.0), shot.ShotIndex, shot.Start, shot.End));

        AddColorNames(descriptors, options.MinimumColorShare, Tag);

        if (descriptors.MeanLightness >= options.BrightLightness)
            Tag("bright", Logistic(descriptors.MeanLightness - options.BrightLightness, options.LightnessWidth));
        else if (descriptors.MeanLightness <= options.DarkLightness)
            Tag("dark", Logistic(options.DarkLightness - descriptors.MeanLightness, options.LightnessWidth));

        if (descriptors.RmsContrast >= options.HighContrast)
            Tag("high contrast", Logistic(descriptors.RmsContrast - options.HighContrast, options.ContrastWidth));
        else if (descriptors.RmsContrast <= options.LowContrast)
            Tag("low contrast", Logistic(options.LowContrast - descriptors.RmsContrast, options.ContrastWidth));

        if (descriptors.NeutralChroma <= options.NeutralChroma)
        {
            // "muted" and the warm/cool tones would only restate that the picture has no colour.
            Tag("black and white", Logistic(options.NeutralChroma - descriptors.NeutralChroma, options.NeutralChromaWidth));
        }
        else
        {
            if (descriptors.Colorfulness >= options.Colorful)
                Tag("colorful", Logistic(descriptors.Colorfulness - options.Colorful, options.ColorfulnessWidth));
            else if (descriptors.Colorfulness <= options.Muted)
                Tag("muted", Logistic(options.Muted - descriptors.Colorfulness, options.ColorfulnessWidth));

            if (descriptors.Warmth >= options.Warm)
                Tag("warm tones", Logistic(descriptors.Warmth - options.Warm, options.WarmthWidth));
            else if (descriptors.Warmth <= options.Cool)
                Tag("cool tones", Logistic(options.Cool - descriptors.Warmth, options.WarmthWidth));
        }

        if (shot.End <= shot.Start)
            return; // a still: no motion and no length

        // Motion widths scale with the threshold (a quarter of it), as the amounts span two decades.
        var motion = (double)shot.MotionAmount;
        if (motion <= options.StaticMotion)
            Tag("static", Logistic(options.StaticMotion - motion, options.StaticMotion / 4));
        if (motion >= options.MovingMotion)
            Tag("moving", Logistic(motion - options.MovingMotion, options.MovingMotion / 4));
        if (motion >= options.FastMotion)
            Tag("fast motion", Logistic(motion - options.FastMotion, options.FastMotion / 4));

        // Lengths on a log scale: one width is a factor of 1.25.
        var seconds = (shot.End - shot.Start).TotalSeconds;
        if (shot.End - shot.Start < options.ShortShot)
            Tag("short shot", Logistic(Math.Log(options.ShortShot.TotalSeconds / seconds), Math.Log(1.25)));
        else if (shot.End - shot.Start >= options.LongTake)
            Tag("long take", Logistic(Math.Log(seconds / options.LongTake.TotalSeconds), Math.Log(1.25)));
    }

    // Shares of clusters with the same name add up; names in order of first (largest) appearance.
    private static void AddColorNames(ImageDescriptorSet descriptors, float minimumShare, Action<string, double> tag)
    {
        var colors = descriptors.Colors;
        for (var i = 0; i < colors.Count; i++)
        {
            var name = colors[i].Name;
            var seen = false;
            for (var j = 0; j < i && !seen; j++)
                seen = colors[j].Name == name;
            if (seen)
                continue;
            double share = 0;
            for (var j = i; j < colors.Count; j++)
            {
                if (colors[j].Name == name)
                    share += colors[j].Share;
            }
            if (share >= minimumShare && share > 0)
                tag(name, share);
        }
    }

    internal static double Logistic(double distance, double width) => 1.0 / (1.0 + Math.Exp(-distance / width));
}
