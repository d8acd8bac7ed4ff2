using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// The common path of the model-free separators: per channel, STFT → magnitude → soft masks (one per stem but the
/// last) → masked spectrogram → inverse STFT. The last stem gets the complement of the others' masks, so the stems
/// sum back to the mix (the inverse STFT is linear and reconstructs perfectly for the window/hop pairs allowed).
/// </summary>
internal static class SpectralMasking
{
    /// <summary>Computes masks from a frame-major magnitude (frames × bins); returns <c>stems − 1</c> arrays of the same layout, each in [0, 1].</summary>
    internal delegate float[][] MaskFunction(float[] magnitude, int frames, int bins, int channel);

    internal static StemSet Separate(AudioBuffer mix, StftOptions stft, IReadOnlyList<string> names, ComputeBudget budget, long extraBytesPerCell,
        MaskFunction masks, string stage, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mix);
        CheckFinite(mix);
        var transform = new Stft(stft);
        var frames = transform.FrameCount(mix.Frames);
        var bins = transform.BinCount;
        // re, im, magnitude, scratch spectrum, plus what the method keeps per cell.
        budget.EnsureAllocation(((long)frames * bins * (16 + extraBytesPerCell)) + ((long)names.Count * mix.Data.Length * sizeof(float)), $"{stage} of {mix}");
        var stems = new AudioBuffer[names.Count];
        for (var s = 0; s < stems.Length; s++) stems[s] = AudioBuffer.Create(mix.Channels, mix.Frames, mix.SampleRate, mix.Budget);
        try
        {
            var cells = frames * bins;
            var re = GC.AllocateUninitializedArray<float>(cells);
            var im = GC.AllocateUninitializedArray<float>(cells);
            var magnitude = GC.AllocateUninitializedArray<float>(cells);
            for (var c = 0; c < mix.Channels; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new AugmentProgress($"{stage}: channel {c + 1} of {mix.Channels}", (double)c / mix.Channels));
                transform.Forward(mix.Channel(c), re, im);
                Magnitude(re, im, magnitude);
                var stemMasks = masks(magnitude, frames, bins, c);
                cancellationToken.ThrowIfCancellationRequested();
                // The last stem's mask is what the others leave: 1 − Σ masks (kept in `magnitude`, no longer needed).
                var rest = magnitude.AsSpan(0, cells);
                rest.Fill(1f);
                for (var s = 0; s < stemMasks.Length; s++) TensorPrimitives.Subtract(rest, stemMasks[s].AsSpan(0, cells), rest);
                TensorPrimitives.Max(rest, 0f, rest);
                ApplyAndInvert(transform, re, im, budget, stemMasks, rest, stems, c, cells, cancellationToken);
            }
            progress?.Report(new AugmentProgress(stage, 1));
            return new StemSet(names, stems);
        }
        catch
        {
            foreach (var s in stems) s.Dispose();
            throw;
        }
    }

    private static void ApplyAndInvert(Stft transform, float[] re, float[] im, ComputeBudget budget, float[][] masks, Span<float> rest, AudioBuffer[] stems, int channel, int cells, CancellationToken cancellationToken)
    {
        var mr = System.Buffers.ArrayPool<float>.Shared.Rent(cells);
        var mi = System.Buffers.ArrayPool<float>.Shared.Rent(cells);
        try
        {
            for (var s = 0; s < stems.Length; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<float> mask = s < masks.Length ? masks[s].AsSpan(0, cells) : rest;
                TensorPrimitives.Multiply(re.AsSpan(0, cells), mask, mr.AsSpan(0, cells));
                TensorPrimitives.Multiply(im.AsSpan(0, cells), mask, mi.AsSpan(0, cells));
                transform.Inverse(mr.AsSpan(0, cells), mi.AsSpan(0, cells), stems[s].Channel(channel));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(mr);
            System.Buffers.ArrayPool<float>.Shared.Return(mi);
        }
        _ = budget;
    }

    internal static void Magnitude(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> magnitude)
    {
        TensorPrimitives.Multiply(re, re, magnitude);
        TensorPrimitives.MultiplyAdd(im, im, magnitude, magnitude);
        TensorPrimitives.Sqrt(magnitude, magnitude);
    }

    internal static void CheckFinite(AudioBuffer mix)
    {
        for (var c = 0; c < mix.Channels; c++)
        {
            var x = mix.Channel(c);
            for (var t = 0; t < x.Length; t++)
                if (!float.IsFinite(x[t])) throw new InvalidMediaException($"The mix holds a non-finite sample ({x[t]}) in channel {c} at frame {t}; separation needs finite samples.");
        }
    }

    /// <summary>Cache-blocked transpose of a rows × cols matrix into cols × rows.</summary>
    internal static void Transpose(ReadOnlySpan<float> source, int rows, int cols, Span<float> destination)
    {
        const int Block = 32;
        for (var r0 = 0; r0 < rows; r0 += Block)
        {
            var r1 = Math.Min(rows, r0 + Block);
            for (var c0 = 0; c0 < cols; c0 += Block)
            {
                var c1 = Math.Min(cols, c0 + Block);
                for (var r = r0; r < r1; r++)
                    for (var c = c0; c < c1; c++)
                        destination[(c * rows) + r] = source[(r * cols) + c];
            }
        }
    }

    /// <summary>
    /// Soft (Wiener-like) mask X^p / (X^p + Y^p), written as 1 / (1 + (Y/X)^p) so large magnitudes cannot overflow.
    /// Where both are zero the mask is ½: the stems then split the (zero-energy) cell evenly and still sum to the mix.
    /// </summary>
    internal static float SoftMask(float x, float y, float power)
    {
        if (x <= 0f) return y <= 0f ? 0.5f : 0f;
        if (y <= 0f) return 1f;
        var r = y / x;
        var rp = power == 2f ? r * r : power == 1f ? r : MathF.Pow(r, power);
        return 1f / (1f + rp);
    }
}
