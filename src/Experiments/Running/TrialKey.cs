using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlNetGenre.Experiments.Plan;
using MlNetGenre.Experiments.Splits;

namespace MlNetGenre.Experiments.Running;

/// <summary>
/// A hash of everything a trial's result depends on: the code, the data actually read (its fingerprint), and the
/// plan's parts that shape the trial — whole records (audio, split) and every option of the dataset, feature set and
/// candidates — so a field added to any of them is part of the key without anyone listing it here.
/// Equal key = the stored result is reusable.
/// </summary>
public static class TrialKey
{
    public static string Compute(ExperimentPlan plan, ModelPlan model, SplitPlan split, string datasetFingerprint)
    {
        var identity = new
        {
            code = CodeVersion.Models,
            dataset = plan.Dataset.Describe(),
            include = plan.Dataset.Include,
            bad_files = plan.Dataset.BadFiles.ToString(),
            fingerprint = datasetFingerprint,
            audio = plan.Audio,
            feature = model.Features.Describe(),
            split = plan.Split with { TrainList = Content(plan.Split.TrainList), ValidList = Content(plan.Split.ValidList), TestList = Content(plan.Split.TestList) },
            seed = plan.Seed,
            division = split.Key,
            model = new { model.Name, family = model.Family.Name, candidates = model.Describe(), model.Cv },
            device = plan.Device.ToString(),
            threads = model.Family.ThreadCountAffectsResults ? Environment.ProcessorCount : 0,
        };
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(identity)));
        return Convert.ToHexString(hash, 0, 12).ToLowerInvariant();
    }

    /// <summary>A split list by the track ids it lists (moving the file or its comments do not matter, editing the ids does).</summary>
    private static string? Content(string? path) => path is null
        ? null
        : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", Splits.SplitListFile.Read(path).Select(l => l.TrackId)))));
}
