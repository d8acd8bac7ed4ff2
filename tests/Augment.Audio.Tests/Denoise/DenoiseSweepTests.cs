using System.Globalization;
using static Augment.Audio.Tests.Denoise.SpeechLikeSignals;

namespace Augment.Audio.Tests.Denoise;

/// <summary>
/// Explicit (not run by default): prints the evaluation means for a grid of settings, for tuning. AUG_SWEEP picks the
/// grid: a (tracking × rule × reduction, the default), b (SPP tracking: q × α × smoothing), d (α and reduction for
/// log-MMSE and OM-LSA), e (OM-LSA: q × α × reduction), f (defaults: frequency smoothing × minimum-statistics window). Run with <c>-method "*Sweep*" -explicit only</c>.
/// </summary>
public class DenoiseSweepTests
{
    [Fact(Explicit = true)]
    public void Sweep_settings_over_the_evaluation_set()
    {
        var grid = new List<NoiseReducerOptions>();
        var sweep = Environment.GetEnvironmentVariable("AUG_SWEEP") ?? "a";
        foreach (var tracking in new[] { NoiseTracking.MinimumStatistics, NoiseTracking.SpeechPresence })
            foreach (var gain in new[] { NoiseReductionGain.LogMmse, NoiseReductionGain.OmLsa })
                foreach (var reduction in new[] { 12.0, 20.0 })
                    grid.Add(new NoiseReducerOptions { ReductionDb = reduction, NoiseTracking = tracking, Gain = gain });
        if (sweep == "b")
        {
            grid.Clear();
            foreach (var q in new[] { 0.2, 0.35, 0.5, 0.7 })
                foreach (var alpha in new[] { 0.92, 0.98 })
                    foreach (var smoothing in new[] { 0.0, 0.5 })
                        grid.Add(new NoiseReducerOptions { ReductionDb = 20, NoiseTracking = NoiseTracking.SpeechPresence, Gain = NoiseReductionGain.OmLsa, SpeechAbsencePrior = q, DecisionDirectedAlpha = alpha, FrequencySmoothing = smoothing });
        }
        if (sweep == "d")
        {
            grid.Clear();
            foreach (var gain in new[] { NoiseReductionGain.LogMmse, NoiseReductionGain.OmLsa })
                foreach (var alpha in new[] { 0.9, 0.95 })
                    foreach (var reduction in new[] { 12.0, 20.0 })
                        grid.Add(new NoiseReducerOptions { ReductionDb = reduction, Gain = gain, DecisionDirectedAlpha = alpha });
        }
        if (sweep == "e")
        {
            grid.Clear();
            foreach (var q in new[] { 0.3, 0.5 })
                foreach (var alpha in new[] { 0.8, 0.85, 0.9 })
                    foreach (var reduction in new[] { 20.0, 25.0 })
                        grid.Add(new NoiseReducerOptions { ReductionDb = reduction, Gain = NoiseReductionGain.OmLsa, DecisionDirectedAlpha = alpha, SpeechAbsencePrior = q });
        }
        if (sweep == "f")
        {
            grid.Clear();
            foreach (var smoothing in new[] { 0.0, 0.5, 1.0 })
                foreach (var window in new[] { 1.0, 1.5, 2.5 })
                    grid.Add(new NoiseReducerOptions { FrequencySmoothing = smoothing, MinimumStatisticsWindow = TimeSpan.FromSeconds(window) });
        }
        foreach (var options in grid)
        {
            var reducer = new NoiseReducer(options);
            var result = DenoiseEvaluationSet.Evaluate(x =>
            {
                using var input = Buffer(DenoiseEvaluationSet.Rate, x);
                using var output = reducer.Process(input);
                return output.Channel(0).ToArray();
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.ReductionDb} dB {options.NoiseTracking} {options.Gain} q={options.SpeechAbsencePrior} a={options.DecisionDirectedAlpha} s={options.FrequencySmoothing} w={options.MinimumStatisticsWindow.TotalSeconds}: white {result.MeanImprovement(noise: "white"):0.00} pink {result.MeanImprovement(noise: "pink"):0.00} babble {result.MeanImprovement(noise: "babble"):0.00} cafe {result.MeanImprovement(noise: "cafe"):0.00} espeak {result.MeanImprovement(speech: "espeak"):0.00} all {result.MeanImprovement():0.00}"));
        }
    }
}
