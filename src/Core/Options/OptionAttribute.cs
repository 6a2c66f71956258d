namespace MlNetGenre.Core.Options;

/// <summary>
/// Marks a property of an options record as a YAML option: its meaning and allowed range. The YAML name is the
/// property name in snake_case unless <see cref="Name"/> says otherwise; the default is the property's initial
/// value, written once in the options record (or in the component's default instance).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Smallest allowed value (numbers, and each element of a number list); NaN = no bound.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest allowed value; NaN = no bound.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>The YAML name when it is not the snake_case property name.</summary>
    public string? Name { get; init; }
}

/// <summary>The YAML spelling of an enum member when it is not the member name in snake_case (e.g. <c>kfold</c>).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class YamlNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
