using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Spec;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines.Tests;

using MlNetGenre.Testing;

/// <summary>Shared parity check: ONNX Runtime vs the in-process model, batch 1 and batch 64, and the reference checker.</summary>
internal static class FamilyParity
{
    public static (FeatureTable Train, FeatureTable Test) Split(FeatureTable all) =>
        (all.Select(Enumerable.Range(0, all.Count).Where(i => i % 5 != 0).ToArray()),
         all.Select(Enumerable.Range(0, all.Count).Where(i => i % 5 == 0).ToArray()));

    /// <summary>The family's defaults with some options set, as YAML would give them.</summary>
    public static object Options(IModelFamily family, params (string Name, string Value)[] values)
    {
        var at = new SourcePosition("test", 1, 1);
        return OptionBinder.Bind(family.DefaultOptions, values.Select(v => new SpecEntry(new SpecScalar(v.Name, false, at), new SpecScalar(v.Value, false, at))), family.Name);
    }

    /// <returns>The test accuracy of the ONNX model.</returns>
    public static double Check(IModelFamily family, object options, FeatureTable all, double tolerance = 1e-4)
    {
        var (train, test) = Split(all);
        var model = (IExportableModel)family.Fit(train, options, new FitContext(3));
        string path = Path.Combine(Path.GetTempPath(), $"{family.Name}-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(all.ClassNames, all.FeatureNames, family.Name, new Dictionary<string, string>())), path);
        try
        {
            if (OnnxChecker.Available) Assert.Null(OnnxChecker.Check(path));
            using var scorer = OnnxScorer.Open(path);
            var rows = Enumerable.Range(0, 64).Select(i => test.Rows[i % test.Count]).ToArray();
            float[][] batch = scorer.PredictProbabilities(rows);
            int correct = 0;
            for (int i = 0; i < rows.Length; i++)
            {
                float[] single = scorer.PredictProbabilities([rows[i]])[0];
                float[] own = model.PredictProbabilities(rows[i]);
                Assert.InRange(own.Sum(), 0.999f, 1.001f);
                for (int c = 0; c < own.Length; c++)
                {
                    Assert.True(Math.Abs(own[c] - batch[i][c]) <= tolerance, $"{family.Name} row {i} class {c}: in-process {own[c]} vs ONNX batch {batch[i][c]}");
                    Assert.True(Math.Abs(own[c] - single[c]) <= tolerance, $"{family.Name} row {i} class {c}: in-process {own[c]} vs ONNX single {single[c]}");
                }
                Assert.Equal(ArgMax(own), ArgMax(batch[i]));
                if (i < test.Count && ArgMax(batch[i]) == test.ClassIndex[i]) correct++;
            }
            return correct / (double)Math.Min(64, test.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}
