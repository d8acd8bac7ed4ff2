namespace Augment.Audio;

/// <summary>
/// What <see cref="ConvolutionEngine"/> needs from a one-channel convolver: a block size and a zero-delay
/// block step (the output block holds the convolution at the same instants as the input block).
/// </summary>
internal interface IBlockConvolver
{
    /// <summary>Frames per <see cref="ProcessBlock"/> call.</summary>
    int BlockSizeFrames { get; }

    /// <summary>Convolves exactly one block of input into the output for the same instants.</summary>
    void ProcessBlock(ReadOnlySpan<float> input, Span<float> output);
}
