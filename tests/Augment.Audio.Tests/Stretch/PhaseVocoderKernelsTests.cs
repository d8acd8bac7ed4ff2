namespace Augment.Audio.Tests.Stretch;

public sealed class PhaseVocoderKernelsTests
{
    [Fact]
    public void Vectorised_polar_and_rotation_match_the_scalar_references_on_random_spectra()
    {
        const int n = 1025;
        var random = new Random(7);
        float[] re = new float[n], im = new float[n], rot = new float[n], gain = new float[n];
        for (var i = 0; i < n; i++)
        {
            re[i] = (float)((random.NextDouble() * 2) - 1);
            im[i] = (float)((random.NextDouble() * 2) - 1);
            rot[i] = (float)((random.NextDouble() * 2 * Math.PI) - Math.PI);
            gain[i] = (float)(random.NextDouble() * 3);
        }
        float[] m1 = new float[n], p1 = new float[n], m2 = new float[n], p2 = new float[n];
        PhaseVocoderKernels.ToPolar(re, im, m1, p1);
        PhaseVocoderKernels.ToPolarScalar(re, im, m2, p2);
        float[] r1 = new float[n], i1 = new float[n], r2 = new float[n], i2 = new float[n], s = new float[n], c = new float[n];
        PhaseVocoderKernels.Rotate(re, im, rot, gain, s, c, r1, i1);
        PhaseVocoderKernels.RotateScalar(re, im, rot, gain, r2, i2);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(m2[i], m1[i], 1e-5f);
            Assert.Equal(p2[i], p1[i], 1e-5f);
            Assert.Equal(r2[i], r1[i], 1e-5f);
            Assert.Equal(i2[i], i1[i], 1e-5f);
        }
    }

    [Fact]
    public void Peaks_are_bins_above_two_neighbours_each_side()
    {
        float[] magnitude = [0, 1, 5, 1, 0, 2, 3, 2, 3, 0, 0, 9];
        var peaks = new int[magnitude.Length];
        var count = PhaseVocoderKernels.FindPeaks(magnitude, 0.5f, peaks);
        // Of the equal values at 6 and 8 the first is the peak (ties to the right do not disqualify, ties to the
        // left do); 11 is the last bin, above both left neighbours; bin 0 is below the floor.
        Assert.Equal([2, 6, 11], peaks[..count]);
    }

    [Fact]
    public void Identity_locking_keeps_the_analysis_phase_differences_inside_a_peak_region()
    {
        const int n = 64, bins = 33;
        float[] magnitude = new float[bins], phase = new float[bins], previous = new float[bins], theta = new float[bins];
        magnitude[10] = 1; magnitude[9] = 0.5f; magnitude[11] = 0.5f;
        var random = new Random(3);
        for (var b = 0; b < bins; b++) { phase[b] = (float)(random.NextDouble() * 2 - 1); previous[b] = (float)(random.NextDouble() * 2 - 1); theta[b] = (float)(random.NextDouble() * 2 - 1); }
        var thetaPeak = theta[10];
        PhaseVocoderKernels.Propagate(phase, previous, theta, magnitude, 8, 16, n, PhaseLocking.Identity, new int[bins]);
        // The peak advances by its instantaneous frequency times the synthesis hop (hand-computed).
        var omega = 2 * Math.PI * 10 / n;
        var deviation = PhaseVocoderKernels.PrincipalArgument(phase[10] - previous[10] - (omega * 8));
        var expected = PhaseVocoderKernels.PrincipalArgument(thetaPeak + (omega * 16) + (deviation * 2));
        Assert.Equal(expected, theta[10], 1e-5);
        Assert.Equal(PhaseVocoderKernels.PrincipalArgument(phase[9] - phase[10]), PhaseVocoderKernels.PrincipalArgument(theta[9] - theta[10]), 1e-5);
        Assert.Equal(PhaseVocoderKernels.PrincipalArgument(phase[30] - phase[10]), PhaseVocoderKernels.PrincipalArgument(theta[30] - theta[10]), 1e-5);
    }
}
