using Augment;

namespace ProveDeliverables;

/// <summary>
/// Generates the producer's media, so the sample needs no downloads: a camera plate of a harbour (flat, ungraded), a sky
/// that stands for a generative model's output, the graded composite of the two, its thumbnail, and a voice-over (a
/// vowel-like voice in phrases over a quiet room tone).
/// </summary>
internal static class Media
{
    public const int VoiceSampleRate = 48_000;

    /// <summary>Where the sky meets the land at column <paramref name="x"/>: gentle hills around 55 % of the height.</summary>
    public static double Horizon(int x, int width, int height) =>
        height * (0.55 + (0.05 * Math.Sin(x * 6.0 / width)) + (0.025 * Math.Sin((x * 17.0 / width) + 1)));

    /// <summary>The camera plate: an overcast sky over textured hills and water, low in contrast as a log capture is.</summary>
    public static ImageFrame Plate(int width, int height, int seed)
    {
        var random = new Random(seed);
        var frame = ImageFrame.Create(width, height, 3);
        Span<float> red = frame.Plane(0), green = frame.Plane(1), blue = frame.Plane(2);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var grain = (float)((random.NextDouble() - 0.5) * 0.03);
                double r, g, b;
                if (y < Horizon(x, width, height))
                {
                    var t = (double)y / height;
                    r = g = 0.62 + (0.08 * t);
                    b = 0.66 + (0.05 * t);
                }
                else
                {
                    // Hills near the horizon, water with ripples further down.
                    var texture = (0.06 * Math.Sin(x * 0.05) * Math.Sin(y * 0.07)) + (0.04 * Math.Sin((x * 0.011) + (y * 0.023)));
                    var water = y > height * 0.78;
                    r = (water ? 0.32 : 0.40) + texture;
                    g = (water ? 0.40 : 0.46) + texture;
                    b = (water ? 0.46 : 0.34) + texture;
                }
                // A log-like capture: everything pulled towards mid grey.
                red[i] = Flat(r) + grain;
                green[i] = Flat(g) + grain;
                blue[i] = Flat(b) + grain;
            }
        }
        return frame;

        static float Flat(double value) => (float)(0.5 + ((value - 0.5) * 0.7));
    }

    /// <summary>A dawn sky with soft clouds: in the story, what a generative model made to replace the grey one.</summary>
    public static ImageFrame Sky(int width, int height)
    {
        var frame = ImageFrame.Create(width, height, 3);
        Span<float> red = frame.Plane(0), green = frame.Plane(1), blue = frame.Plane(2);
        for (var y = 0; y < height; y++)
        {
            var t = (double)y / height / 0.6; // 0 at the top, about 1 at the horizon
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var cloud = Math.Max(0, Math.Sin((x * 0.009) + (2 * Math.Sin(y * 0.02))) * Math.Sin((y * 0.035) + (x * 0.002)));
                var r = 0.18 + (0.75 * t);
                var g = 0.26 + (0.38 * t);
                var b = 0.52 - (0.18 * t);
                red[i] = Clamp(r + (0.35 * cloud));
                green[i] = Clamp(g + (0.30 * cloud));
                blue[i] = Clamp(b + (0.25 * cloud));
            }
        }
        return frame;
    }

    /// <summary>The graded still: the generated sky put above the plate's horizon, then a contrast curve and a warm grade.</summary>
    public static ImageFrame Grade(ImageFrame plate, ImageFrame sky)
    {
        var width = plate.Width;
        var height = plate.Height;
        var graded = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> land = plate.Plane(c), air = sky.Plane(c);
            var output = graded.Plane(c);
            var warmth = c switch { 0 => 1.06f, 1 => 1.0f, _ => 0.9f };
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var i = (y * width) + x;
                    var value = y < Horizon(x, width, height) ? air[i] : Contrast(land[i]);
                    output[i] = Clamp(value * warmth);
                }
            }
        }
        return graded;

        // Undo the plate's flat capture and add a gentle S-curve around mid grey.
        static float Contrast(float value)
        {
            var linear = 0.5 + ((value - 0.5) / 0.7);
            return (float)(0.5 + (0.5 * Math.Tanh((linear - 0.5) * 2.4) / Math.Tanh(1.2)));
        }
    }

    /// <summary>A quarter-size copy (4 x 4 box average), for the manifest's thumbnail.</summary>
    public static ImageFrame Thumbnail(ImageFrame image)
    {
        const int Factor = 4;
        var width = image.Width / Factor;
        var height = image.Height / Factor;
        var small = ImageFrame.Create(width, height, 3);
        for (var c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> source = image.Plane(c);
            var target = small.Plane(c);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var sum = 0f;
                    for (var dy = 0; dy < Factor; dy++)
                    {
                        for (var dx = 0; dx < Factor; dx++)
                            sum += source[(((y * Factor) + dy) * image.Width) + (x * Factor) + dx];
                    }
                    target[(y * width) + x] = sum / (Factor * Factor);
                }
            }
        }
        return small;
    }

    /// <summary>
    /// A mono voice-over of <paramref name="seconds"/> seconds: phrases of three to six syllables (harmonics of a falling
    /// pitch shaped by two formants, some with a short hiss before them as consonants have) separated by pauses, over a
    /// room tone at about -55 dBFS.
    /// </summary>
    public static AudioBuffer Voice(double seconds, int seed)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * VoiceSampleRate);
        var audio = AudioBuffer.Create(1, frames, VoiceSampleRate);
        var samples = audio.Channel(0);
        var position = (int)(0.3 * VoiceSampleRate);
        var phase = 0.0;
        while (position < frames - VoiceSampleRate / 2)
        {
            var syllables = 3 + random.Next(4);
            for (var s = 0; s < syllables && position < frames; s++)
            {
                if (random.NextDouble() < 0.4)
                {
                    var hiss = (int)(0.05 * VoiceSampleRate);
                    for (var n = 0; n < hiss && position + n < frames; n++)
                        samples[position + n] = (float)(0.04 * ((2 * random.NextDouble()) - 1) * Math.Sin(Math.PI * n / hiss));
                    position += hiss;
                }
                var length = (int)((0.14 + (0.16 * random.NextDouble())) * VoiceSampleRate);
                double f1 = 300 + (450 * random.NextDouble()), f2 = 1000 + (1500 * random.NextDouble());
                var pitch = 110 + (40 * random.NextDouble());
                for (var n = 0; n < length && position + n < frames; n++)
                {
                    var u = (double)n / length;
                    var f0 = pitch * (1.1 - (0.2 * u));
                    phase += 2 * Math.PI * f0 / VoiceSampleRate;
                    double x = 0;
                    for (var h = 1; h * f0 < 7000; h++)
                    {
                        var f = h * f0;
                        var shape = Math.Exp(-Math.Pow((f - f1) / 160, 2)) + (0.5 * Math.Exp(-Math.Pow((f - f2) / 220, 2))) + (0.08 * 300 / (300 + f));
                        x += shape * Math.Sin(h * phase);
                    }
                    samples[position + n] = (float)(0.2 * Math.Sin(Math.PI * u) * x);
                }
                position += length;
            }
            position += (int)((0.25 + (0.35 * random.NextDouble())) * VoiceSampleRate);
        }
        // Room tone: the booth is never digitally silent.
        for (var n = 0; n < frames; n++)
            samples[n] += (float)(0.0018 * ((2 * random.NextDouble()) - 1));
        return audio;
    }

    /// <summary>Signal-to-noise ratio of <paramref name="marked"/> against <paramref name="original"/>, in dB.</summary>
    public static double SnrDb(AudioBuffer original, AudioBuffer marked)
    {
        double signal = 0, noise = 0;
        ReadOnlySpan<float> a = original.Data, b = marked.Data;
        for (var i = 0; i < a.Length; i++)
        {
            signal += (double)a[i] * a[i];
            var d = (double)b[i] - a[i];
            noise += d * d;
        }
        return 10 * Math.Log10(signal / noise);
    }

    private static float Clamp(double value) => (float)Math.Clamp(value, 0, 1);
}
