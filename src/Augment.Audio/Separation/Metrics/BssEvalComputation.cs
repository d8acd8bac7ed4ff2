using System.Buffers;
using System.Collections.Concurrent;

namespace Augment.Audio;

/// <summary>
/// One BSS-Eval v4 run (museval <c>bss_eval</c> with <c>framewise_filters=False</c>, no permutation search):
/// Gram matrix G of the delayed references (S·C·L square, index source, channel, lag), one factorisation of G and of
/// each source's own block, projection filters per estimate, whole-track projections by FFT, then the windowed
/// decomposition of Vincent et al. (2006) scored per window.
/// </summary>
internal sealed class BssEvalComputation
{
    private const double MachineEpsilon = 2.220446049250313e-16; // museval adds eps·I to G before solving

    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<AudioBuffer> _references;
    private readonly IReadOnlyList<AudioBuffer> _estimates;
    private readonly IProgress<AugmentProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly ParallelOptions _parallel;
    private readonly ComputeBudget _budget;
    private readonly int _sources;
    private readonly int _channels;
    private readonly int _frames;
    private readonly int _taps;
    private readonly int _window;
    private readonly int _hop;
    private readonly int _windowCount;
    private readonly ConcurrentBag<Scratch> _scratch = [];
    private int _fftLength;
    private int _bins;

    public BssEvalComputation(IReadOnlyList<string> names, IReadOnlyList<AudioBuffer> references, IReadOnlyList<AudioBuffer> estimates,
        BssEvalOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        _names = names;
        _references = references;
        _estimates = estimates;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _budget = options.Budget;
        _parallel = options.Budget.ToParallelOptions(cancellationToken);
        _sources = references.Count;
        _channels = references[0].Channels;
        _frames = references[0].Frames;
        _taps = options.FilterLength;
        var rate = references[0].SampleRate;
        // museval.evaluate passes int(win·rate) and int(hop·rate) samples.
        var window = double.IsPositiveInfinity(options.WindowSeconds) ? double.PositiveInfinity : Math.Floor(options.WindowSeconds * rate);
        var hop = Math.Max(1, Math.Floor(options.HopSeconds * rate));
        if (window < 1) throw new ArgumentException($"A {options.WindowSeconds} s window is shorter than one sample at {rate} Hz.", nameof(options));
        // museval's Framing: floor((n − window + hop) / hop) windows when the window is shorter than the track, else one.
        if (window < _frames)
        {
            _window = (int)window;
            _hop = (int)hop;
            _windowCount = (int)Math.Floor((_frames - window + hop) / hop);
        }
        else
        {
            _window = _frames;
            _hop = (int)Math.Min(hop, _frames);
            _windowCount = 1;
        }
    }

    public BssEvalReport Run()
    {
        int s = _sources, c = _channels, l = _taps, p = s * c;
        var n = s * c * l;
        var fftLength = (int)Math.Min(int.MaxValue / 2, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(_frames + l - 1)));
        var plan = RealFftPlan.Create(fftLength);
        var bins = plan.BinCount;
        _fftLength = fftLength;
        _bins = bins;
        var block = c * l;
        _budget.EnsureAllocation(
            (8L * n * n) + (8L * s * block * block) + (8L * (p + c) * bins) + (4L * 2 * c * fftLength) + (4L * (_parallel.MaxDegreeOfParallelism + 2) * (fftLength + (2L * bins))),
            $"BSS-Eval of {s} sources x {c} channels with {l}-tap filters over {_frames} frames");

        // Spectra of the zero-padded references, one per (source, channel).
        _progress?.Report(new AugmentProgress("bss-eval: correlations", 0));
        var refRe = new float[p][];
        var refIm = new float[p][];
        Parallel.For(0, p, _parallel, index =>
        {
            refRe[index] = new float[bins];
            refIm[index] = new float[bins];
            Spectrum(plan, _references[index / c].Channel(index % c), refRe[index], refIm[index]);
        });

        // G[(i, a), (k, b)] = ⟨x_i delayed by a, x_k delayed by b⟩ = r_ik[a − b], r_ik[m] = Σ x_i[t] x_k[t + m].
        var g = new double[(long)n * n];
        var pairs = new List<(int I, int K)>();
        for (var i = 0; i < p; i++)
            for (var k = i; k < p; k++) pairs.Add((i, k));
        Parallel.For(0, pairs.Count, _parallel, RentScratch, (index, _, scratch) =>
        {
            var (i, k) = pairs[index];
            BssEvalKernels.CrossCorrelate(plan, refRe[i], refIm[i], refRe[k], refIm[k], scratch.Re, scratch.Im, scratch.Signal);
            var r = scratch.Signal;
            for (var a = 0; a < l; a++)
            {
                var row = ((long)((i * l) + a) * n) + (k * l);
                for (var b = 0; b < l; b++)
                {
                    var lag = a - b;
                    double value = r[lag >= 0 ? lag : fftLength + lag];
                    g[row + b] = value;
                    g[((long)((k * l) + b) * n) + (i * l) + a] = value;
                }
            }
            return scratch;
        }, _scratch.Add);
        _cancellationToken.ThrowIfCancellationRequested();

        // Each source's own block (for the projection on its delayed image alone), copied before G is factored.
        var own = new double[s][];
        for (var j = 0; j < s; j++)
        {
            own[j] = new double[(long)block * block];
            for (var r = 0; r < block; r++)
                Array.Copy(g, ((long)((j * block) + r) * n) + (j * block), own[j], (long)r * block, block);
        }
        _progress?.Report(new AugmentProgress("bss-eval: filters", 0));
        Factor(g, n);
        Parallel.For(0, s, _parallel, j => Factor(own[j], block));
        _cancellationToken.ThrowIfCancellationRequested();

        var sdr = new double[s][];
        var isr = new double[s][];
        var sir = new double[s][];
        var sar = new double[s][];
        var silent = SilentWindows();
        var projected = new float[c][];
        var filteredImage = new float[c][];
        for (var k = 0; k < c; k++)
        {
            projected[k] = new float[fftLength];
            filteredImage[k] = new float[fftLength];
        }
        var estRe = new float[c][];
        var estIm = new float[c][];
        for (var k = 0; k < c; k++)
        {
            estRe[k] = new float[bins];
            estIm[k] = new float[bins];
        }

        for (var j = 0; j < s; j++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            _progress?.Report(AugmentProgress.Items("bss-eval: sources", j, s));
            var estimate = _estimates[j];
            Parallel.For(0, c, _parallel, k => Spectrum(plan, estimate.Channel(k), estRe[k], estIm[k]));

            // D[(i, a), k] = ⟨x_i delayed by a, ŝ_k⟩; the filters solve G·F = D (all sources) and G_jj·Fj = D_j (own source).
            var all = new double[c][];
            var mine = new double[c][];
            for (var k = 0; k < c; k++) all[k] = new double[n];
            Parallel.For(0, p * c, _parallel, RentScratch, (index, _, scratch) =>
            {
                int i = index / c, k = index % c;
                BssEvalKernels.CrossCorrelate(plan, refRe[i], refIm[i], estRe[k], estIm[k], scratch.Re, scratch.Im, scratch.Signal);
                for (var a = 0; a < l; a++) all[k][(i * l) + a] = scratch.Signal[a];
                return scratch;
            }, _scratch.Add);
            for (var k = 0; k < c; k++) mine[k] = all[k].AsSpan(j * block, block).ToArray();
            Parallel.For(0, 2 * c, _parallel, task =>
            {
                if (task < c) BssEvalKernels.CholeskySolve(g, n, all[task]);
                else BssEvalKernels.CholeskySolve(own[j], block, mine[task - c]);
            });

            // Whole-track projections: Pall_k = Σ_i F[i→k] * x_i, Pj_k = Σ_c' Fj[c'→k] * x_jc'.
            Parallel.For(0, 2 * c, _parallel, RentScratch, (task, _, scratch) =>
            {
                var k = task % c;
                var onlyOwn = task >= c;
                var sumRe = scratch.SumRe;
                var sumIm = scratch.SumIm;
                Array.Clear(sumRe);
                Array.Clear(sumIm);
                var filter = scratch.Signal;
                var inputs = onlyOwn ? c : p;
                for (var q = 0; q < inputs; q++)
                {
                    var i = onlyOwn ? (j * c) + q : q;
                    var taps = onlyOwn ? mine[k].AsSpan(q * l, l) : all[k].AsSpan(i * l, l);
                    Array.Clear(filter);
                    for (var a = 0; a < l; a++) filter[a] = (float)taps[a];
                    plan.Forward(filter, scratch.Re, scratch.Im);
                    var xr = refRe[i];
                    var xi = refIm[i];
                    for (var b = 0; b < bins; b++)
                    {
                        sumRe[b] += (scratch.Re[b] * xr[b]) - (scratch.Im[b] * xi[b]);
                        sumIm[b] += (scratch.Re[b] * xi[b]) + (scratch.Im[b] * xr[b]);
                    }
                }
                plan.Inverse(sumRe, sumIm, onlyOwn ? filteredImage[k] : projected[k]);
                return scratch;
            }, _scratch.Add);

            sdr[j] = new double[_windowCount];
            isr[j] = new double[_windowCount];
            sir[j] = new double[_windowCount];
            sar[j] = new double[_windowCount];
            var source = j;
            Parallel.For(0, _windowCount, _parallel, t =>
            {
                if (silent[t])
                {
                    sdr[source][t] = isr[source][t] = sir[source][t] = sar[source][t] = double.NaN;
                    return;
                }
                var (sd, ir, si, sa) = ScoreWindow(source, t, all, mine, projected, filteredImage);
                sdr[source][t] = sd;
                isr[source][t] = ir;
                sir[source][t] = si;
                sar[source][t] = sa;
            });
        }
        _progress?.Report(AugmentProgress.Items("bss-eval: sources", s, s));

        var scores = new BssEvalSourceScores[s];
        for (var j = 0; j < s; j++) scores[j] = new BssEvalSourceScores(_names[j], sdr[j], isr[j], sir[j], sar[j]);
        return new BssEvalReport(scores, _references[0].SampleRate, _window, _hop, _taps, _windowCount);
    }

    /// <summary>The decomposition of source j's estimate over window t and its four ratios (museval <c>_bss_crit</c>, images version).</summary>
    private (double Sdr, double Isr, double Sir, double Sar) ScoreWindow(int j, int t, double[][] all, double[][] mine, float[][] projected, float[][] filteredImage)
    {
        int c = _channels, l = _taps;
        var start = t * _hop;
        var stop = Math.Min(start + _window, _frames);
        var w = stop - start;
        var length = w + l - 1;
        var pall = ArrayPool<double>.Shared.Rent(length);
        var pj = ArrayPool<double>.Shared.Rent(length);
        var energies = default(BssEvalKernels.Energies);
        try
        {
            for (var k = 0; k < c; k++)
            {
                var pallSpan = pall.AsSpan(0, length);
                var pjSpan = pj.AsSpan(0, length);
                pallSpan.Clear();
                pjSpan.Clear();
                // Inside [L − 1, W) the windowed convolution equals the whole-track one; the head and tail only see the window's samples.
                var interiorEnd = Math.Max(l - 1, w);
                for (var m = l - 1; m < w; m++)
                {
                    pallSpan[m] = projected[k][start + m];
                    pjSpan[m] = filteredImage[k][start + m];
                }
                for (var i = 0; i < _sources * c; i++)
                {
                    var x = _references[i / c].Channel(i % c);
                    var h = all[k].AsSpan(i * l, l);
                    BssEvalKernels.AddWindowedConvolution(h, x, start, w, 0, l - 1, pallSpan);
                    BssEvalKernels.AddWindowedConvolution(h, x, start, w, interiorEnd, length, pallSpan);
                }
                for (var q = 0; q < c; q++)
                {
                    var x = _references[j].Channel(q);
                    var h = mine[k].AsSpan(q * l, l);
                    BssEvalKernels.AddWindowedConvolution(h, x, start, w, 0, l - 1, pjSpan);
                    BssEvalKernels.AddWindowedConvolution(h, x, start, w, interiorEnd, length, pjSpan);
                }
                BssEvalKernels.AccumulateEnergies(_references[j].Channel(k).Slice(start, w), _estimates[j].Channel(k).Slice(start, w), pjSpan, pallSpan, ref energies);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(pall);
            ArrayPool<double>.Shared.Return(pj);
        }
        return (
            BssEvalKernels.SafeDb(energies.Target, energies.Distortion),
            BssEvalKernels.SafeDb(energies.Target, energies.Spatial),
            BssEvalKernels.SafeDb(energies.Filtered, energies.Interference),
            BssEvalKernels.SafeDb(energies.Projected, energies.Artifacts));
    }

    /// <summary>Windows where any reference or estimate is silent (museval sets every source's scores there to NaN).</summary>
    private bool[] SilentWindows()
    {
        var silent = new bool[_windowCount];
        Parallel.For(0, _windowCount, _parallel, t =>
        {
            var start = t * _hop;
            var stop = Math.Min(start + _window, _frames);
            for (var j = 0; j < _sources && !silent[t]; j++)
                silent[t] = BssEvalKernels.IsSilent(_references[j], start, stop) || BssEvalKernels.IsSilent(_estimates[j], start, stop);
        });
        return silent;
    }

    /// <summary>
    /// Factors G + eps·I (museval's regularisation). References whose delayed copies are linearly dependent (a pure tone,
    /// a band-limited signal) make G singular; then a diagonal loading growing from 1e-12 of the largest diagonal value
    /// is added until the factorisation succeeds, where museval's LU solve returns whatever the rounding gives.
    /// </summary>
    private void Factor(double[] matrix, int size)
    {
        var diagonal = new double[size];
        var largest = 0.0;
        for (var i = 0; i < size; i++)
        {
            diagonal[i] = matrix[((long)i * size) + i];
            largest = Math.Max(largest, diagonal[i]);
        }
        for (var i = 0; i < size; i++) matrix[((long)i * size) + i] += MachineEpsilon;
        var loading = 1e-12 * largest;
        while (!BssEvalKernels.Cholesky(matrix, size, _parallel))
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (loading > 1e-3 * largest)
                throw new InvalidOperationException("The reference correlation matrix is not positive definite even with diagonal loading; are the references finite?");
            BssEvalKernels.RestoreLower(matrix, size, diagonal, MachineEpsilon + loading);
            loading *= 100;
        }
    }

    private static void Spectrum(RealFftPlan plan, ReadOnlySpan<float> signal, float[] re, float[] im)
    {
        var padded = ArrayPool<float>.Shared.Rent(plan.Length);
        try
        {
            var span = padded.AsSpan(0, plan.Length);
            span.Clear();
            signal.CopyTo(span);
            plan.Forward(span, re, im);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>Scratch for one worker, reused across the parallel loops (each is 16–24 MB at 30 s of 44.1 kHz).</summary>
    private Scratch RentScratch() => _scratch.TryTake(out var scratch) ? scratch : new Scratch(_fftLength, _bins);

    private sealed class Scratch(int length, int bins)
    {
        public float[] SumRe => _sumRe ??= new float[bins];
        public float[] SumIm => _sumIm ??= new float[bins];
        private float[]? _sumRe;
        private float[]? _sumIm;

        public float[] Signal { get; } = new float[length];
        public float[] Re { get; } = new float[bins];
        public float[] Im { get; } = new float[bins];
    }
}
