namespace Augment.Audio;

/// <summary>
/// Separation by non-negative matrix factorisation of the magnitude spectrogram (Lee and Seung 2001 multiplicative
/// updates; Smaragdis and Brown 2003 for music; soft masks after Févotte et al. 2009): V ≈ Σₖ aₖ bₖ, each component k a
/// spectral shape bₖ with its activation over time aₖ. Unsupervised, the components are grouped by spectral centroid
/// into <see cref="NmfOptions.Stems"/> stems named <c>part1</c> (lowest) … <c>partN</c>. Supervised
/// (<see cref="Learn"/>), each stem's bases are learned from example clips of that source alone and kept fixed while
/// the activations are fitted to the mix. Each stem gets the mask V̂ₛ^p / Σ V̂ᵢ^p, so the stems sum to the mix.
/// </summary>
/// <remarks>Channels are factorised one after another. Cost per channel ≈ 4 · iterations · frames · bins · components multiply-adds.</remarks>
/// <example>
/// <code>
/// var separator = NmfSeparator.Learn(new Dictionary&lt;string, AudioBuffer&gt; { ["drums"] = drumLoop, ["keys"] = pianoTake });
/// using var stems = separator.Separate(mix);       // stems["drums"], stems["keys"]
/// </code>
/// </example>
public sealed class NmfSeparator : IStemSeparator
{
    private readonly string[] _names;
    private readonly float[]? _bases; // supervised: (stems · Components) × bins, stem-major

    /// <summary>Creates an unsupervised separator.</summary>
    /// <param name="options">Settings; <see cref="NmfOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public NmfSeparator(NmfOptions? options = null)
    {
        options ??= NmfOptions.Default;
        options.Validate();
        Options = options;
        _names = new string[options.Stems];
        for (var s = 0; s < _names.Length; s++) _names[s] = $"part{s + 1}";
    }

    private NmfSeparator(NmfOptions options, string[] names, float[] bases)
    {
        Options = options;
        _names = names;
        _bases = bases;
    }

    /// <summary>The settings in use.</summary>
    public NmfOptions Options { get; }

    /// <summary>True when the bases were learned from examples (<see cref="Learn"/>).</summary>
    public bool IsSupervised => _bases is not null;

    /// <inheritdoc />
    public IReadOnlyList<string> StemNames => _names;

    /// <summary>
    /// Learns <see cref="NmfOptions.Components"/> bases per stem from example clips of each source alone (all channels
    /// of a clip are used), for supervised separation of mixes of those sources.
    /// </summary>
    /// <param name="examples">Stem name → an example of that source; at least two; any sample rate, but the mixes separated later should share it.</param>
    /// <param name="options">Settings (<see cref="NmfOptions.Stems"/> is ignored: the stems are the examples).</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <exception cref="ArgumentException">Fewer than two examples, or a name that is not a safe file name.</exception>
    /// <exception cref="InvalidMediaException">An example holds NaN or infinity, or is silent.</exception>
    public static NmfSeparator Learn(IReadOnlyDictionary<string, AudioBuffer> examples, NmfOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= NmfOptions.Default;
        options = options with { Stems = Math.Min(Math.Max(2, examples.Count), Math.Min(16, options.Components)) };
        options.Validate();
        if (examples.Count < 2) throw new ArgumentException($"Supervised NMF needs examples of at least two stems (got {examples.Count}).", nameof(examples));
        var stft = new Stft(options.Stft);
        var bins = stft.BinCount;
        var k = options.Components;
        var names = new string[examples.Count];
        var bases = new float[examples.Count * k * bins];
        var budget = options.Budget ?? ComputeBudget.Default;
        var s = 0;
        foreach (var (name, clip) in examples)
        {
            ArgumentNullException.ThrowIfNull(clip, nameof(examples));
            names[s] = name;
            SpectralMasking.CheckFinite(clip);
            // Stack every channel's frames: the bases describe the source whatever its panning.
            var frames = stft.FrameCount(clip.Frames);
            var t = frames * clip.Channels;
            var v = new float[t * bins];
            var re = new float[frames * bins];
            var im = new float[frames * bins];
            for (var c = 0; c < clip.Channels; c++)
            {
                stft.Forward(clip.Channel(c), re, im);
                SpectralMasking.Magnitude(re, im, v.AsSpan(c * frames * bins, frames * bins));
            }
            if (System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(v) <= 0f)
                throw new InvalidMediaException($"The example for stem '{name}' is silent: nothing to learn bases from.");
            var a = new float[t * k];
            var b = bases.AsSpan(s * k * bins, k * bins).ToArray();
            NmfKernels.Initialise(v, k, a, b, options.Seed + s, initialiseBases: true);
            NmfKernels.Factorise(v, t, bins, k, a, b, options.Iterations, options.Divergence, updateBases: true, budget, cancellationToken);
            b.CopyTo(bases.AsSpan(s * k * bins));
            s++;
        }
        // Validate the names now (StemSet would refuse them later).
        using (var probe = AudioBuffer.Create(1, 1, 8000))
        {
            var probes = new AudioBuffer[names.Length];
            for (var i = 0; i < probes.Length; i++) probes[i] = probe;
            _ = new StemSet(names, probes);
        }
        return new NmfSeparator(options, names, bases);
    }

    /// <inheritdoc />
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The spectrograms would exceed the memory budget.</exception>
    /// <exception cref="ArgumentException">Supervised, and the mix's FFT bins differ from the examples' (they cannot: same options).</exception>
    public StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mix);
        var budget = Options.Budget ?? mix.Budget;
        var stems = _names.Length;
        var perStem = _bases is null ? 0 : Options.Components;
        var k = _bases is null ? Options.Components : stems * perStem;
        return SpectralMasking.Separate(mix, Options.Stft, _names, budget, 8 + (4L * (stems - 1)), (magnitude, frames, bins, channel) =>
        {
            var a = new float[frames * k];
            var b = _bases is null ? new float[k * bins] : (float[])_bases.Clone();
            NmfKernels.Initialise(magnitude.AsSpan(0, frames * bins), k, a, b, Options.Seed + channel, initialiseBases: _bases is null);
            NmfKernels.Factorise(magnitude, frames, bins, k, a, b, Options.Iterations, Options.Divergence, updateBases: _bases is null, budget, cancellationToken);
            var groups = _bases is null ? GroupByCentroid(b, k, bins, stems) : GroupByStem(k, perStem);
            return Masks(a, b, frames, bins, k, groups, stems, Options.MaskPower, budget, cancellationToken);
        }, _bases is null ? "NMF separation" : "Supervised NMF separation", progress, cancellationToken);
    }

    /// <summary>Group of each component: sorted by spectral centroid, cut into <paramref name="stems"/> runs of (nearly) equal count.</summary>
    internal static int[] GroupByCentroid(float[] b, int k, int bins, int stems)
    {
        var centroids = new double[k];
        var order = new int[k];
        for (var c = 0; c < k; c++)
        {
            double weighted = 0, total = 0;
            var basis = b.AsSpan(c * bins, bins);
            for (var f = 0; f < bins; f++) { weighted += f * (double)basis[f]; total += basis[f]; }
            centroids[c] = total > 0 ? weighted / total : 0;
            order[c] = c;
        }
        Array.Sort(centroids, order);
        var groups = new int[k];
        for (var rank = 0; rank < k; rank++) groups[order[rank]] = rank * stems / k;
        return groups;
    }

    private static int[] GroupByStem(int k, int perStem)
    {
        var groups = new int[k];
        for (var c = 0; c < k; c++) groups[c] = c / perStem;
        return groups;
    }

    /// <summary>Masks V̂ₛ^p / Σᵢ V̂ᵢ^p of all stems but the last (which gets the complement); equal shares where the model is zero.</summary>
    private static float[][] Masks(float[] a, float[] b, int frames, int bins, int k, int[] groups, int stems, float power, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var masks = new float[stems - 1][];
        for (var s = 0; s < masks.Length; s++) masks[s] = GC.AllocateUninitializedArray<float>(frames * bins);
        Parallel.For(0, frames, budget.ToParallelOptions(cancellationToken), () => new float[stems * bins], (row, _, parts) =>
        {
            parts.AsSpan().Clear();
            for (var c = 0; c < k; c++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.AsSpan(c * bins, bins), a[(row * k) + c], parts.AsSpan(groups[c] * bins, bins), parts.AsSpan(groups[c] * bins, bins));
            for (var f = 0; f < bins; f++)
            {
                double total = 0;
                for (var s = 0; s < stems; s++) total += Power(parts[(s * bins) + f], power);
                for (var s = 0; s < stems - 1; s++)
                    masks[s][(row * bins) + f] = total > 0 ? (float)(Power(parts[(s * bins) + f], power) / total) : 1f / stems;
            }
            return parts;
        }, _ => { });
        return masks;
    }

    private static double Power(float x, float p) => p == 2f ? (double)x * x : p == 1f ? x : Math.Pow(x, p);
}
