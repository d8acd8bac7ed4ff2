namespace Augment.Provenance.Watermarks;

/// <summary>
/// The STFT of <see cref="AudioWatermarkLayout"/> at one sample rate: frame <c>i</c> starts at
/// <c>round(i * rate * HopSeconds) - HopSamples</c> (so that frame 0 is centred on sample 0 and every sample is covered
/// by two frames), is <see cref="WindowLength"/> samples long and is weighted by a sine window; band edges are fixed
/// in hertz. Rounding frame starts from the exact hop keeps frames on the same time grid at rates where 20 ms is
/// not a whole number of samples, instead of drifting.
/// </summary>
internal sealed class AudioWatermarkGrid
{
    public AudioWatermarkGrid(int sampleRate)
    {
        SampleRate = sampleRate;
        ExactHop = sampleRate * AudioWatermarkLayout.HopSeconds;
        HopSamples = (int)Math.Round(ExactHop);
        WindowLength = 2 * HopSamples;
        Plan = RealFftPlan.Create(WindowLength);
        Window = new float[WindowLength];
        for (var n = 0; n < WindowLength; n++)
            Window[n] = (float)Math.Sin(Math.PI * (n + 0.5) / WindowLength);
        BandEdges = new int[AudioWatermarkLayout.Bands + 1];
        for (var b = 0; b <= AudioWatermarkLayout.Bands; b++)
        {
            var hz = AudioWatermarkLayout.LowHz + ((AudioWatermarkLayout.HighHz - AudioWatermarkLayout.LowHz) * b / AudioWatermarkLayout.Bands);
            BandEdges[b] = (int)Math.Round(hz * WindowLength / sampleRate);
        }
    }

    public int SampleRate { get; }

    /// <summary>Hop in samples before rounding.</summary>
    public double ExactHop { get; }

    /// <summary>Nominal hop in samples.</summary>
    public int HopSamples { get; }

    /// <summary>Frame length in samples (two hops).</summary>
    public int WindowLength { get; }

    public RealFftPlan Plan { get; }

    /// <summary>The analysis and synthesis window: sin(pi (n + 1/2) / N), whose squares overlap-add to 1 at half overlap.</summary>
    public float[] Window { get; }

    /// <summary>FFT bin where band b starts is BandEdges[b]; it ends before BandEdges[b + 1].</summary>
    public int[] BandEdges { get; }

    /// <summary>First sample of frame <paramref name="frame"/> (negative for the first frame: samples before 0 are silence).</summary>
    public long FrameStart(long frame) => (long)Math.Round(frame * ExactHop) - HopSamples;

    /// <summary>Frames needed to cover <paramref name="samples"/> samples with two frames each.</summary>
    public long FrameCount(long samples) => (long)Math.Ceiling((samples + HopSamples) / ExactHop) + 1;
}
