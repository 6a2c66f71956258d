namespace MlNetGenre.Experiments.Running;

/// <summary>
/// Part of every feature-store and trial key, so stale results cannot be reused after the code changes. It is the
/// module version id of the assemblies that compute them (a content hash in deterministic builds): any change to
/// their code, however small, recomputes; nothing has to be bumped by hand.
/// </summary>
public static class CodeVersion
{
    /// <summary>Of the code that turns audio into features (decoding, DSP, feature sets).</summary>
    public static string Features { get; } = Of(typeof(Features.FeatureSets.IFeatureSet), typeof(Core.Data.FeatureTable));

    /// <summary>Of everything a trial's result depends on: features, trainers, export, scoring, this runner.</summary>
    public static string Models { get; } = Of(typeof(Features.FeatureSets.IFeatureSet), typeof(Core.Data.FeatureTable), typeof(Baselines.KnnFamily),
        typeof(DeepModels.DeepFamily), typeof(Onnx.OnnxScorer), typeof(CodeVersion));

    private static string Of(params Type[] types) =>
        string.Join("+", types.Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]));
}
