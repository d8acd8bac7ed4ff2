namespace Augment.SplatTraining.Tests.Frames;

/// <summary>Generated test images: an analytic texture that can be sampled at any real position, and blurs.</summary>
internal static class FrameImages
{
    /// <summary>
    /// A smooth random texture defined everywhere on the plane: 24 plane waves of non-integer frequency (periods 5 to
    /// 40 pixels) plus 12 Gaussian blobs, roughly in [0, 1]. Sampling it at (x − dx, y − dy) shifts it exactly.
    /// </summary>
    public sealed class Texture
    {
        private readonly double[] _waves;
        private readonly double[] _blobs;

        public Texture(int seed)
        {
            var random = new Random(seed);
            _waves = new double[24 * 4];
            for (var i = 0; i < 24; i++)
            {
                var period = 5 + (35 * random.NextDouble());
                var angle = 2 * Math.PI * random.NextDouble();
                _waves[(i * 4) + 0] = Math.Cos(angle) * 2 * Math.PI / period;
                _waves[(i * 4) + 1] = Math.Sin(angle) * 2 * Math.PI / period;
                _waves[(i * 4) + 2] = 2 * Math.PI * random.NextDouble();
                _waves[(i * 4) + 3] = 0.02 + (0.03 * random.NextDouble());
            }
            _blobs = new double[12 * 4];
            for (var i = 0; i < 12; i++)
            {
                _blobs[(i * 4) + 0] = 200 * random.NextDouble();
                _blobs[(i * 4) + 1] = 150 * random.NextDouble();
                _blobs[(i * 4) + 2] = 3 + (8 * random.NextDouble());
                _blobs[(i * 4) + 3] = (random.NextDouble() - 0.5) * 0.5;
            }
        }

        public double At(double x, double y)
        {
            var v = 0.5;
            for (var i = 0; i < 24; i++)
                v += _waves[(i * 4) + 3] * Math.Cos((_waves[i * 4] * x) + (_waves[(i * 4) + 1] * y) + _waves[(i * 4) + 2]);
            for (var i = 0; i < 12; i++)
            {
                var dx = x - _blobs[i * 4];
                var dy = y - _blobs[(i * 4) + 1];
                var s = _blobs[(i * 4) + 2];
                v += _blobs[(i * 4) + 3] * Math.Exp(-((dx * dx) + (dy * dy)) / (2 * s * s));
            }
            return v;
        }

        /// <summary>Samples width x height pixels with the texture moved by (dx, dy): pixel (x, y) = T(x − dx, y − dy).</summary>
        public float[] Sample(int width, int height, double dx = 0, double dy = 0)
        {
            var image = new float[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                    image[(y * width) + x] = (float)At(x - dx, y - dy);
            }
            return image;
        }
    }

    /// <summary>Uniform random pixels in [0, 1].</summary>
    public static float[] Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new float[width * height];
        for (var i = 0; i < image.Length; i++)
            image[i] = (float)random.NextDouble();
        return image;
    }

    /// <summary>Separable Gaussian blur (kernel radius 4σ, clamped borders); σ = 0 copies.</summary>
    public static float[] GaussianBlur(float[] image, int width, int height, double sigma)
    {
        if (sigma <= 0) return (float[])image.Clone();
        var radius = (int)Math.Ceiling(4 * sigma);
        var kernel = new double[(2 * radius) + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++)
            sum += kernel[i + radius] = Math.Exp(-(i * i) / (2 * sigma * sigma));
        for (var i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        var temp = new float[image.Length];
        var result = new float[image.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * image[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                temp[(y * width) + x] = (float)acc;
            }
        }
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double acc = 0;
                for (var k = -radius; k <= radius; k++)
                    acc += kernel[k + radius] * temp[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                result[(y * width) + x] = (float)acc;
            }
        }
        return result;
    }

    /// <summary>Horizontal box blur of <paramref name="length"/> pixels (a horizontal motion blur), clamped borders.</summary>
    public static float[] HorizontalMotionBlur(float[] image, int width, int height, int length)
    {
        var result = new float[image.Length];
        var half = length / 2;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double acc = 0;
                for (var k = 0; k < length; k++)
                    acc += image[(y * width) + Math.Clamp(x - half + k, 0, width - 1)];
                result[(y * width) + x] = (float)(acc / length);
            }
        }
        return result;
    }
}
