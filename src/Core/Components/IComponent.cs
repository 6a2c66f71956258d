namespace MlNetGenre.Core.Components;

/// <summary>
/// Something a YAML file names: a dataset kind, a feature set or a model family. It declares its YAML name, a
/// one-line description and its options (an instance of its options record holding the defaults); the
/// registry finds it, the spec binds YAML onto a copy of <see cref="DefaultOptions"/>.
/// </summary>
public interface IComponent
{
    /// <summary>The YAML name, e.g. <c>random-forest</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>The defaults: an options record whose <see cref="Options.OptionAttribute"/> properties are the YAML options.</summary>
    object DefaultOptions { get; }
}
