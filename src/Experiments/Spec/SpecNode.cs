using YamlDotNet.Serialization;

namespace MlNetGenre.Experiments.Spec;

/// <summary>Base of every YAML mapping in a spec: remembers where it started, for error messages.</summary>
public abstract class SpecNode
{
    [YamlIgnore] public long Line { get; internal set; }
    [YamlIgnore] public long Column { get; internal set; }
}
