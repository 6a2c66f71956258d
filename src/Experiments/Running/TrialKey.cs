using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlNetGenre.Experiments.Spec;
using MlNetGenre.Experiments.Splits;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// A hash of everything that determines a trial's result: code version, dataset, audio, the model's
/// feature set, split, repeat/fold seed and the model entry. Equal key = the stored result is reusable.
/// </summary>
public static class TrialKey
{
    public static string Compute(ExperimentSpec spec, ModelSpec model, SplitPlan plan, string? datasetRoot)
    {
        var feature = spec.Features.Single(f => f.Name == model.Features);
        var identity = new
        {
            code = CodeVersion.Value,
            dataset = new { spec.Dataset.Kind, Path = datasetRoot ?? spec.Dataset.Path, spec.Dataset.Include, spec.Dataset.Genres, spec.Dataset.TracksPerGenre, spec.Dataset.Seconds, spec.Dataset.Subset, spec.Dataset.Columns },
            audio = new { spec.Audio.SampleRate, spec.Audio.ClipSeconds, spec.Audio.ClipHopSeconds, spec.Audio.Remainder },
            feature = new { feature.Set, Params = Sorted(feature.Params) },
            split = new { spec.Split.Kind, spec.Split.TestFraction, spec.Split.ValidationFraction, spec.Split.K, spec.Split.Train, spec.Split.Valid, spec.Split.Test, spec.Split.GroupBy },
            spec.Seed,
            plan = plan.Key,
            model = new { model.Name, model.Family, Params = Sorted(model.Params), Train = Sorted(model.Train), Grid = Sorted(model.Grid), model.Cv.Folds, model.Cv.Metric },
        };
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(identity)));
        return Convert.ToHexString(hash, 0, 12).ToLowerInvariant();
    }

    private static SortedDictionary<string, object> Sorted(Dictionary<string, object> map) => new(map, StringComparer.Ordinal);
}
