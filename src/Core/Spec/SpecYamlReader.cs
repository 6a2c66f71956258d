using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MlNetGenre.Core.Spec;

/// <summary>
/// Reads YAML text into <see cref="SpecValue"/>s that remember their positions. Duplicate keys, non-scalar keys,
/// nesting deeper than <see cref="MaxDepth"/> and documents whose aliases would expand past
/// <see cref="MaxExpandedNodes"/> values (an "alias bomb") are errors with a position; aliases share the
/// node they name instead of copying it.
/// </summary>
public static class SpecYamlReader
{
    public const int MaxDepth = 64;
    public const long MaxExpandedNodes = 200_000;

    public static SpecValue Read(string yaml, string file)
    {
        var parser = new Parser(new StringReader(yaml));
        var reader = new State(parser, file);
        try
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
                throw new SpecException(file, 1, 1, "the file is empty; see experiments/quickstart.yaml for a complete example");
            var (root, _) = reader.ReadValue(0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var extra))
                throw new SpecException(file, extra.Start.Line, extra.Start.Column, "the file holds more than one YAML document; keep one experiment per file");
            return root;
        }
        catch (YamlException e)
        {
            string message = (e.InnerException ?? e).Message;
            int cut = message.IndexOf("):", StringComparison.Ordinal);
            if (message.StartsWith("(Line", StringComparison.Ordinal) && cut > 0) message = message[(cut + 2)..].Trim();
            throw new SpecException(file, e.Start.Line, e.Start.Column, $"not valid YAML: {message}");
        }
    }

    private sealed class State(IParser parser, string file)
    {
        private readonly Dictionary<string, (SpecValue Value, long Size)> _anchors = new(StringComparer.Ordinal);

        private SourcePosition At(ParsingEvent e) => new(file, e.Start.Line, e.Start.Column);

        /// <returns>The value and its size once every alias is expanded (a budget against alias bombs).</returns>
        public (SpecValue Value, long Size) ReadValue(int depth)
        {
            var current = parser.Current ?? throw new SpecException(file, 1, 1, "unexpected end of the file");
            if (depth > MaxDepth) throw new SpecException(At(current), $"values are nested deeper than {MaxDepth} levels");
            (SpecValue Value, long Size) result;
            string? anchor = null;
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out result))
                        throw new SpecException(At(alias), $"alias '*{alias.Value.Value}' names no anchor defined before it");
                    return result;
                case Scalar scalar:
                    parser.MoveNext();
                    anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    bool quoted = scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value is "tag:yaml.org,2002:str");
                    result = (new SpecScalar(scalar.Value, quoted, At(scalar)), 1);
                    break;
                case SequenceStart start:
                    parser.MoveNext();
                    anchor = start.Anchor.IsEmpty ? null : start.Anchor.Value;
                    var items = new List<SpecValue>();
                    long size = 1;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        var (item, itemSize) = ReadValue(depth + 1);
                        items.Add(item);
                        size = Budget(size + itemSize, item.Position);
                    }
                    result = (new SpecSequence(items, At(start)), size);
                    break;
                case MappingStart mapping:
                    parser.MoveNext();
                    anchor = mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value;
                    var entries = new List<SpecEntry>();
                    long total = 1;
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var keyEvent = parser.Current!;
                        var (key, _) = ReadValue(depth + 1);
                        if (key is not SpecScalar scalarKey)
                            throw new SpecException(At(keyEvent), "a mapping key must be a plain word, not a list or a mapping");
                        if (entries.FirstOrDefault(e => e.Key.Text == scalarKey.Text) is { } first)
                            throw new SpecException(scalarKey.Position, $"duplicate key '{scalarKey.Text}' (first at line {first.Key.Position.Line}); give each key once");
                        var (value, valueSize) = ReadValue(depth + 1);
                        entries.Add(new SpecEntry(scalarKey, value));
                        total = Budget(total + 1 + valueSize, value.Position);
                    }
                    result = (new SpecMapping(entries, At(mapping)), total);
                    break;
                default:
                    throw new SpecException(At(current), $"unexpected YAML element {current.GetType().Name}");
            }
            if (anchor is not null) _anchors[anchor] = result;
            return result;
        }

        private static long Budget(long size, SourcePosition position) => size <= MaxExpandedNodes
            ? size
            : throw new SpecException(position, $"the document expands to more than {MaxExpandedNodes:N0} values through aliases; write the values out instead of nesting aliases");
    }
}
