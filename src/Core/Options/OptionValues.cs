using System.Globalization;
using System.Reflection;
using System.Text;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.Core.Options;

/// <summary>
/// Converts YAML values to option types (integers, numbers, booleans, text, enums, nullable values and lists of
/// those) with range checks, and back to canonical text. Each failure is a <see cref="SpecException"/> at the value.
/// </summary>
public static class OptionValues
{
    public static object? Convert(SpecValue value, Type type, string name, double min, double max)
    {
        var inner = Nullable.GetUnderlyingType(type);
        if (inner is not null || !type.IsValueType)
            if (value is SpecScalar { IsNull: true } && (inner is not null || IsList(type)))
                return null;
        type = inner ?? type;
        if (IsList(type)) return ConvertList(value, type, name, min, max);
        if (value is not SpecScalar scalar) throw Wrong(value, name, type, min, max);
        if (type == typeof(string)) return scalar.Text;
        if (type == typeof(bool)) return scalar.TryBoolean(out bool b) ? b : throw Wrong(value, name, type, min, max);
        if (type.IsEnum) return ParseEnum(scalar, type, name);
        if (type == typeof(int) || type == typeof(long))
        {
            if (!scalar.TryInteger(out long integer)) throw Wrong(value, name, type, min, max);
            CheckRange(integer, value, name, type, min, max);
            if (type == typeof(int) && integer is < int.MinValue or > int.MaxValue) throw Wrong(value, name, type, min, max);
            if (type == typeof(int)) return (int)integer;
            return integer;
        }
        if (type == typeof(double))
        {
            if (!scalar.TryNumber(out double number) || !double.IsFinite(number)) throw Wrong(value, name, type, min, max);
            CheckRange(number, value, name, type, min, max);
            return number;
        }
        throw new InvalidOperationException($"option '{name}' has an unsupported type {type.Name}");
    }

    private static object ConvertList(SpecValue value, Type type, string name, double min, double max)
    {
        var element = type.GetGenericArguments()[0];
        IReadOnlyList<SpecValue> items = value switch
        {
            SpecSequence sequence => sequence.Items,
            // "64,32" (a quoted or plain comma list) for number lists, as older specs wrote them
            SpecScalar scalar when element != typeof(string) && scalar.Text.Contains(',') =>
                scalar.Text.Split(',', StringSplitOptions.TrimEntries).Select(t => (SpecValue)new SpecScalar(t, false, scalar.Position)).ToArray(),
            SpecScalar scalar => [scalar with { Quoted = element == typeof(string) && scalar.Quoted }],
            _ => throw Wrong(value, name, type, min, max),
        };
        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
        foreach (var item in items) list.Add(Convert(item, element, name, min, max));
        return list;
    }

    private static object ParseEnum(SpecScalar scalar, Type type, string name)
    {
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            if (string.Equals(EnumName(field), scalar.Text, StringComparison.OrdinalIgnoreCase))
                return field.GetValue(null)!;
        throw new SpecException(scalar.Position, $"'{name}' must be one of {string.Join(", ", EnumNames(type))}, not {scalar.Describe()}");
    }

    public static IEnumerable<string> EnumNames(Type type) => type.GetFields(BindingFlags.Public | BindingFlags.Static).Select(EnumName);

    private static string EnumName(FieldInfo field) => field.GetCustomAttribute<YamlNameAttribute>()?.Name ?? SnakeCase(field.Name);

    /// <summary>The YAML spelling of an enum value.</summary>
    public static string EnumName(Enum value) => EnumName(value.GetType().GetField(value.ToString())!);

    public static bool IsList(Type type) => type.IsGenericType &&
        (type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) || type.GetGenericTypeDefinition() == typeof(List<>));

    private static void CheckRange(double number, SpecValue value, string name, Type type, double min, double max)
    {
        if ((!double.IsNaN(min) && number < min) || (!double.IsNaN(max) && number > max)) throw Wrong(value, name, type, min, max);
    }

    private static SpecException Wrong(SpecValue value, string name, Type type, double min, double max) =>
        new(value.Position, $"'{name}' must be {DescribeType(type, min, max)}, not {value.Describe()}");

    public static string DescribeType(Type type, double min, double max)
    {
        var inner = Nullable.GetUnderlyingType(type);
        if (inner is not null) return DescribeType(inner, min, max) + " or none";
        if (IsList(type)) return "a list of " + Plural(DescribeType(type.GetGenericArguments()[0], min, max));
        string range = (double.IsNaN(min), double.IsNaN(max)) switch
        {
            (false, false) => $" from {Text(min)} to {Text(max)}",
            (false, true) => $" >= {Text(min)}",
            (true, false) => $" <= {Text(max)}",
            _ => "",
        };
        if (type == typeof(int) || type == typeof(long)) return "an integer" + range;
        if (type == typeof(double)) return "a number" + range;
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return "one of " + string.Join(", ", EnumNames(type));
        return "text";
    }

    private static string Plural(string description) =>
        description.StartsWith("an ", StringComparison.Ordinal) ? description[3..].Replace("integer", "integers") :
        description.StartsWith("a ", StringComparison.Ordinal) ? description[2..].Replace("number", "numbers") : description;

    /// <summary>Canonical invariant text of an option value: numbers round-trip, enums in YAML spelling, lists in brackets.</summary>
    public static string Text(object? value) => value switch
    {
        null => "none",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        Enum e => EnumName(e),
        string s => s,
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
