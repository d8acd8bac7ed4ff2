namespace Augment.Vision;

/// <summary>Two hashes within the threshold of each other: indices into the list given, <see cref="First"/> &lt; <see cref="Second"/>.</summary>
/// <param name="First">The smaller index.</param>
/// <param name="Second">The larger index.</param>
/// <param name="Distance">Their Hamming distance in bits (0..64).</param>
public readonly record struct NearDuplicatePair(int First, int Second, int Distance);
