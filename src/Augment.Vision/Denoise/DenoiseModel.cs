namespace Augment.Vision;

/// <summary>
/// The learned-denoiser path: a same-size float NCHW model, [1, C, H, W] in 0..1 to the same shape in 0..1, run
/// through <see cref="OnnxModel.RunTiled"/> with overlap. Alpha is set aside and copied back.
/// </summary>
internal static class DenoiseModel
{
    public static ImageFrame Run(ImageFrame frame, DenoiseOptions options, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var model = options.Model!;
        var colours = frame.ColorChannels;
        if (model.Inputs.Count != 1)
            throw new ModelSignatureException(
                $"A denoising model needs one float input [1, {colours}, H, W]; '{model.Source}' has {model.Inputs.Count} inputs ({string.Join("; ", model.Inputs)}). Noise-level-map inputs are not supported yet.");
        var input = model.Inputs[0];
        if (input.Rank != 4 || input.ElementType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float || (input.Dims[1].IsFixed && input.Dims[1].Size != colours))
            throw new ModelSignatureException(
                $"A denoising model needs a float input [1, {colours}, H, W] for this {frame.Width}x{frame.Height}x{colours} image; '{model.Source}' takes {input}.");
        using var colour = frame.HasAlpha ? CopyColour(frame) : null;
        var result = model.RunTiled(colour ?? frame, options.ModelTiles, progress, cancellationToken);
        if (result.Width != frame.Width || result.Height != frame.Height || result.ColorChannels != colours)
        {
            var shape = $"{result.Channels}, {result.Height}, {result.Width}";
            result.Dispose();
            throw new ModelSignatureException(
                $"A denoising model must return the input's shape [1, {colours}, {frame.Height}, {frame.Width}]; '{model.Source}' returned [1, {shape}].");
        }
        if (!frame.HasAlpha)
            return result;
        using (result)
        {
            var output = ImageFrame.CreateLike(frame);
            result.Data.CopyTo(output.Data);
            frame.Alpha.CopyTo(output.Alpha);
            return output;
        }
    }

    private static ImageFrame CopyColour(ImageFrame frame)
    {
        var colour = ImageFrame.Create(frame.Width, frame.Height, frame.ColorChannels, frame.ColorSpace, budget: frame.Budget);
        frame.Data.Slice(0, colour.Data.Length).CopyTo(colour.Data);
        return colour;
    }
}
