using System.Globalization;
using MlNetGenre.Core.Models;
using MlNetGenre.Core.Options;
using MlNetGenre.Core.Spec;

namespace MlNetGenre.DeepModels.Tests;

/// <summary>A family's options with some values set, written as YAML would give them (numbers, booleans, text).</summary>
internal static class TestOptions
{
    public static object Bind(IModelFamily family, IReadOnlyDictionary<string, object> values)
    {
        var at = new SourcePosition("test", 1, 1);
        string Text(object v) => v switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? "",
        };
        return OptionBinder.Bind(family.DefaultOptions, values.Select(p => new SpecEntry(new SpecScalar(p.Key, false, at), new SpecScalar(Text(p.Value), false, at))), family.Name);
    }

    public static DeepFamily Family(string name) => DeepFamily.All.Single(f => f.Name == name);
}
