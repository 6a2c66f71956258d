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

    /// <summary>
    /// Reads the metadata back; a missing key, JSON that is not what was written, or labels that are empty or repeated
    /// are an <see cref="InvalidDataException"/> naming the model and the key.
    /// </summary>
    public static OnnxModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties, string modelPath)
    {
        string Get(string key) => properties.TryGetValue(key, out string? value)
            ? value
            : throw new InvalidDataException($"{modelPath}: ONNX metadata has no '{key}'. Export the model with MlNetGenre, or add the key to its metadata_props.");
        T Parse<T>(string key, string expected) where T : class
        {
            try
            {
                return JsonSerializer.Deserialize<T>(Get(key)) ?? throw new JsonException();
            }
            catch (JsonException)
            {
                throw new InvalidDataException($"{modelPath}: ONNX metadata '{key}' is not {expected}; the metadata is damaged, re-export the model.");
            }
        }
        string[] labels = Parse<string[]>(LabelsKey, "a JSON list of strings");
        if (labels.Length == 0 || labels.Any(string.IsNullOrWhiteSpace) || labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
            throw new InvalidDataException($"{modelPath}: ONNX metadata '{LabelsKey}' must list each class once, by a non-empty name; the metadata is damaged, re-export the model.");
        string[] featureNames = Parse<string[]>(FeatureNamesKey, "a JSON list of strings");
        if (featureNames.Any(n => n is null))
            throw new InvalidDataException($"{modelPath}: ONNX metadata '{FeatureNamesKey}' holds a null name; the metadata is damaged, re-export the model.");
        return new OnnxModelMetadata(labels, featureNames, Get(ModelFamilyKey),
            Parse<Dictionary<string, string>>(FrontEndKey, "a JSON object of strings"));
    }
}
