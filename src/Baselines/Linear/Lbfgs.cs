namespace MlNetGenre.Baselines.Linear;

/// <summary>
/// Limited-memory BFGS for smooth unconstrained minimisation (what scikit-learn's lbfgs solver runs through scipy):
/// the two-loop recursion over the last <see cref="History"/> steps, a backtracking line search on the Armijo
/// condition, and scipy's stopping rules: the largest gradient component at most <c>gradientTolerance</c>, or a relative
/// decrease of the objective below 2.2e-9, or <c>maxIterations</c>.
/// </summary>
internal static class Lbfgs
{
    private const int History = 10;
    private const double RelativeDecrease = 2.220446049250313e-09;

    /// <summary>Evaluates the objective at x and writes its gradient; returns the objective.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <returns>The iterations used.</returns>
    public static int Minimize(Objective objective, double[] x, int maxIterations, double gradientTolerance, CancellationToken cancellation)
    {
        int n = x.Length;
        var g = new double[n];
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[History][];
        var y = new double[History][];
        var rho = new double[History];
        var alpha = new double[History];
        int stored = 0, newest = -1;
        double f = objective(x, g);
        int iteration = 0;
        for (; iteration < maxIterations && MaxAbs(g) > gradientTolerance; iteration++)
        {
            cancellation.ThrowIfCancellationRequested();
            // d = -H g by the two-loop recursion.
            for (int i = 0; i < n; i++) direction[i] = -g[i];
            for (int k = 0; k < stored; k++)
            {
                int j = (newest - k + History) % History;
                alpha[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alpha[j], y[j], direction);
            }
            double gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1.0 / Math.Max(1e-12, Math.Sqrt(Dot(g, g)));
            for (int i = 0; i < n; i++) direction[i] *= gamma;
            for (int k = stored - 1; k >= 0; k--)
            {
                int j = (newest - k + History) % History;
                double beta = rho[j] * Dot(y[j], direction);
                Axpy(alpha[j] - beta, s[j], direction);
            }
            double slope = Dot(g, direction);
            if (slope >= 0) // not a descent direction (numerical trouble): restart from steepest descent
            {
                stored = 0;
                for (int i = 0; i < n; i++) direction[i] = -g[i] / Math.Max(1e-12, Math.Sqrt(Dot(g, g)));
                slope = Dot(g, direction);
            }
            double step = 1, fNew;
            while (true)
            {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
                fNew = objective(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || step < 1e-20) break;
                step *= 0.5;
            }
            newest = (newest + 1) % History;
            s[newest] ??= new double[n];
            y[newest] ??= new double[n];
            for (int i = 0; i < n; i++)
            {
                s[newest][i] = xNew[i] - x[i];
                y[newest][i] = gNew[i] - g[i];
            }
            double sy = Dot(s[newest], y[newest]);
            if (sy > 1e-12) { rho[newest] = 1 / sy; stored = Math.Min(stored + 1, History); }
            else newest = (newest - 1 + History) % History; // curvature too small: keep the old history
            double decrease = (f - fNew) / Math.Max(Math.Max(Math.Abs(f), Math.Abs(fNew)), 1);
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (decrease <= RelativeDecrease) { iteration++; break; }
        }
        return iteration;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v)
    {
        double max = 0;
        foreach (double x in v) max = Math.Max(max, Math.Abs(x));
        return max;
    }
}
