using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace MlNetGenre.Experiments.Spec;

/// <summary>Wraps YamlDotNet's object deserializer to record where each <see cref="SpecNode"/> starts.</summary>
internal sealed class PositionTrackingNodeDeserializer(INodeDeserializer inner) : INodeDeserializer
{
    public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
        out object? value, ObjectDeserializer rootDeserializer)
    {
        var start = reader.Current?.Start ?? Mark.Empty;
        if (!inner.Deserialize(reader, expectedType, nestedObjectDeserializer, out value, rootDeserializer)) return false;
        if (value is SpecNode node)
        {
            node.Line = start.Line;
            node.Column = start.Column;
        }
        return true;
    }
}
