namespace Augment.Splat.Training;

/// <summary>The scalars of one Adam step for one plane: its learning rate, the decay rates and the bias corrections 1-βᵗ.</summary>
internal readonly record struct AdamStep(float LearningRate, float Beta1, float Beta2, float Epsilon, float FirstCorrection, float SecondCorrection)
{
    /// <summary>The step for update number <paramref name="step"/> (1-based).</summary>
    public static AdamStep For(float learningRate, AdamOptions options, long step) =>
        new(learningRate, options.Beta1, options.Beta2, options.Epsilon,
            (float)(1 - Math.Pow(options.Beta1, step)), (float)(1 - Math.Pow(options.Beta2, step)));
}
