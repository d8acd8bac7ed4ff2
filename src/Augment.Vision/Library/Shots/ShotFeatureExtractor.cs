namespace Augment.Vision;

/// <summary>
/// Streams frames into <see cref="ShotFrameFeatures"/>: downsizes each frame to a small analysis image,
/// measures it against the previous frame, and keeps only a ring of 2w+1 coarse thumbnails for the
/// dissolve test, so memory does not grow with the video's length or size beyond a few scalars per frame.
/// </summary>
internal sealed class ShotFeatureExtractor
{
    private const int HueBins = 8, SaturationBins = 4, ValueBins = 4;
    private const int HistogramBins = HueBins * SaturationBins * ValueBins;
    private const float EdgeThreshold = 0.10f;
    private const int DilationRadius = 2;
    private const int CoarseFactor = 4;

    private readonly int _width, _height, _analysisWidth, _analysisHeight, _coarseWidth, _coarseHeight, _halfWindow;
    private readonly int[] _columnStart;
    private readonly float[] _rgb, _luma, _sobel;
    private bool[] _edges, _previousEdges, _dilated, _previousDilated;
    private float[] _histogram, _previousHistogram;
    private readonly float[][] _coarseRing;
    private readonly float[][] _histogramRing;
    private readonly List<ShotFrameFeatures> _features = [];

    public ShotFeatureExtractor(int width, int height, int analysisWidth, int halfWindow)
    {
        _width = width;
        _height = height;
        _analysisWidth = Math.Min(analysisWidth, width);
        _analysisHeight = Math.Max(1, (int)Math.Round((double)height * _analysisWidth / width));
        _analysisHeight = Math.Min(_analysisHeight, height);
        _coarseWidth = Math.Max(1, _analysisWidth / CoarseFactor);
        _coarseHeight = Math.Max(1, _analysisHeight / CoarseFactor);
        _halfWindow = halfWindow;
        _columnStart = new int[_analysisWidth + 1];
        for (var x = 0; x <= _analysisWidth; x++)
            _columnStart[x] = (int)((long)x * width / _analysisWidth);
        var n = _analysisWidth * _analysisHeight;
        _rgb = new float[3 * n];
        _luma = new float[n];
        _sobel = new float[n];
        _edges = new bool[n];
        _previousEdges = new bool[n];
        _dilated = new bool[n];
        _previousDilated = new bool[n];
        _histogram = new float[HistogramBins];
        _previousHistogram = new float[HistogramBins];
        _coarseRing = new float[(2 * halfWindow) + 1][];
        _histogramRing = new float[(2 * halfWindow) + 1][];
        for (var i = 0; i < _coarseRing.Length; i++)
        {
            _coarseRing[i] = new float[3 * _coarseWidth * _coarseHeight];
            _histogramRing[i] = new float[HistogramBins];
        }
    }

    public List<ShotFrameFeatures> Features => _features;

    public void Add(ImageFrame frame)
    {
        if (frame.Width != _width || frame.Height != _height)
            throw new InvalidMediaException($"frame {_features.Count} is {frame.Width}x{frame.Height}, but the video is {_width}x{_height}.");
        Downsize(frame);
        var n = _analysisWidth * _analysisHeight;
        double lumaSum = 0;
        Array.Clear(_histogram);
        for (var i = 0; i < n; i++)
        {
            float r = Math.Clamp(_rgb[i], 0f, 1f), g = Math.Clamp(_rgb[n + i], 0f, 1f), b = Math.Clamp(_rgb[(2 * n) + i], 0f, 1f);
            var y = (0.2126f * r) + (0.7152f * g) + (0.0722f * b);
            _luma[i] = y;
            lumaSum += y;
            _histogram[HsvBin(r, g, b)] += 1f;
        }
        for (var k = 0; k < HistogramBins; k++)
            _histogram[k] /= n;

        var index = _features.Count;
        var features = new ShotFrameFeatures
        {
            MeanLuma = (float)(lumaSum / n),
            Sharpness = LaplacianVariance(),
            Linearity = float.NaN,
            EndChange = float.NaN,
        };
        FindEdges();
        if (index > 0)
        {
            features.HistogramChange = HistogramDistance(_histogram, _previousHistogram);
            features.EdgeChange = EdgeChangeRatio();
        }
        _features.Add(features);

        var slot = index % _coarseRing.Length;
        Coarsen(_coarseRing[slot]);
        _histogram.CopyTo(_histogramRing[slot], 0);
        var middle = index - _halfWindow;
        if (middle >= _halfWindow)
            MeasureTriple(middle);

        (_histogram, _previousHistogram) = (_previousHistogram, _histogram);
        (_edges, _previousEdges) = (_previousEdges, _edges);
        (_dilated, _previousDilated) = (_previousDilated, _dilated);
    }

    /// <summary>Box-averages the frame's three colour planes to the analysis size.</summary>
    private void Downsize(ImageFrame frame)
    {
        var n = _analysisWidth * _analysisHeight;
        for (var ay = 0; ay < _analysisHeight; ay++)
        {
            var y0 = (int)((long)ay * _height / _analysisHeight);
            var y1 = Math.Max(y0 + 1, (int)((long)(ay + 1) * _height / _analysisHeight));
            for (var c = 0; c < 3; c++)
            {
                var target = _rgb.AsSpan((c * n) + (ay * _analysisWidth), _analysisWidth);
                target.Clear();
                for (var y = y0; y < y1; y++)
                {
                    var row = frame.Row(c, y);
                    for (var ax = 0; ax < _analysisWidth; ax++)
                    {
                        float sum = 0;
                        for (var x = _columnStart[ax]; x < _columnStart[ax + 1]; x++)
                            sum += row[x];
                        target[ax] += sum;
                    }
                }
                for (var ax = 0; ax < _analysisWidth; ax++)
                    target[ax] /= (y1 - y0) * (_columnStart[ax + 1] - _columnStart[ax]);
            }
        }
    }

    private static int HsvBin(float r, float g, float b)
    {
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        var delta = max - min;
        float hue = 0;
        if (delta > 1e-6f)
        {
            if (max == r) hue = (g - b) / delta;
            else if (max == g) hue = 2f + ((b - r) / delta);
            else hue = 4f + ((r - g) / delta);
            hue /= 6f;
            if (hue < 0) hue += 1f;
        }
        var saturation = max > 1e-6f ? delta / max : 0f;
        var h = Math.Min(HueBins - 1, (int)(hue * HueBins));
        var s = Math.Min(SaturationBins - 1, (int)(saturation * SaturationBins));
        var v = Math.Min(ValueBins - 1, (int)(max * ValueBins));
        return (((h * SaturationBins) + s) * ValueBins) + v;
    }

    private static float HistogramDistance(float[] a, float[] b)
    {
        float sum = 0;
        for (var k = 0; k < a.Length; k++)
            sum += Math.Abs(a[k] - b[k]);
        return 0.5f * sum;
    }

    private float LaplacianVariance()
    {
        int w = _analysisWidth, h = _analysisHeight;
        if (w < 3 || h < 3)
            return 0f;
        double sum = 0, sumSquares = 0;
        var count = 0;
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = (y * w) + x;
                double l = _luma[i - 1] + _luma[i + 1] + _luma[i - w] + _luma[i + w] - (4 * _luma[i]);
                sum += l;
                sumSquares += l * l;
                count++;
            }
        }
        var mean = sum / count;
        return (float)((sumSquares / count) - (mean * mean));
    }

    /// <summary>Sobel gradient magnitude above a fixed threshold, then a square dilation (Zabih et al. compare each edge map with the other's dilation).</summary>
    private void FindEdges()
    {
        int w = _analysisWidth, h = _analysisHeight;
        Array.Clear(_edges);
        Array.Clear(_dilated);
        for (var y = 1; y < h - 1; y++)
        {
            for (var x = 1; x < w - 1; x++)
            {
                var i = (y * w) + x;
                var gx = (_luma[i - w + 1] + (2 * _luma[i + 1]) + _luma[i + w + 1]) - (_luma[i - w - 1] + (2 * _luma[i - 1]) + _luma[i + w - 1]);
                var gy = (_luma[i + w - 1] + (2 * _luma[i + w]) + _luma[i + w + 1]) - (_luma[i - w - 1] + (2 * _luma[i - w]) + _luma[i - w + 1]);
                _edges[i] = ((gx * gx) + (gy * gy)) > (16f * EdgeThreshold * EdgeThreshold);
            }
        }
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (!_edges[(y * w) + x])
                    continue;
                for (var dy = Math.Max(0, y - DilationRadius); dy <= Math.Min(h - 1, y + DilationRadius); dy++)
                {
                    for (var dx = Math.Max(0, x - DilationRadius); dx <= Math.Min(w - 1, x + DilationRadius); dx++)
                        _dilated[(dy * w) + dx] = true;
                }
            }
        }
    }

    /// <summary>ECR = max(entering, exiting): the share of this frame's edges far from the previous frame's edges, and vice versa.</summary>
    private float EdgeChangeRatio()
    {
        int edgesNow = 0, edgesBefore = 0, entering = 0, exiting = 0;
        for (var i = 0; i < _edges.Length; i++)
        {
            if (_edges[i])
            {
                edgesNow++;
                if (!_previousDilated[i]) entering++;
            }
            if (_previousEdges[i])
            {
                edgesBefore++;
                if (!_dilated[i]) exiting++;
            }
        }
        if (edgesNow == 0 && edgesBefore == 0)
            return 0f;
        var ratioIn = edgesNow == 0 ? 1f : (float)entering / edgesNow;
        var ratioOut = edgesBefore == 0 ? 1f : (float)exiting / edgesBefore;
        return Math.Max(ratioIn, ratioOut);
    }

    private void Coarsen(float[] target)
    {
        var n = _analysisWidth * _analysisHeight;
        var m = _coarseWidth * _coarseHeight;
        Array.Clear(target);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < _coarseHeight * CoarseFactor && y < _analysisHeight; y++)
            {
                var cy = Math.Min(_coarseHeight - 1, y / CoarseFactor);
                for (var x = 0; x < _coarseWidth * CoarseFactor && x < _analysisWidth; x++)
                {
                    var cx = Math.Min(_coarseWidth - 1, x / CoarseFactor);
                    target[(c * m) + (cy * _coarseWidth) + cx] += _rgb[(c * n) + (y * _analysisWidth) + x];
                }
            }
        }
        var scale = 1f / (Math.Min(CoarseFactor, _analysisWidth) * Math.Min(CoarseFactor, _analysisHeight));
        for (var i = 0; i < target.Length; i++)
            target[i] *= scale;
    }

    /// <summary>
    /// The dissolve test on the triple (t-w, t, t+w): inside a dissolve every frame is
    /// (1-a)·A + a·B, so the middle frame equals the mean of the two ends up to noise and motion.
    /// </summary>
    private void MeasureTriple(int middle)
    {
        var length = _coarseRing.Length;
        var before = _coarseRing[(middle - _halfWindow) % length];
        var centre = _coarseRing[middle % length];
        var after = _coarseRing[(middle + _halfWindow) % length];
        double mix = 0, ends = 0;
        for (var i = 0; i < centre.Length; i++)
        {
            mix += Math.Abs(centre[i] - (0.5f * (before[i] + after[i])));
            ends += Math.Abs(after[i] - before[i]);
        }
        var features = _features[middle];
        features.Linearity = ends > 1e-9 ? (float)(mix / ends) : float.NaN;
        features.EndChange = HistogramDistance(_histogramRing[(middle - _halfWindow) % length], _histogramRing[(middle + _halfWindow) % length]);
        _features[middle] = features;
    }
}
