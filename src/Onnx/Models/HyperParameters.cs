using System.Globalization;

namespace MlNetGenre.Onnx.Models;

/// <summary>
/// One candidate's hyper-parameters, as validated from YAML: names mapped to numbers, strings,
/// booleans or lists of those. Typed getters fall back to the family's defaults.
/// </summary>
public sealed class HyperParameters
{
    public static readonly HyperParameters Empty = new(new Dictionary<string, object>());

    public HyperParameters(IReadOnlyDictionary<string, object> values) => Values = values;

    public IReadOnlyDictionary<string, object> Values { get; }

    public double GetDouble(string name, double fallback) =>
        Values.TryGetValue(name, out object? v) ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : fallback;

    public int GetInt(string name, int fallback) =>
        Values.TryGetValue(name, out object? v) ? Convert.ToInt32(v, CultureInfo.InvariantCulture) : fallback;

    public string GetString(string name, string fallback) =>
        Values.TryGetValue(name, out object? v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? fallback : fallback;

    /// <summary>A stable, readable form such as <c>iterations=100, l2=0.1</c>, used in reports and trial keys.</summary>
    public override string ToString() =>
        string.Join(", ", Values.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"));
}
