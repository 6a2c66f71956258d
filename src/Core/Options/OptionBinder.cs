using System.Collections.Concurrent;
using System.Reflection;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.Core.Options;

/// <summary>
/// Binds YAML entries onto a typed options object: a copy of the component's defaults with the given keys set.
/// Every option of a type is a public property marked <see cref="OptionAttribute"/>, so the defaults, the allowed
/// keys in error messages, the README's lists and the canonical text used in reports and trial keys all come
/// from that one declaration.
/// </summary>
public static class OptionBinder
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<OptionInfo>> Cache = new();
    private static readonly MethodInfo Clone = typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!;

    /// <summary>The options of <paramref name="type"/>, sorted by YAML name.</summary>
    public static IReadOnlyList<OptionInfo> Describe(Type type) => Cache.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<OptionAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => new OptionInfo(p.Attribute!.Name ?? OptionValues.SnakeCase(p.Property.Name), p.Property, p.Attribute.Description, p.Attribute.Min, p.Attribute.Max))
            .OrderBy(o => o.Name, StringComparer.Ordinal).ToArray());

    /// <summary>A copy of <paramref name="defaults"/> with <paramref name="entries"/> applied.</summary>
    /// <param name="owner">Names the thing being configured in errors, e.g. "family 'random-forest'".</param>
    public static T Bind<T>(T defaults, IEnumerable<SpecEntry> entries, string owner) where T : class =>
        (T)Bind((object)defaults, entries, owner);

    public static object Bind(object defaults, IEnumerable<SpecEntry> entries, string owner)
    {
        var options = Describe(defaults.GetType());
        object result = Clone.Invoke(defaults, null)!;
        foreach (var entry in entries)
        {
            var option = options.FirstOrDefault(o => o.Name == entry.Key.Text)
                ?? throw new SpecException(entry.Key.Position, $"{owner} has no option '{entry.Key.Text}'; allowed: {string.Join(", ", options.Select(o => o.Name))}");
            option.Property.SetValue(result, OptionValues.Convert(entry.Value, option.Type, option.Name, option.Min, option.Max));
        }
        return result;
    }

    /// <summary>Binds plain text values (e.g. a model's stored front-end parameters) onto the defaults.</summary>
    public static T BindText<T>(T defaults, IEnumerable<KeyValuePair<string, string>> values, string owner, string source) where T : class
    {
        var position = new SourcePosition(source, 0, 0);
        var known = Describe(defaults.GetType()).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return Bind(defaults, values.Where(v => known.Contains(v.Key))
            .Select(v => new SpecEntry(new SpecScalar(v.Key, false, position), new SpecScalar(v.Value, false, position))), owner);
    }

    /// <summary>The canonical <c>name=value</c> list of every option, sorted by name: readable and stable (reports, keys).</summary>
    public static string Format(object options) =>
        string.Join(", ", Describe(options.GetType()).Select(o => $"{o.Name}={OptionValues.Text(o.Property.GetValue(options))}"));

    /// <summary>Only the options that differ from <paramref name="defaults"/> (for readable logs).</summary>
    public static string FormatChanges(object options, object defaults) =>
        string.Join(", ", Describe(options.GetType())
            .Select(o => (o.Name, Value: OptionValues.Text(o.Property.GetValue(options)), Default: OptionValues.Text(o.Property.GetValue(defaults))))
            .Where(o => o.Value != o.Default).Select(o => $"{o.Name}={o.Value}"));

    /// <summary>Every option as invariant text, by YAML name.</summary>
    public static IReadOnlyDictionary<string, string> ToText(object options) =>
        Describe(options.GetType()).ToDictionary(o => o.Name, o => OptionValues.Text(o.Property.GetValue(options)), StringComparer.Ordinal);
}
