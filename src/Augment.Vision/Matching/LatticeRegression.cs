namespace Augment.Vision;

/// <summary>
/// Smooth lattice regression (after Garcia, Arora and Gupta, "Optimized regression for efficient
/// function evaluation", IEEE TIP 21(9), 2012): fits a 3D LUT L of N³ nodes over the sRGB-encoded unit
/// cube to weighted colour pairs (xᵢ → yᵢ) by minimising
/// <code>
///   Σ wᵢ ‖interp(L, xᵢ) − yᵢ‖² / Σ wᵢ  +  λ (N − 1) Σ ‖H(L − I)‖²
/// </code>
/// where interp is tetrahedral (4 of the 8 nodes around xᵢ; the brief's trilinear weights were
/// replaced so that fitting and <see cref="LutKernels"/>' tetrahedral application agree exactly; both
/// reproduce affine maps) and H stacks the discrete second differences of
/// the lattice: along r, g and b at interior nodes, plus the mixed differences (rg, rb, gb, weighted 2
/// as in the thin-plate energy) on every cell face. The mixed terms make the regulariser's null space
/// exactly the affine maps (without them it would also contain rg, rb, gb and rgb terms), so an
/// affine grade costs nothing and the fit falls back to the least-squares affine trend where there is
/// no data. The factor (N − 1) = 1/h turns Σ‖H‖² into a Riemann sum of ∫‖∇²f‖² over the cube, so λ
/// means the same at every lattice size.
/// </summary>
/// <remarks>
/// The unknown is the offset D = L − I (identity interpolates exactly, interp(I, x) = clamp(x)), so
/// the right-hand side is Σ wᵢ interp-weights · (yᵢ − clamp(xᵢ)) and the start D = 0 is the identity.
/// The three channels share the normal matrix, assembled once per level as a 33-point stencil (the
/// 3x3x3 cube plus ±2 along each axis); the three systems run in lock step through a Jacobi-
/// preconditioned conjugate gradient. Levels run coarse to fine (5, 9, 17, 33 for N = 33), each warm-
/// started from the trilinear prolongation of the coarser solution, which removes the smooth error
/// that plain CG on a fourth-order operator reduces slowly. Dot products run in a fixed order and
/// the stencil is applied over fixed blue slices, so the result does not depend on the thread count.
/// Inputs outside [0, 1] are clamped to the cube (the LUT's domain).
/// </remarks>
internal static class LatticeRegression
{
    public const int DefaultSize = 33;
    public const int MinSize = 9;
    public const int MaxSize = 65;
    public const int DefaultMaxIterations = 80;
    public const double DefaultTolerance = 1e-6;

    private const int Taps = 33;
    private const int CubeTaps = 27;
    private const int Center = 13;
    private const int RegulariserClasses = 125;
    private const int CoarsestSize = 5;

    /// <summary>Fits the LUT; see the class remarks.</summary>
    /// <param name="pairs">Weighted (from → to) pairs, sRGB-encoded.</param>
    /// <param name="size">Nodes per axis, 9..65.</param>
    /// <param name="smoothness">λ ≥ 0.</param>
    /// <param name="budget">Threads and memory for the solve.</param>
    /// <param name="cancellationToken">Checked between iterations.</param>
    /// <param name="maxIterations">CG iterations at the finest level (coarser levels may run twice as many).</param>
    /// <param name="tolerance">Relative residual ‖r‖/‖b‖ that stops a level.</param>
    public static LatticeFit Fit(ColorPairs pairs, int size, double smoothness, ComputeBudget budget, CancellationToken cancellationToken,
        int maxIterations = DefaultMaxIterations, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        if (!(smoothness >= 0) || !double.IsFinite(smoothness))
            throw new ArgumentOutOfRangeException(nameof(smoothness), smoothness, "Smoothness must be finite and non-negative.");
        var totalWeight = pairs.TotalWeight;
        if (pairs.Count == 0 || !(totalWeight > 0))
            throw new ArgumentException("Lattice regression needs at least one colour pair with positive weight.", nameof(pairs));

        var sizes = new List<int> { size };
        while (sizes[^1] > CoarsestSize)
            sizes.Add(Math.Max(CoarsestSize, (sizes[^1] + 1) / 2));
        sizes.Reverse();

        double[]? previous = null;
        var previousSize = 0;
        var iterations = 0;
        var residual = 0.0;
        foreach (var n in sizes)
        {
            var level = new Level(n, budget);
            level.Assemble(pairs, totalWeight, smoothness);
            if (previous is not null)
                level.Prolong(previous, previousSize);
            // Coarse levels cost 1/8, 1/64, ... of the finest per iteration, so they may run twice as long:
            // they remove the smooth error that the finest level's CG reduces slowly.
            var cap = n == size ? maxIterations : 2 * maxIterations;
            var (used, relative) = level.Solve(cap, tolerance, cancellationToken);
            iterations += used;
            residual = relative;
            previous = level.Unpadded();
            previousSize = n;
        }

        var lut = Lut3D.Identity(size);
        lut.Title = string.Empty;
        var lattice = lut.Lattice;
        var nodes = size * size * size;
        for (var node = 0; node < nodes; node++)
        {
            for (var c = 0; c < 3; c++)
                lattice[(3 * node) + c] = (float)(lattice[(3 * node) + c] + previous![(c * nodes) + node]);
        }
        return new LatticeFit(lut, iterations, residual);
    }

    /// <summary>Stencil index of the offset (dr, dg, db): 0..26 for the 3x3x3 cube (13 = centre), 27..32 for ±2 along r, g, b.</summary>
    internal static int Tap(int dr, int dg, int db)
    {
        if (dr is >= -1 and <= 1 && dg is >= -1 and <= 1 && db is >= -1 and <= 1)
            return (dr + 1) + (3 * (dg + 1)) + (9 * (db + 1));
        return (dr, dg, db) switch
        {
            (-2, 0, 0) => 27,
            (2, 0, 0) => 28,
            (0, -2, 0) => 29,
            (0, 2, 0) => 30,
            (0, 0, -2) => 31,
            (0, 0, 2) => 32,
            _ => throw new InvalidOperationException($"Offset ({dr}, {dg}, {db}) is outside the stencil."),
        };
    }

    /// <summary>One lattice size: the assembled stencil, the right-hand sides and the CG state (padded by two nodes on every side).</summary>
    private sealed class Level
    {
        private readonly int _n;
        private readonly int _p;
        private readonly int _nodes;
        private readonly int _padded;
        private readonly ComputeBudget _budget;
        // Data term: the 3x3x3 cube taps per node, assembled in double, applied in single precision
        // (it halves the memory traffic that bounds every iteration; both halves of each symmetric
        // pair are summed and rounded alike, so the matrix stays symmetric and CG valid).
        private readonly double[] _coef;
        private float[] _dataStencil = [];
        // Regulariser: translation-invariant except within two nodes of a face, so one 33-tap row
        // per boundary class (5 per axis: 0, 1, interior, N−2, N−1), scaled by λ(N − 1).
        private readonly double[] _regulariser = new double[RegulariserClasses * Taps];
        private readonly int[] _axisClass;
        private readonly int[] _offsets = new int[Taps];
        private readonly double[][] _x = new double[3][];
        private readonly double[][] _b = new double[3][];

        public Level(int n, ComputeBudget budget)
        {
            _n = n;
            _p = n + 4;
            _nodes = n * n * n;
            _padded = _p * _p * _p;
            _budget = budget;
            // Stencil plus six CG vectors per channel.
            budget.EnsureAllocation(((long)_nodes * CubeTaps * (sizeof(double) + sizeof(float))) + (18L * _padded * sizeof(double)), "lattice regression");
            _coef = new double[_nodes * CubeTaps];
            _axisClass = new int[n];
            for (var i = 0; i < n; i++)
                _axisClass[i] = i < 2 ? i : i > n - 3 ? 4 - (n - 1 - i) : 2;
            for (var c = 0; c < 3; c++)
            {
                _x[c] = new double[_padded];
                _b[c] = new double[_padded];
            }
            for (var db = -2; db <= 2; db++)
            {
                for (var dg = -2; dg <= 2; dg++)
                {
                    for (var dr = -2; dr <= 2; dr++)
                    {
                        var far = Math.Abs(dr) + Math.Abs(dg) + Math.Abs(db);
                        var inCube = Math.Abs(dr) <= 1 && Math.Abs(dg) <= 1 && Math.Abs(db) <= 1;
                        if (inCube || (far == 2 && (Math.Abs(dr) == 2 || Math.Abs(dg) == 2 || Math.Abs(db) == 2)))
                            _offsets[Tap(dr, dg, db)] = (((db * _p) + dg) * _p) + dr;
                    }
                }
            }
        }

        private int Padded(int r, int g, int b) => ((((b + 2) * _p) + g + 2) * _p) + r + 2;

        public void Assemble(ColorPairs pairs, double totalWeight, double smoothness)
        {
            var n = _n;
            var last = n - 1;
            // Corner c = (c & 1, c >> 1 & 1, c >> 2): its node offset and the tap between two corners.
            Span<int> cornerNode = stackalloc int[8];
            Span<int> pairTap = stackalloc int[64];
            for (var a = 0; a < 8; a++)
            {
                cornerNode[a] = ((((a >> 2) & 1) * n) + ((a >> 1) & 1)) * n + (a & 1);
                for (var c = 0; c < 8; c++)
                    pairTap[(a * 8) + c] = Tap((c & 1) - (a & 1), ((c >> 1) & 1) - ((a >> 1) & 1), ((c >> 2) & 1) - ((a >> 2) & 1));
            }
            Span<double> w = stackalloc double[8];
            var inverseWeight = 1.0 / totalWeight;
            ReadOnlySpan<float> fr = pairs.FromR, fg = pairs.FromG, fb = pairs.FromB, tr = pairs.ToR, tg = pairs.ToG, tb = pairs.ToB, weight = pairs.Weight;
            var coef = _coef;
            double[] b0 = _b[0], b1 = _b[1], b2 = _b[2];
            for (var i = 0; i < pairs.Count; i++)
            {
                var (ir, xr, ur) = Locate(fr[i], last);
                var (ig, xg, ug) = Locate(fg[i], last);
                var (ib, xb, ub) = Locate(fb[i], last);
                TetrahedralWeights(ur, ug, ub, w);
                var pairWeight = weight[i] * inverseWeight;
                double d0 = tr[i] - xr, d1 = tg[i] - xg, d2 = tb[i] - xb;
                var baseNode = (((ib * n) + ig) * n) + ir;
                var basePadded = Padded(ir, ig, ib);
                for (var a = 0; a < 8; a++)
                {
                    var wa = pairWeight * w[a];
                    if (wa == 0)
                        continue;
                    var node = baseNode + cornerNode[a];
                    var row = node * CubeTaps;
                    for (var c = 0; c < 8; c++)
                        coef[row + pairTap[(a * 8) + c]] += wa * w[c];
                    var padded = basePadded + _offsets[Tap(a & 1, (a >> 1) & 1, (a >> 2) & 1)];
                    b0[padded] += wa * d0;
                    b1[padded] += wa * d1;
                    b2[padded] += wa * d2;
                }
            }

            // Regulariser H^T H, scaled by λ (N − 1); see the class summary.
            var scale = smoothness * (n - 1);
            for (var i = 0; i < _regulariser.Length; i++)
                _regulariser[i] = scale * UnitRegulariser[i];
        }

        /// <summary>
        /// HᵀH on a 5x5x5 lattice, whose nodes are exactly the 125 boundary classes: a node's row
        /// depends only on which difference centres and faces around it exist, i.e. on whether it
        /// is 0, 1, 2+ nodes from each face.
        /// </summary>
        private static readonly double[] UnitRegulariser = BuildRegulariser();

        private static double[] BuildRegulariser()
        {
            const int n = 5;
            const int last = n - 1;
            var table = new double[n * n * n * Taps];
            Span<int> rs = stackalloc int[4];
            Span<int> gs = stackalloc int[4];
            Span<int> bs = stackalloc int[4];
            Span<double> cs = stackalloc double[4];
            for (var b = 0; b < n; b++)
            {
                for (var g = 0; g < n; g++)
                {
                    for (var r = 0; r < n; r++)
                    {
                        // Pure second differences centred here (interior along the axis).
                        for (var axis = 0; axis < 3; axis++)
                        {
                            var index = axis == 0 ? r : axis == 1 ? g : b;
                            if (index == 0 || index == last)
                                continue;
                            for (var k = 0; k < 3; k++)
                            {
                                var step = k - 1;
                                rs[k] = r + (axis == 0 ? step : 0);
                                gs[k] = g + (axis == 1 ? step : 0);
                                bs[k] = b + (axis == 2 ? step : 0);
                                cs[k] = k == 1 ? -2 : 1;
                            }
                            AddOuter(table, n, rs[..3], gs[..3], bs[..3], cs[..3], 1.0);
                        }
                        // Mixed differences on the faces whose lowest corner is here, weighted 2 (thin-plate energy).
                        for (var plane = 0; plane < 3; plane++)
                        {
                            var (axisA, axisB) = plane switch { 0 => (0, 1), 1 => (0, 2), _ => (1, 2) };
                            if (Index(axisA, r, g, b) == last || Index(axisB, r, g, b) == last)
                                continue;
                            for (var k = 0; k < 4; k++)
                            {
                                var stepA = k & 1;
                                var stepB = k >> 1;
                                rs[k] = r + (axisA == 0 ? stepA : 0);
                                gs[k] = g + (axisA == 1 ? stepA : 0) + (axisB == 1 ? stepB : 0);
                                bs[k] = b + (axisB == 2 ? stepB : 0);
                                cs[k] = stepA == stepB ? 1 : -1;
                            }
                            AddOuter(table, n, rs, gs, bs, cs, 2.0);
                        }
                    }
                }
            }
            return table;
        }

        /// <summary>
        /// The four non-zero tetrahedral weights of a cell point with fractions (fr, fg, fb), by corner
        /// (bit 0 = r, 1 = g, 2 = b): the path from corner 000 to 111 adds the axes in order of
        /// decreasing fraction (the six-tetrahedron split that <see cref="LutKernels"/> applies).
        /// </summary>
        internal static void TetrahedralWeights(double fr, double fg, double fb, Span<double> w)
        {
            w.Clear();
            int first, second, third;
            double f1, f2, f3;
            if (fr >= fg)
            {
                if (fg >= fb) { (first, second, third, f1, f2, f3) = (1, 2, 4, fr, fg, fb); }
                else if (fr >= fb) { (first, second, third, f1, f2, f3) = (1, 4, 2, fr, fb, fg); }
                else { (first, second, third, f1, f2, f3) = (4, 1, 2, fb, fr, fg); }
            }
            else
            {
                if (fr >= fb) { (first, second, third, f1, f2, f3) = (2, 1, 4, fg, fr, fb); }
                else if (fg >= fb) { (first, second, third, f1, f2, f3) = (2, 4, 1, fg, fb, fr); }
                else { (first, second, third, f1, f2, f3) = (4, 2, 1, fb, fg, fr); }
            }
            w[0] = 1 - f1;
            w[first] += f1 - f2;
            w[first | second] += f2 - f3;
            w[first | second | third] += f3;
        }

        private int Class(int r, int g, int b) => _axisClass[r] + (5 * _axisClass[g]) + (25 * _axisClass[b]);

        private static int Index(int axis, int r, int g, int b) => axis == 0 ? r : axis == 1 ? g : b;

        /// <summary>Adds scale · cᵀc for the difference Σ cₖ L[nodeₖ] into a full 33-tap stencil of an n³ lattice.</summary>
        private static void AddOuter(double[] target, int n, ReadOnlySpan<int> rs, ReadOnlySpan<int> gs, ReadOnlySpan<int> bs, ReadOnlySpan<double> cs, double scale)
        {
            for (var a = 0; a < rs.Length; a++)
            {
                var row = ((((bs[a] * n) + gs[a]) * n) + rs[a]) * Taps;
                for (var c = 0; c < rs.Length; c++)
                    target[row + Tap(rs[c] - rs[a], gs[c] - gs[a], bs[c] - bs[a])] += scale * cs[a] * cs[c];
            }
        }

        /// <summary>Cell index, clamped identity value and fraction of one encoded input.</summary>
        private static (int Cell, double Clamped, double Fraction) Locate(float value, int last)
        {
            double v = float.IsNaN(value) ? 0.0 : Math.Clamp(value, 0f, 1f);
            var t = v * last;
            var cell = Math.Min((int)t, last - 1);
            return (cell, v, t - cell);
        }

        /// <summary>Warm start: the coarser solution (planar, unpadded) sampled trilinearly at this level's nodes.</summary>
        public void Prolong(double[] coarse, int coarseSize)
        {
            var n = _n;
            var coarseNodes = coarseSize * coarseSize * coarseSize;
            var ratio = (coarseSize - 1) / (double)(n - 1);
            for (var b = 0; b < n; b++)
            {
                var (ib, ub) = Cell(b * ratio, coarseSize);
                for (var g = 0; g < n; g++)
                {
                    var (ig, ug) = Cell(g * ratio, coarseSize);
                    for (var r = 0; r < n; r++)
                    {
                        var (ir, ur) = Cell(r * ratio, coarseSize);
                        var padded = Padded(r, g, b);
                        for (var c = 0; c < 3; c++)
                        {
                            var plane = c * coarseNodes;
                            double Value(int dr, int dg, int db) => coarse[plane + ((((ib + db) * coarseSize) + ig + dg) * coarseSize) + ir + dr];
                            var v00 = Value(0, 0, 0) + (ur * (Value(1, 0, 0) - Value(0, 0, 0)));
                            var v10 = Value(0, 1, 0) + (ur * (Value(1, 1, 0) - Value(0, 1, 0)));
                            var v01 = Value(0, 0, 1) + (ur * (Value(1, 0, 1) - Value(0, 0, 1)));
                            var v11 = Value(0, 1, 1) + (ur * (Value(1, 1, 1) - Value(0, 1, 1)));
                            var v0 = v00 + (ug * (v10 - v00));
                            var v1 = v01 + (ug * (v11 - v01));
                            _x[c][padded] = v0 + (ub * (v1 - v0));
                        }
                    }
                }
            }
        }

        private static (int Cell, double Fraction) Cell(double t, int size)
        {
            var cell = Math.Min((int)t, size - 2);
            return (cell, t - cell);
        }

        /// <summary>The solution as three planar node arrays (channel-major, red fastest).</summary>
        public double[] Unpadded()
        {
            var n = _n;
            var result = new double[3 * _nodes];
            for (var c = 0; c < 3; c++)
            {
                var node = c * _nodes;
                for (var b = 0; b < n; b++)
                {
                    for (var g = 0; g < n; g++)
                    {
                        Array.Copy(_x[c], Padded(0, g, b), result, node, n);
                        node += n;
                    }
                }
            }
            return result;
        }

        /// <summary>Jacobi-preconditioned CG on the three channels in lock step; returns the iterations of the slowest channel and the worst relative residual.</summary>
        public (int Iterations, double Residual) Solve(int maxIterations, double tolerance, CancellationToken cancellationToken)
        {
            var size = _padded;
            var inverseDiagonal = new double[size];
            _dataStencil = new float[_coef.Length];
            for (var i = 0; i < _coef.Length; i++)
                _dataStencil[i] = (float)_coef[i];
            var n = _n;
            for (var b = 0; b < n; b++)
            {
                for (var g = 0; g < n; g++)
                {
                    for (var r = 0; r < n; r++)
                    {
                        var d = _coef[(((((b * n) + g) * n) + r) * CubeTaps) + Center] + _regulariser[(Class(r, g, b) * Taps) + Center];
                        inverseDiagonal[Padded(r, g, b)] = d > 0 ? 1.0 / d : 0.0;
                    }
                }
            }
            var residual = new double[3][];
            var direction = new double[3][];
            var product = new double[3][];
            var rz = new double[3];
            var bNorm = new double[3];
            var done = new bool[3];
            var relative = new double[3];
            Apply(_x, product, done);
            for (var c = 0; c < 3; c++)
            {
                residual[c] = new double[size];
                direction[c] = new double[size];
                var rc = residual[c];
                var bc = _b[c];
                var pc = product[c];
                var dc = direction[c];
                for (var i = 0; i < size; i++)
                {
                    rc[i] = bc[i] - pc[i];
                    dc[i] = rc[i] * inverseDiagonal[i];
                }
                bNorm[c] = Math.Sqrt(Dot(bc, bc));
                rz[c] = Dot(rc, dc);
                relative[c] = bNorm[c] > 0 ? Math.Sqrt(Dot(rc, rc)) / bNorm[c] : 0.0;
                done[c] = relative[c] <= tolerance;
            }
            var iterations = 0;
            while (iterations < maxIterations && !(done[0] && done[1] && done[2]))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Apply(direction, product, done);
                iterations++;
                for (var c = 0; c < 3; c++)
                {
                    if (done[c])
                        continue;
                    double[] x = _x[c], rc = residual[c], dc = direction[c], pc = product[c];
                    var curvature = Dot(dc, pc);
                    if (!(curvature > 0))
                    {
                        done[c] = true;
                        continue;
                    }
                    var alpha = rz[c] / curvature;
                    double rr = 0, rzNew = 0;
                    for (var i = 0; i < size; i++)
                    {
                        x[i] += alpha * dc[i];
                        var ri = rc[i] - (alpha * pc[i]);
                        rc[i] = ri;
                        rr += ri * ri;
                        rzNew += ri * ri * inverseDiagonal[i];
                    }
                    relative[c] = bNorm[c] > 0 ? Math.Sqrt(rr) / bNorm[c] : 0.0;
                    if (relative[c] <= tolerance)
                    {
                        done[c] = true;
                        continue;
                    }
                    var beta = rzNew / rz[c];
                    rz[c] = rzNew;
                    for (var i = 0; i < size; i++)
                        dc[i] = (rc[i] * inverseDiagonal[i]) + (beta * dc[i]);
                }
            }
            return (iterations, Math.Max(relative[0], Math.Max(relative[1], relative[2])));
        }

        private static double Dot(double[] a, double[] b)
        {
            double sum = 0;
            for (var i = 0; i < a.Length; i++)
                sum += a[i] * b[i];
            return sum;
        }

        /// <summary>y = M x for the channels not yet converged, over blue slices in parallel (each output written once).</summary>
        private void Apply(double[][] x, double[][] y, bool[] skip)
        {
            for (var c = 0; c < 3; c++)
                y[c] ??= new double[_padded];
            var n = _n;
            if (_budget.MaxThreads == 1 || n < 9)
            {
                for (var b = 0; b < n; b++)
                    ApplySlice(b, x, y, skip);
                return;
            }
            Parallel.For(0, n, _budget.ToParallelOptions(CancellationToken.None), b => ApplySlice(b, x, y, skip));
        }

        private unsafe void ApplySlice(int b, double[][] x, double[][] y, bool[] skip)
        {
            // All three channels per node, so that the stencil row (the dominant memory traffic) is
            // read once; pointers drop the bounds checks per tap (all indices stay inside the padded
            // grid by construction: offsets reach at most two nodes into the padding).
            _ = skip;
            var n = _n;
            var classB = 25 * _axisClass[b];
            fixed (float* dataBase = _dataStencil)
            fixed (double* regulariser = _regulariser)
            fixed (int* offsets = _offsets, axisClass = _axisClass)
            fixed (double* x0 = x[0], x1 = x[1], x2 = x[2], y0 = y[0], y1 = y[1], y2 = y[2])
            {
                for (var g = 0; g < n; g++)
                {
                    var data = dataBase + ((((b * n) + g) * n) * CubeTaps);
                    var padded = Padded(0, g, b);
                    var classGB = classB + (5 * axisClass[g]);
                    for (var r = 0; r < n; r++, data += CubeTaps, padded++)
                    {
                        var reg = regulariser + ((classGB + axisClass[r]) * Taps);
                        double s0 = 0, s1 = 0, s2 = 0;
                        for (var k = 0; k < CubeTaps; k++)
                        {
                            var c = data[k] + reg[k];
                            var j = padded + offsets[k];
                            s0 += c * x0[j];
                            s1 += c * x1[j];
                            s2 += c * x2[j];
                        }
                        for (var k = CubeTaps; k < Taps; k++)
                        {
                            var c = reg[k];
                            var j = padded + offsets[k];
                            s0 += c * x0[j];
                            s1 += c * x1[j];
                            s2 += c * x2[j];
                        }
                        y0[padded] = s0;
                        y1[padded] = s1;
                        y2[padded] = s2;
                    }
                }
            }
        }
    }
}
