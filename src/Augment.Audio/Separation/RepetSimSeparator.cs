using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// Repeating-background / foreground separation by REPET-SIM (Rafii and Pardo, "Music/voice separation using the
/// similarity matrix", ISMIR 2012): frames of the magnitude spectrogram are compared by cosine similarity; for each
/// frame the most similar frames (at least <see cref="RepetSimOptions.MinRepeatDistance"/> apart) are taken as
/// repetitions of it; their per-bin median, capped by the frame itself, is the repeating background; the soft mask
/// background/mixture gives the <c>accompaniment</c> stem and its complement the <c>vocals</c> (the non-repeating
/// foreground). Works best on loops and songs whose backing repeats; speech or a lead over it lands in <c>vocals</c>.
/// </summary>
/// <remarks>
/// Memory and time: the similarity matrix is never stored; each frame's row is computed over ±<see cref="RepetSimOptions.MaxLag"/>
/// only, on the magnitude pooled into at most 128 bands (an approximation of the full-resolution cosine that keeps the
/// cost at frames × lag-frames × 128). The spectrograms take about 20-28 bytes per time-frequency cell of one channel.
/// </remarks>
public sealed class RepetSimSeparator : IStemSeparator
{
    private const int MaxBands = 128;
    private static readonly string[] Names = ["accompaniment", "vocals"];

    /// <summary>Creates a separator.</summary>
    /// <param name="options">Settings; <see cref="RepetSimOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it).</exception>
    public RepetSimSeparator(RepetSimOptions? options = null)
    {
        options ??= RepetSimOptions.Default;
        options.Validate();
        Options = options;
    }

    /// <summary>The settings in use.</summary>
    public RepetSimOptions Options { get; }

    /// <summary><c>accompaniment</c> (the repeating background), <c>vocals</c> (the rest).</summary>
    public IReadOnlyList<string> StemNames => Names;

    /// <inheritdoc />
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    /// <exception cref="ResourceLimitException">The spectrograms would exceed the memory budget.</exception>
    public StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mix);
        var budget = Options.Budget ?? mix.Budget;
        var hopSeconds = (double)Options.HopLength / mix.SampleRate;
        var minDistance = (int)Math.Round(Options.MinRepeatDistance.TotalSeconds / hopSeconds);
        var maxLag = Math.Max(1, (int)Math.Round(Options.MaxLag.TotalSeconds / hopSeconds));
        float[]? mask = null;
        return SpectralMasking.Separate(mix, Options.Stft, Names, budget, 4, (magnitude, frames, bins, _) =>
        {
            mask ??= GC.AllocateUninitializedArray<float>(frames * bins);
            BackgroundMask(magnitude, frames, bins, Options.MaxRepeatingFrames, minDistance, (float)Options.MinSimilarity, maxLag, mask, budget, cancellationToken);
            return [mask];
        }, "REPET-SIM separation", progress, cancellationToken);
    }

    /// <summary>The repeating-background mask (frame-major) of a magnitude spectrogram.</summary>
    internal static void BackgroundMask(float[] magnitude, int frames, int bins, int repeats, int minDistance, float minSimilarity, int maxLag,
        float[] mask, ComputeBudget budget, CancellationToken cancellationToken)
    {
        var bands = Math.Min(bins, MaxBands);
        var features = Features(magnitude, frames, bins, bands);
        var chunk = Math.Max(1, frames / (budget.MaxThreads * 16));
        var chunks = (frames + chunk - 1) / chunk;
        Parallel.For(0, chunks, budget.ToParallelOptions(cancellationToken), index =>
        {
            var similarity = new float[(2 * maxLag) + 1];
            var picked = new int[repeats];
            Span<float> values = stackalloc float[repeats];
            var end = Math.Min(frames, (index + 1) * chunk);
            for (var j = index * chunk; j < end; j++)
            {
                var count = PickRepeats(features, frames, bands, j, repeats, minDistance, minSimilarity, maxLag, similarity, picked);
                var row = magnitude.AsSpan(j * bins, bins);
                var maskRow = mask.AsSpan(j * bins, bins);
                for (var b = 0; b < bins; b++)
                {
                    for (var r = 0; r < count; r++) values[r] = magnitude[(picked[r] * bins) + b];
                    var background = Median(values[..count]);
                    var v = row[b];
                    // W = min(median, V): the background cannot exceed the mixture; mask = W / V (1 where V is zero).
                    maskRow[b] = v > 0f ? Math.Min(background, v) / v : 1f;
                }
            }
        });
    }

    /// <summary>Unit-length pooled magnitude frames (frames × bands): the vectors whose dot products are the cosine similarities.</summary>
    internal static float[] Features(float[] magnitude, int frames, int bins, int bands)
    {
        var features = new float[frames * bands];
        for (var j = 0; j < frames; j++)
        {
            var row = magnitude.AsSpan(j * bins, bins);
            var f = features.AsSpan(j * bands, bands);
            for (var g = 0; g < bands; g++)
            {
                int from = g * bins / bands, to = (g + 1) * bins / bands;
                f[g] = TensorPrimitives.Sum(row[from..to]);
            }
            var norm = TensorPrimitives.Norm(f);
            if (norm > 0f) TensorPrimitives.Divide(f, norm, f);
        }
        return features;
    }

    /// <summary>
    /// The frame itself, then greedily the most similar frames within ±maxLag that are at least minDistance from every
    /// frame already chosen and at least minSimilarity similar. Returns how many were picked.
    /// </summary>
    internal static int PickRepeats(float[] features, int frames, int bands, int j, int repeats, int minDistance, float minSimilarity, int maxLag, float[] similarity, int[] picked)
    {
        int from = Math.Max(0, j - maxLag), to = Math.Min(frames - 1, j + maxLag);
        var self = features.AsSpan(j * bands, bands);
        for (var l = from; l <= to; l++)
            similarity[l - from] = TensorPrimitives.Dot(self, features.AsSpan(l * bands, bands));
        picked[0] = j;
        var count = 1;
        while (count < repeats)
        {
            var best = -1;
            var bestValue = minSimilarity;
            for (var l = from; l <= to; l++)
            {
                var s = similarity[l - from];
                if (s < bestValue || (best >= 0 && s == bestValue)) continue;
                var far = true;
                for (var r = 0; r < count && far; r++) far = Math.Abs(l - picked[r]) >= Math.Max(1, minDistance);
                if (!far) continue;
                best = l;
                bestValue = s;
            }
            if (best < 0) break;
            picked[count++] = best;
        }
        return count;
    }

    private static float Median(Span<float> values)
    {
        // Insertion sort: at most 64 values.
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            var k = i - 1;
            while (k >= 0 && values[k] > v) { values[k + 1] = values[k]; k--; }
            values[k + 1] = v;
        }
        var n = values.Length;
        return (n & 1) == 1 ? values[n / 2] : 0.5f * (values[(n / 2) - 1] + values[n / 2]);
    }
}
