using System.Runtime.Intrinsics;

namespace Augment.Vision;

/// <summary>
/// A pointwise function evaluated in double precision: <see cref="Scalar"/> is the reference,
/// <see cref="Vector"/> the SIMD form. Struct implementations let the JIT specialise
/// <see cref="TransferKernels.Apply{TFunction}"/> per function without virtual calls.
/// </summary>
internal interface IDoubleFunction
{
    /// <summary>The reference value of the function at <paramref name="x"/>.</summary>
    double Scalar(double x);

    /// <summary>The function on four lanes; matches <see cref="Scalar"/> to within a few double ulps.</summary>
    Vector256<double> Vector(Vector256<double> x);
}
