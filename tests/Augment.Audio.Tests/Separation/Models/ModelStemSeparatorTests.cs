using static Augment.Audio.Tests.Separation.Models.TinySeparationModels;

namespace Augment.Audio.Tests.Separation.Models;

public class ModelStemSeparatorTests
{
    [Fact]
    public void Load_picks_the_runner_from_the_input_rank_and_owns_the_model()
    {
        SkipWithoutNativeRuntime();
        var folder = Directory.CreateTempSubdirectory("stem-models-").FullName;
        try
        {
            var waveformPath = Path.Combine(folder, "demucs-like.onnx");
            WaveformFirGraph([[0.5f], [0.5f]]).Save(waveformPath);
            using (var waveform = ModelStemSeparator.Load(waveformPath, ["music", "voice"]))
            {
                Assert.IsType<WaveformSeparator>(waveform);
                Assert.Equal(["music", "voice"], waveform.StemNames);
                using var mix = Noise(2, 44100, 44100, seed: 1);
                using var stems = waveform.Separate(mix, cancellationToken: TestContext.Current.CancellationToken);
                using var sum = stems.Sum();
                Assert.True(MaxAbsDifference(mix.Data, sum.Data) < 1e-5);
            }

            var spectrogramPath = Path.Combine(folder, "umx-like.onnx");
            var half = new float[1025];
            Array.Fill(half, 0.5f);
            SpectrogramMasksGraph([half, half], 1025).Save(spectrogramPath);
            using var spectrogram = ModelStemSeparator.Load(spectrogramPath, ["a", "b"], modelSampleRateHz: 22050);
            var runner = Assert.IsType<SpectrogramSeparator>(spectrogram);
            // The STFT follows the model's fixed bin axis: 1025 bins = 2048-point frames, hop 512.
            Assert.Equal((2048, 512, 22050), (runner.Options.FftLength, runner.Options.HopLength, runner.Options.ModelSampleRateHz));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_refuses_a_model_of_another_rank_naming_it()
    {
        SkipWithoutNativeRuntime();
        var path = Path.Combine(Path.GetTempPath(), $"rank2-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxGraphBuilder.Multiply(1f, rank: 2).Save(path);
            var error = Assert.Throws<ModelSignatureException>(() => ModelStemSeparator.Load(path));
            Assert.Contains("rank 2", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
