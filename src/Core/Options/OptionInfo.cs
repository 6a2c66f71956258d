using System.Reflection;

namespace MlNetGenre.Core.Options;

/// <summary>One option of an options type, as the binder, the validation messages and the README list it.</summary>
public sealed record OptionInfo(string Name, PropertyInfo Property, string Description, double Min, double Max)
{
    public Type Type => Property.PropertyType;

    /// <summary>What values it takes, e.g. "an integer >= 1" or "one of gini, entropy".</summary>
    public string Allowed => OptionValues.DescribeType(Type, Min, Max);
}
