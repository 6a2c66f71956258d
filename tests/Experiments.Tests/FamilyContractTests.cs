using System.Collections;
using MlNetGenre.Core.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;
using MlNetGenre.Testing;

namespace MlNetGenre.Experiments.Tests;

/// <summary>
/// The contract every registered model family keeps (as scikit-learn's parametrize_with_checks): it fits a small
/// table of the input kind it accepts, its model exports to ONNX that the reference checker accepts, ONNX Runtime
/// gives the in-process probabilities within 1e-4 at batch 1 and 8, and the same seed gives the same model.
/// A new family is tested by being registered. Options are the family's defaults made small by name (fewer epochs,
/// trees, units, channels), so no family needs its own case here.
/// </summary>
[Collection("libtorch process state")]
public class FamilyContractTests
{
    public static TheoryData<string> Families()
    {
        var data = new TheoryData<string>();
        foreach (string name in ModelFamilies.Registry.Names.Where(n => !n.StartsWith("test-", StringComparison.Ordinal) && n != FailingFamily.FamilyName))
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Fit_export_check_and_score_agree(string name)
    {
        var family = ModelFamilies.Registry[name];
        var table = family.Accepts == ModelInput.Matrix ? Table(3, 8, [40, 40], seed: 3) : Table(3, 12, [6], seed: 4);
        object options = Small(family.DefaultOptions);
        var model = family.Fit(table, options, new FitContext(11));
        var exportable = Assert.IsAssignableFrom<IExportableModel>(model);
        Assert.False(string.IsNullOrWhiteSpace(model.Description));
        string path = Path.Combine(Path.GetTempPath(), $"contract-{name}-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(exportable.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, name, new Dictionary<string, string>())), path);
        try
        {
            if (OnnxChecker.Available) Assert.Null(OnnxChecker.Check(path));
            using var scorer = OnnxScorer.Open(path);
            Assert.Equal(table.ClassNames, scorer.Metadata.Labels);
            foreach (int batch in new[] { 1, 8 })
            {
                var rows = table.Rows.Take(batch).ToArray();
                var onnx = scorer.PredictRows(rows, table.ItemShape);
                for (int i = 0; i < rows.Length; i++)
                {
                    float[] own = model.PredictProbabilities(rows[i]);
                    Assert.Equal(table.ClassNames.Count, own.Length);
                    Assert.InRange(own.Sum(), 0.999f, 1.001f);
                    double difference = own.Zip(onnx[i], (a, b) => Math.Abs(a - b)).Max();
                    Assert.True(difference <= 1e-4, $"{name} batch {batch} row {i}: max |ONNX - in-process| = {difference:E2}");
                }
            }
            var again = family.Fit(table, options, new FitContext(11));
            Assert.Equal(model.PredictProbabilities(table.Rows[0]), again.PredictProbabilities(table.Rows[0]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Training_items_of_one_class_are_refused(string name)
    {
        var family = ModelFamilies.Registry[name];
        var table = family.Accepts == ModelInput.Matrix ? Table(3, 8, [40, 40], seed: 3) : Table(3, 12, [6], seed: 4);
        var oneClass = table.Select(Enumerable.Range(0, table.Count).Where(i => table.ClassIndex[i] == 1).ToArray());
        var e = Assert.Throws<ArgumentException>(() => family.Fit(oneClass, Small(family.DefaultOptions), new FitContext(11)));
        Assert.Contains("needs items of at least two classes", e.Message);
    }

    /// <summary>The defaults with every size-like option made small, chosen by option name and type only.</summary>
    private static object Small(object defaults)
    {
        var values = new Dictionary<string, string>
        {
            ["epochs"] = "2", ["batch_size"] = "8", ["trees"] = "5", ["estimators"] = "3", ["base_trees"] = "2",
            ["hidden"] = "8", ["dense"] = "8", ["units"] = "4", ["max_iter"] = "50", ["validation_fraction"] = "0.25",
        };
        var at = new Core.Spec.SourcePosition("contract", 1, 1);
        var entries = new List<Core.Spec.SpecEntry>();
        foreach (var option in OptionBinder.Describe(defaults.GetType()))
        {
            string? text = values.GetValueOrDefault(option.Name);
            if (option.Name is "channels" or "hidden" && option.Property.GetValue(defaults) is IList list)
                text = string.Join(",", Enumerable.Repeat(4, list.Count));
            if (text is not null) entries.Add(new(new Core.Spec.SpecScalar(option.Name, false, at), new Core.Spec.SpecScalar(text, false, at)));
        }
        return OptionBinder.Bind(defaults, entries, "contract");
    }

    private static FeatureTable Table(int classes, int perClass, int[] shape, int seed)
    {
        var random = new Random(seed);
        int width = shape.Aggregate(1, (a, b) => a * b);
        var rows = new List<float[]>();
        var labels = new List<int>();
        for (int i = 0; i < classes * perClass; i++)
        {
            int c = i % classes;
            rows.Add(Enumerable.Range(0, width).Select(j => (float)(random.NextDouble() + (j % classes == c ? 1.5 : 0))).ToArray());
            labels.Add(c);
        }
        var ids = Enumerable.Range(0, rows.Count).Select(i => $"t{i}").ToArray();
        return new FeatureTable(rows, labels, ids, ids, Enumerable.Range(0, classes).Select(c => $"c{c}").ToArray(),
            shape.Length == 1 ? Enumerable.Range(0, width).Select(j => $"f{j}").ToArray() : [])
        {
            ItemShape = shape,
        };
    }
}

/// <summary>Deep fits share libtorch's process-wide random generator and thread count: tests that fit them run alone.</summary>
[CollectionDefinition("libtorch process state", DisableParallelization = true)]
public sealed class LibTorchProcessState;
