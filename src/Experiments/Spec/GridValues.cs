using System.Globalization;

namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// Turns a YAML <c>grid:</c> into one list of values per parameter: a list stays a list, a scalar is a
/// one-value list, and a range <c>{from: 4, to: 30, step: 2}</c> lists from..to inclusive.
/// </summary>
public static class GridValues
{
    public static IReadOnlyDictionary<string, IReadOnlyList<object>> Expand(IReadOnlyDictionary<string, object> grid) =>
        grid.ToDictionary(p => p.Key, p => Values(p.Key, p.Value));

    private static IReadOnlyList<object> Values(string name, object value)
    {
        switch (value)
        {
            case List<object> list when list.Count > 0:
                return list;
            case List<object>:
                throw new ArgumentException($"grid '{name}' is an empty list");
            case Dictionary<string, object> range:
                var unknown = range.Keys.Except(["from", "to", "step"]).ToArray();
                if (unknown.Length > 0 || !range.ContainsKey("from") || !range.ContainsKey("to"))
                    throw new ArgumentException($"grid '{name}' range must be {{from: A, to: B, step: S}}");
                double from = Number(name, range["from"]), to = Number(name, range["to"]);
                double step = range.TryGetValue("step", out object? s) ? Number(name, s) : 1;
                if (step <= 0 || to < from) throw new ArgumentException($"grid '{name}' range needs from <= to and step > 0");
                bool integers = range.Values.All(v => v is long);
                int count = (int)Math.Floor((to - from) / step + 1e-9) + 1;
                if (count > 10_000) throw new ArgumentException($"grid '{name}' range has {count} values; use a larger step");
                return Enumerable.Range(0, count)
                    .Select(i => integers ? (object)(long)Math.Round(from + i * step) : Math.Round(from + i * step, 12)).ToList();
            default:
                return [value];
        }
    }

    private static double Number(string name, object value) => value is long or double
        ? Convert.ToDouble(value, CultureInfo.InvariantCulture)
        : throw new ArgumentException($"grid '{name}' range bounds must be numbers");
}
