using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.NodeDeserializers;

namespace MlNetGenre.Experiments.Spec;

/// <summary>
/// Reads an experiment YAML file strictly: unknown or duplicate keys, missing required keys and
/// values of the wrong type are errors naming <c>file:line:column</c> and what is allowed there.
/// Meaning (families, feature references, paths) is checked afterwards by <see cref="SpecValidator"/>.
/// </summary>
public static partial class SpecReader
{
    private static readonly INamingConvention Naming = UnderscoredNamingConvention.Instance;

    /// <summary>Reads and validates a spec; <paramref name="datasetRoot"/> (from --dataset-root) replaces dataset.path.</summary>
    public static ExperimentSpec ReadFile(string path, string? datasetRoot = null)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"Experiment file '{path}' does not exist.", path);
        var spec = Parse(File.ReadAllText(path), path);
        SpecValidator.Validate(spec, datasetRoot);
        return spec;
    }

    /// <summary>Parses YAML text; <paramref name="file"/> is the name used in errors and the base for relative paths.</summary>
    public static ExperimentSpec Parse(string yaml, string file)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(Naming)
            .WithDuplicateKeyChecking()
            .WithEnforceRequiredMembers()
            .WithNodeDeserializer(inner => new PositionTrackingNodeDeserializer(inner), s => s.InsteadOf<ObjectNodeDeserializer>())
            .Build();
        ExperimentSpec? spec;
        try
        {
            spec = deserializer.Deserialize<ExperimentSpec>(new Parser(new StringReader(yaml)));
        }
        catch (YamlException e)
        {
            throw new SpecException(file, e.Start.Line, e.Start.Column, Explain(e));
        }
        if (spec is null) throw new SpecException(file, 1, 1, "the file is empty; see experiments/quickstart.yaml for a complete example");
        spec.SourceFile = Path.GetFullPath(file);
        foreach (var model in spec.Models)
        {
            model.Params = NormalizeMap(model.Params);
            model.Train = NormalizeMap(model.Train);
            model.Grid = NormalizeMap(model.Grid);
        }
        foreach (var feature in spec.Features) feature.Params = NormalizeMap(feature.Params);
        return spec;
    }

    private static Dictionary<string, object> NormalizeMap(Dictionary<string, object> map) =>
        map.ToDictionary(p => p.Key, p => Normalize(p.Value));

    /// <summary>
    /// Free-form values (params, grids) arrive as strings, lists and object-keyed maps; scalars become
    /// long, double, bool or string, maps get string keys.
    /// </summary>
    private static object Normalize(object value) => value switch
    {
        string text => ParseScalar(text),
        List<object> list => list.Select(Normalize).ToList(),
        Dictionary<object, object> map => map.ToDictionary(p => Convert.ToString(p.Key, CultureInfo.InvariantCulture)!, p => Normalize(p.Value)),
        _ => value,
    };

    private static object ParseScalar(string text)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer)) return integer;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return number;
        if (bool.TryParse(text, out bool flag)) return flag;
        return text;
    }

    private static string Explain(YamlException e)
    {
        string message = (e.InnerException ?? e).Message;
        var unknown = UnknownProperty().Match(e.Message);
        if (unknown.Success)
        {
            var type = typeof(SpecReader).Assembly.GetTypes().FirstOrDefault(t => t.FullName == unknown.Groups[2].Value || t.Name == unknown.Groups[2].Value);
            string allowed = type is null ? "" : "; allowed here: " + string.Join(", ", AllowedKeys(type));
            return $"unknown key '{unknown.Groups[1].Value}'{allowed}";
        }
        if (e.Message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
            return "duplicate key: " + StripMark(e.Message);
        var missing = MissingProperties().Match(e.Message);
        if (missing.Success)
            return $"missing required key(s) {missing.Groups[1].Value}";
        if (e.InnerException is FormatException or OverflowException or InvalidCastException)
            return $"wrong type: {StripMark(message)}";
        return StripMark(message);
    }

    public static IEnumerable<string> AllowedKeys(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .Select(p => Naming.Apply(p.Name));

    private static string StripMark(string message) => MarkPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"Property '([^']+)' not found on type '([^']+)'")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"Missing properties?,? (.+?) in source yaml", RegexOptions.IgnoreCase)]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();
}
