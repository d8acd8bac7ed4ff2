namespace Augment.Splat.Training;

/// <summary>
/// A COLMAP sparse reconstruction: cameras (intrinsics), registered images (poses and keypoints) and 3D points, read from
/// and written to COLMAP's binary (<c>*.bin</c>) or text (<c>*.txt</c>) files as documented in COLMAP's "Output format"
/// page. The model keeps the files' values as they are (doubles, ids, order); <see cref="SceneCapture"/> turns it into
/// cameras and points for training.
/// </summary>
public sealed class ColmapModel
{
    private readonly Dictionary<int, ColmapCamera> _cameras;

    /// <summary>Creates a model.</summary>
    /// <exception cref="ArgumentException">Two cameras, images or points share an id.</exception>
    public ColmapModel(IEnumerable<ColmapCamera> cameras, IEnumerable<ColmapImage> images, IEnumerable<ColmapPoint3D> points)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(points);
        _cameras = [];
        var cameraList = new List<ColmapCamera>();
        foreach (var camera in cameras)
        {
            if (!_cameras.TryAdd(camera.Id, camera))
                throw new ArgumentException($"camera id {camera.Id} appears twice.", nameof(cameras));
            cameraList.Add(camera);
        }
        Cameras = cameraList;
        Images = [.. images];
        var imageIds = new HashSet<int>();
        foreach (var image in Images)
        {
            if (!imageIds.Add(image.Id))
                throw new ArgumentException($"image id {image.Id} appears twice.", nameof(images));
        }
        Points = [.. points];
        var pointIds = new HashSet<long>();
        foreach (var point in Points)
        {
            if (!pointIds.Add(point.Id))
                throw new ArgumentException($"3D point id {point.Id} appears twice.", nameof(points));
        }
    }

    /// <summary>Cameras in file order.</summary>
    public IReadOnlyList<ColmapCamera> Cameras { get; }

    /// <summary>Registered images in file order.</summary>
    public IReadOnlyList<ColmapImage> Images { get; }

    /// <summary>3D points in file order.</summary>
    public IReadOnlyList<ColmapPoint3D> Points { get; }

    /// <summary>The camera with id <paramref name="id"/>, or null.</summary>
    public ColmapCamera? FindCamera(int id) => _cameras.GetValueOrDefault(id);

    /// <summary>
    /// Which format <paramref name="folder"/> holds: binary when cameras.bin, images.bin and points3D.bin are all there, else
    /// text when the three .txt files are, else null.
    /// </summary>
    public static ColmapModelFormat? DetectFormat(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (ColmapFiles.All(folder, ".bin"))
            return ColmapModelFormat.Binary;
        if (ColmapFiles.All(folder, ".txt"))
            return ColmapModelFormat.Text;
        return null;
    }

    /// <summary>Reads the model in <paramref name="folder"/>, binary or text (binary preferred when both are there).</summary>
    /// <exception cref="FileNotFoundException">The folder holds neither the three .bin nor the three .txt files.</exception>
    /// <exception cref="InvalidMediaException">A file is truncated, malformed or over a limit; the message names the file and offset (or line).</exception>
    public static ColmapModel Load(string folder, ColmapModelLimits? limits = null)
    {
        var format = DetectFormat(folder)
            ?? throw new FileNotFoundException($"'{folder}' holds no COLMAP model (cameras, images and points3D as .bin or .txt).", Path.Combine(folder, "cameras.bin"));
        return Load(folder, format, limits);
    }

    /// <summary>Reads the model in <paramref name="folder"/> in the given format.</summary>
    /// <exception cref="FileNotFoundException">One of the three files is missing.</exception>
    /// <exception cref="InvalidMediaException">A file is truncated, malformed or over a limit; the message names the file and offset (or line).</exception>
    public static ColmapModel Load(string folder, ColmapModelFormat format, ColmapModelLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        limits ??= ColmapModelLimits.Default;
        return format == ColmapModelFormat.Binary ? ColmapBinaryFormat.Read(folder, limits) : ColmapTextFormat.Read(folder, limits);
    }

    /// <summary>Writes the three files into <paramref name="folder"/> (created if missing), each atomically.</summary>
    public void Save(string folder, ColmapModelFormat format)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        if (format == ColmapModelFormat.Binary)
            ColmapBinaryFormat.Write(this, folder);
        else
            ColmapTextFormat.Write(this, folder);
    }

    /// <summary>Whether two models hold the same cameras, images and points in the same order, value for value.</summary>
    public bool SameAs(ColmapModel other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Cameras.Count != other.Cameras.Count || Images.Count != other.Images.Count || Points.Count != other.Points.Count)
            return false;
        for (var i = 0; i < Cameras.Count; i++)
        {
            if (!Cameras[i].SameAs(other.Cameras[i]))
                return false;
        }
        for (var i = 0; i < Images.Count; i++)
        {
            if (!Images[i].SameAs(other.Images[i]))
                return false;
        }
        for (var i = 0; i < Points.Count; i++)
        {
            if (!Points[i].SameAs(other.Points[i]))
                return false;
        }
        return true;
    }
}
