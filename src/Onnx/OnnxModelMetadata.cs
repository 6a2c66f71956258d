using System.Text.Json;

namespace MlNetGenre.Onnx;

/// <summary>
/// What another runtime needs to use an exported model: class labels in output order, the names of
/// the input features, and the front-end (feature set and its parameters) that produced them.
/// Stored as ONNX metadata_props; lists and maps are JSON strings.
/// </summary>
public sealed record OnnxModelMetadata(
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> FeatureNames,
    string ModelFamily,
    IReadOnlyDictionary<string, string> FrontEnd)
{
    public const string LabelsKey = "mlnetgenre.labels";
    public const string FeatureNamesKey = "mlnetgenre.feature_names";
    public const string ModelFamilyKey = "mlnetgenre.model_family";
    public const string FrontEndKey = "mlnetgenre.front_end";

    public IEnumerable<KeyValuePair<string, string>> ToProperties()
    {
        yield return new(LabelsKey, JsonSerializer.Serialize(Labels));
        yield return new(FeatureNamesKey, JsonSerializer.Serialize(FeatureNames));
        yield return new(ModelFamilyKey, ModelFamily);
        yield return new(FrontEndKey, JsonSerializer.Serialize(FrontEnd));
    }

    /// <summary>Reads the metadata back; throws naming the missing key when a model was not exported by MlNetGenre.</summary>
    public static OnnxModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties, string modelPath)
    {
        string Get(string key) => properties.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{modelPath}: ONNX metadata has no '{key}'. Export the model with MlNetGenre, or add the key to its metadata_props.");
        return new OnnxModelMetadata(
            JsonSerializer.Deserialize<string[]>(Get(LabelsKey)) ?? [],
            JsonSerializer.Deserialize<string[]>(Get(FeatureNamesKey)) ?? [],
            Get(ModelFamilyKey),
            JsonSerializer.Deserialize<Dictionary<string, string>>(Get(FrontEndKey)) ?? []);
    }
}
