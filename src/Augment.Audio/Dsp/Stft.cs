using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// Short-time Fourier transform and its inverse for whole signals, plus the per-frame steps that a
/// streaming caller (<see cref="StreamingStft"/>) builds on. Spectrograms are frame-major: frame f
/// occupies values [f·BinCount, (f+1)·BinCount) of the real and imaginary arrays.
/// <para>
/// The inverse windows each inverse-transformed frame again, overlap-adds, and divides by the sum
/// of squared windows under each sample (the least-squares ISTFT of Griffin and Lim 1984). For
/// window/hop pairs whose squared windows sum to a constant (periodic Hann at hop N/4, sqrt-Hann
/// at N/2, ...) that divisor is that constant; samples with no window coverage (the ends of an
/// uncentred transform) come back as zero. Instances are immutable and thread-safe.
/// </para>
/// </summary>
public sealed class Stft
{
    private readonly float[] _window;
    private readonly RealFftPlan _plan;

    /// <summary>Creates a transform with the given settings.</summary>
    /// <param name="options">Frame length, hop, window and centring; <see cref="StftOptions"/> defaults when null.</param>
    public Stft(StftOptions? options = null)
    {
        Options = options ?? new StftOptions();
        Options.Validate();
        _window = WindowFunctions.Create(Options.Window, Options.FftLength);
        _plan = RealFftPlan.Create(Options.FftLength);
    }

    /// <summary>The settings.</summary>
    public StftOptions Options { get; }

    /// <summary>Bins per frame: FftLength/2 + 1.</summary>
    public int BinCount => Options.BinCount;

    /// <summary>The analysis (and synthesis) window.</summary>
    public ReadOnlySpan<float> Window => _window;

    /// <summary>Number of frames for a signal of <paramref name="sampleCount"/> samples.</summary>
    /// <param name="sampleCount">Signal length in samples.</param>
    public int FrameCount(int sampleCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (Options.Center)
            return 1 + (sampleCount / Options.HopLength);
        return sampleCount < Options.FftLength ? 0 : 1 + ((sampleCount - Options.FftLength) / Options.HopLength);
    }

    /// <summary>The spectrogram of a signal.</summary>
    /// <param name="signal">The samples.</param>
    /// <param name="real">Receives FrameCount·BinCount real parts, frame-major.</param>
    /// <param name="imag">Receives FrameCount·BinCount imaginary parts, frame-major.</param>
    public void Forward(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag)
    {
        var frames = FrameCount(signal.Length);
        var bins = BinCount;
        CheckSpectrogram(real, imag, frames * bins);
        var n = Options.FftLength;
        var rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var frame = rented.AsSpan(0, n);
            for (var f = 0; f < frames; f++)
            {
                var start = FrameStart(f);
                // Copy the part of the frame inside the signal; zeros stand for the padding.
                frame.Clear();
                int from = Math.Max(0, start), to = Math.Min(signal.Length, start + n);
                if (to > from)
                    signal[from..to].CopyTo(frame[(from - start)..]);
                AnalyzeFrame(frame, real.Slice(f * bins, bins), imag.Slice(f * bins, bins));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The signal whose spectrogram is given (least-squares overlap-add).</summary>
    /// <param name="real">Real parts, frame-major, a whole number of frames.</param>
    /// <param name="imag">Imaginary parts, same length.</param>
    /// <param name="signal">Receives the samples; its length is the signal length to rebuild.</param>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> signal)
    {
        var bins = BinCount;
        if (real.Length % bins != 0 || imag.Length != real.Length)
            throw new ArgumentException($"The spectrogram must hold a whole number of {bins}-bin frames in both arrays (got {real.Length} and {imag.Length}).", nameof(real));
        var frames = real.Length / bins;
        var n = Options.FftLength;
        var rented = ArrayPool<float>.Shared.Rent(n + signal.Length);
        try
        {
            var frame = rented.AsSpan(0, n);
            var weight = rented.AsSpan(n, signal.Length);
            signal.Clear();
            weight.Clear();
            for (var f = 0; f < frames; f++)
            {
                SynthesizeFrame(real.Slice(f * bins, bins), imag.Slice(f * bins, bins), frame);
                var start = FrameStart(f);
                int from = Math.Max(0, start), to = Math.Min(signal.Length, start + n);
                for (var t = from; t < to; t++)
                {
                    var w = _window[t - start];
                    signal[t] += frame[t - start];
                    weight[t] += w * w;
                }
            }
            // Divide by the window-square sum; below a tiny floor the sample has no coverage.
            var floor = 1e-8f * MaxSquareSum();
            for (var t = 0; t < signal.Length; t++)
                signal[t] = weight[t] > floor ? signal[t] / weight[t] : 0f;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Windows one frame and transforms it.</summary>
    /// <param name="frame">FftLength samples (not modified).</param>
    /// <param name="real">Receives BinCount real parts.</param>
    /// <param name="imag">Receives BinCount imaginary parts.</param>
    public void AnalyzeFrame(ReadOnlySpan<float> frame, Span<float> real, Span<float> imag)
    {
        var n = Options.FftLength;
        if (frame.Length != n)
            throw new ArgumentException($"A frame holds {n} samples (got {frame.Length}).", nameof(frame));
        var rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var windowed = rented.AsSpan(0, n);
            System.Numerics.Tensors.TensorPrimitives.Multiply(frame, _window, windowed);
            _plan.Forward(windowed, real, imag);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Inverse-transforms one frame and applies the synthesis window; the caller overlap-adds the
    /// result and divides by the window-square sum (see <see cref="WindowSquareSum"/>).
    /// </summary>
    /// <param name="real">BinCount real parts.</param>
    /// <param name="imag">BinCount imaginary parts.</param>
    /// <param name="frame">Receives FftLength windowed samples.</param>
    public void SynthesizeFrame(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> frame)
    {
        if (frame.Length != Options.FftLength)
            throw new ArgumentException($"A frame holds {Options.FftLength} samples (got {frame.Length}).", nameof(frame));
        _plan.Inverse(real, imag, frame);
        System.Numerics.Tensors.TensorPrimitives.Multiply(frame, _window, frame);
    }

    /// <summary>
    /// The steady-state sum of squared windows at each of the <see cref="StftOptions.HopLength"/>
    /// phases: Σ_j w²[i + j·hop] for i in 0..hop−1. Constant for window/hop pairs that satisfy the
    /// (squared) constant-overlap-add condition.
    /// </summary>
    /// <param name="destination">Receives HopLength values.</param>
    public void WindowSquareSum(Span<float> destination)
    {
        var hop = Options.HopLength;
        if (destination.Length != hop)
            throw new ArgumentException($"The destination holds {hop} values, one per hop phase (got {destination.Length}).", nameof(destination));
        for (var i = 0; i < hop; i++)
        {
            double sum = 0;
            for (var t = i; t < _window.Length; t += hop)
                sum += _window[t] * (double)_window[t];
            destination[i] = (float)sum;
        }
    }

    private int FrameStart(int frame) => (frame * Options.HopLength) - (Options.Center ? Options.FftLength / 2 : 0);

    private float MaxSquareSum()
    {
        float max = 0;
        foreach (var w in _window)
            max = Math.Max(max, w * w);
        return max;
    }

    private static void CheckSpectrogram(Span<float> real, Span<float> imag, int length)
    {
        if (real.Length != length)
            throw new ArgumentException($"The real array must hold {length} values (frames × bins), not {real.Length}.", nameof(real));
        if (imag.Length != length)
            throw new ArgumentException($"The imaginary array must hold {length} values (frames × bins), not {imag.Length}.", nameof(imag));
    }
}
