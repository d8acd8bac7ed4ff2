using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Augment;

/// <summary>
/// Chunked sound inference: cuts [channels, frames] into overlapping chunks along time
/// (<see cref="TileAxis"/>), runs them in batches through tensors over one pooled buffer, and joins
/// the outputs by windowed overlap-add with windows normalised to sum to one. Chunks past the end
/// of a short buffer (fixed-length models) are padded with silence.
/// </summary>
internal static class ChunkedAudioRunner
{
    private const string Stage = "inference";

    public static AudioBuffer Run(OnnxModel model, AudioBuffer input, ChunkOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        if (input.Frames == 0) throw new ArgumentException("The buffer has no frames.", nameof(input));
        var inInfo = model.ResolveInput(options.InputName, nameof(OnnxModel.RunChunked));
        var outInfo = model.ResolveOutput(options.OutputName);
        model.RequireFloat(inInfo, 3, "input", "RunChunked feeds float [batch, channels, frames] sound");
        model.RequireFloat(outInfo, 3, "output", "RunChunked reads float [batch, channels, frames] sound");
        var channelDim = inInfo.Dims[1];
        if (channelDim.IsFixed && channelDim.Size != input.Channels)
            throw new ModelSignatureException($"Model '{model.Source}': input '{inInfo.Name}' takes {channelDim.Size} channels; the buffer has {input.Channels}.");

        var timeDim = inInfo.Dims[2];
        if (timeDim.IsFixed && timeDim.Size is < 1 or > int.MaxValue)
            throw new ModelSignatureException($"Model '{model.Source}': dimension 2 of input '{inInfo.Name}' is fixed at {timeDim.Size}.");
        var axis = timeDim.IsFixed
            ? new TileAxis(input.Frames, (int)timeDim.Size, options.OverlapFrames, fixedLength: true)
            : new TileAxis(input.Frames, options.ChunkFrames, options.OverlapFrames, fixedLength: false);
        var chunks = axis.Count;
        var batchDim = inInfo.Dims[0];
        var fixedBatch = batchDim.IsFixed;
        var batch = fixedBatch ? (int)Math.Min(batchDim.Size, int.MaxValue) : Math.Min(options.BatchSize, chunks);
        if (batch < 1)
            throw new ModelSignatureException($"Model '{model.Source}': input '{inInfo.Name}' has a fixed batch of {batchDim.Size}.");

        var channels = input.Channels;
        var chunkLength = axis.TileLength;
        var chunkElements = channels * chunkLength;
        using var inBuffer = new PooledFloats((long)batch * chunkElements, input.Budget, $"A batch of {batch} chunks of {chunkLength} frames", clear: false);
        string[] inNames = [inInfo.Name];
        string[] outNames = [outInfo.Name];
        var counter = new ProgressCounter(progress, Stage, chunks);
        counter.Start();

        AudioBuffer? output = null;
        PooledFloats? outBuffer = null;
        float[] weights = [];
        int outChannels = 0, outLength = 0, scale = 1;
        try
        {
            for (var first = 0; first < chunks; first += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batch, chunks - first);
                var runBatch = fixedBatch ? batch : count;
                for (var b = 0; b < runBatch; b++)
                {
                    var slot = inBuffer.Span.Slice(b * chunkElements, chunkElements);
                    if (b >= count)
                    {
                        slot.Clear();
                        continue;
                    }
                    var start = axis.Positions[first + b];
                    for (var c = 0; c < channels; c++)
                    {
                        // A chunk is a one-row tile; silence pads a fixed-length model past the end.
                        TileKernels.CopyTileIn(input.Channel(c), input.Frames, 1, start, 0, chunkLength, 1,
                            slot.Slice(c * chunkLength, chunkLength), replicateEdges: false);
                    }
                }

                using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                    inBuffer.Memory[..(runBatch * chunkElements)], [runBatch, channels, chunkLength]);
                if (output is null)
                {
                    using var results = model.RunCore(inNames, [inValue], outNames, cancellationToken);
                    var shape = results[0].GetTensorTypeAndShape().Shape;
                    if (shape.Length != 3 || shape[0] != runBatch || shape[1] is < 1 or > AudioBuffer.MaxChannels
                        || shape[2] < chunkLength || shape[2] % chunkLength != 0 || shape[2] / chunkLength > 64)
                        throw new ModelSignatureException($"Model '{model.Source}': output '{outInfo.Name}' has shape [{string.Join(", ", shape)}] for {runBatch} chunks of {chunkLength} frames; RunChunked needs [{runBatch}, 1..{AudioBuffer.MaxChannels}, a whole multiple of {chunkLength}].");
                    outChannels = (int)shape[1];
                    outLength = (int)shape[2];
                    scale = outLength / chunkLength;
                    output = CreateOutput(input, outChannels, scale, batch, chunkElements, outLength, chunks);
                    outBuffer = new PooledFloats((long)batch * outChannels * outLength, input.Budget, "A batch of chunk outputs", clear: false);
                    weights = axis.BuildWeights(scale, options.Blend);
                    Accumulate(results[0].GetTensorDataAsSpan<float>(), first, count, axis, scale, outChannels, outLength, weights, output, counter);
                }
                else
                {
                    using var outValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
                        outBuffer!.Memory[..(runBatch * outChannels * outLength)], [runBatch, outChannels, outLength]);
                    model.RunCore(inNames, [inValue], outNames, [outValue], cancellationToken);
                    Accumulate(outBuffer.Span, first, count, axis, scale, outChannels, outLength, weights, output, counter);
                }
            }
            return output!;
        }
        catch
        {
            output?.Dispose();
            throw;
        }
        finally
        {
            outBuffer?.Dispose();
        }
    }

    private static AudioBuffer CreateOutput(AudioBuffer input, int channels, int scale, int batch, int chunkElements, int outLength, int chunks)
    {
        var frames = (long)input.Frames * scale;
        var rate = (long)input.SampleRate * scale;
        if (frames > int.MaxValue || rate > int.MaxValue)
            throw new ResourceLimitException($"A x{scale} output of {input.Frames} frames would be {frames} frames at {rate} Hz, more than a buffer holds.");
        var bytes = (frames * channels + (long)batch * (chunkElements + (long)channels * outLength)) * sizeof(float);
        input.Budget.EnsureAllocation(bytes, $"Chunked inference of {input.Frames} frames into {frames}x{channels} ({chunks} chunks)");
        return AudioBuffer.Create(channels, (int)frames, (int)rate, input.Budget);
    }

    private static void Accumulate(ReadOnlySpan<float> results, int first, int count, TileAxis axis, int scale, int channels, int outLength, float[] weights, AudioBuffer output, ProgressCounter counter)
    {
        var valid = axis.ValidLength * scale;
        for (var b = 0; b < count; b++)
        {
            var chunk = first + b;
            var window = weights.AsSpan(chunk * valid, valid);
            var start = axis.Positions[chunk] * scale;
            var slot = results.Slice(b * channels * outLength, channels * outLength);
            for (var c = 0; c < channels; c++)
            {
                var destination = output.Channel(c).Slice(start, valid);
                TensorPrimitives.MultiplyAdd(slot.Slice(c * outLength, valid), window, destination, destination);
            }
            counter.Step();
        }
    }
}
