using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetGenre.Core.Models;
using MlNetGenre.Onnx;
using MlNetGenre.Onnx.Models;

namespace MlNetGenre.Baselines.Tests;

/// <summary>An exported model loads into an ML.NET pipeline (ApplyOnnxModel) and gives the same probabilities there.</summary>
public class MlNetOnnxTransformerTests
{
    private sealed class Input
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Probabilities { get; set; } = [];
    }

    [Theory]
    [InlineData("logistic-regression")]
    [InlineData("random-forest")]
    public void Exported_models_score_the_same_inside_an_mlnet_pipeline(string familyName)
    {
        IModelFamily family = familyName == "random-forest" ? new RandomForestFamily() : new LogisticRegressionFamily();
        var table = SyntheticTables.Blobs(classes: 3, perClass: 20, features: 5, seed: 31);
        var model = (IExportableModel)family.Fit(table, family.DefaultOptions, new FitContext(1));
        string path = Path.Combine(Path.GetTempPath(), $"mlnet-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Save(model.ToOnnx(new OnnxModelMetadata(table.ClassNames, table.FeatureNames, family.Name, new Dictionary<string, string>())), path);
        try
        {
            var ml = new MLContext(1);
            var schema = SchemaDefinition.Create(typeof(Input));
            schema[nameof(Input.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 5);
            var data = ml.Data.LoadFromEnumerable(table.Rows.Take(10).Select(r => new Input { Features = r }), schema);
            var pipeline = ml.Transforms.CopyColumns("features", nameof(Input.Features))
                .Append(ml.Transforms.ApplyOnnxModel(["probabilities"], ["features"], path, shapeDictionary: new Dictionary<string, int[]> { ["features"] = [1, 5] }, gpuDeviceId: null, fallbackToCpu: true, recursionLimit: 100))
                .Append(ml.Transforms.CopyColumns(nameof(Output.Probabilities), "probabilities"));
            var transformer = pipeline.Fit(data);
            var scored = ml.Data.CreateEnumerable<Output>(transformer.Transform(data), reuseRowObject: false).ToArray();
            transformer.Dispose();
            for (int i = 0; i < 10; i++)
            {
                float[] expected = model.PredictProbabilities(table.Rows[i]);
                for (int c = 0; c < 3; c++) Assert.Equal(expected[c], scored[i].Probabilities[c], 1e-4f);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
