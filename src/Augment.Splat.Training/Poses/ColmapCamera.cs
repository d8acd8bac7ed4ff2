namespace Augment.Splat.Training;

/// <summary>One camera (intrinsics) of a COLMAP model: a line of cameras.txt or a record of cameras.bin.</summary>
public sealed class ColmapCamera
{
    /// <summary>Creates a camera, checking the parameter count against the model.</summary>
    /// <exception cref="ArgumentException">The parameter count does not match the model, or a size is not positive.</exception>
    public ColmapCamera(int id, ColmapCameraModel model, long width, long height, IReadOnlyList<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var expected = ColmapCameraModels.ParameterCount(model);
        if (parameters.Count != expected)
            throw new ArgumentException($"camera {id}: model {ColmapCameraModels.Name(model)} takes {expected} parameters, not {parameters.Count}.", nameof(parameters));
        Id = id;
        Model = model;
        Width = width;
        Height = height;
        _parameters = [.. parameters];
    }

    private readonly double[] _parameters;

    /// <summary>Camera id (images refer to it).</summary>
    public int Id { get; }

    /// <summary>Camera model.</summary>
    public ColmapCameraModel Model { get; }

    /// <summary>Image width in pixels.</summary>
    public long Width { get; }

    /// <summary>Image height in pixels.</summary>
    public long Height { get; }

    /// <summary>The model's parameters in COLMAP's order (focal length(s), principal point, then distortion terms).</summary>
    public IReadOnlyList<double> Parameters => _parameters;

    /// <summary>Horizontal focal length in pixels.</summary>
    public double FocalX => _parameters[0];

    /// <summary>Vertical focal length in pixels (the same as <see cref="FocalX"/> for single-focal models).</summary>
    public double FocalY => ColmapCameraModels.HasSingleFocal(Model) ? _parameters[0] : _parameters[1];

    /// <summary>Principal point x in pixels (COLMAP puts pixel centres at half-integers, as <see cref="PinholeCamera"/> does).</summary>
    public double CenterX => _parameters[ColmapCameraModels.HasSingleFocal(Model) ? 1 : 2];

    /// <summary>Principal point y in pixels.</summary>
    public double CenterY => _parameters[ColmapCameraModels.HasSingleFocal(Model) ? 2 : 3];

    /// <summary>The distortion terms (empty for the pinhole models).</summary>
    public ReadOnlySpan<double> Distortion => _parameters.AsSpan(ColmapCameraModels.DistortionStart(Model));

    /// <summary>Whether two cameras hold the same values (bit for bit).</summary>
    public bool SameAs(ColmapCamera other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && Model == other.Model && Width == other.Width && Height == other.Height
            && _parameters.AsSpan().SequenceEqual(other._parameters);
    }
}
