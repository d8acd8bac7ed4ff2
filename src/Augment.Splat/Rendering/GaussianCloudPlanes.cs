namespace Augment.Splat;

/// <summary>Where <see cref="GaussianCloud.Planes"/> keeps each attribute, for kernels that index the plane table directly.</summary>
internal static class GaussianCloudPlanes
{
    /// <summary>First rest-coefficient plane (after position, scale, rotation, opacity and DC).</summary>
    public const int FirstRest = 14;

    /// <summary>Plane index of rest coefficient <paramref name="coefficient"/> of <paramref name="channel"/> in a cloud with <paramref name="restCount"/> per channel.</summary>
    public static int Rest(int channel, int coefficient, int restCount) => FirstRest + (channel * restCount) + coefficient;
}
