using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;

namespace MlNetGenre.Baselines.Linear;

/// <summary>
/// The training rows of a linear model, standardised with statistics fitted on them, as one row-major double matrix
/// (n x d) for the L-BFGS objectives; the standardizer goes into the exported graph.
/// </summary>
internal sealed record StandardizedDesign(Standardizer Standardizer, double[] X, int Rows, int Columns)
{
    public static StandardizedDesign Of(FeatureTable training)
    {
        var standardizer = Standardizer.Fit(training.Rows);
        int n = training.Count, d = training.Rows[0].Length;
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            float[] row = standardizer.Transform(training.Rows[i]);
            for (int j = 0; j < d; j++) x[i * d + j] = row[j];
        }
        return new StandardizedDesign(standardizer, x, n, d);
    }
}
