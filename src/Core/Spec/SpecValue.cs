using System.Globalization;

namespace MlNetGenre.Core.Spec;

/// <summary>
/// A YAML value with the position it was written at: a scalar (its text, typed only when bound to an option),
/// a sequence or a mapping. The whole spec is read into these first, so every later error can name
/// <c>file:line:column</c>, and nothing reads YAML text anywhere else.
/// </summary>
public abstract record SpecValue(SourcePosition Position)
{
    /// <summary>A short description for error messages: the scalar's text, or "a list" / "a mapping".</summary>
    public abstract string Describe();
}

/// <summary>A scalar. <see cref="Quoted"/> scalars are always text; plain ones may be numbers, booleans or null.</summary>
public sealed record SpecScalar(string Text, bool Quoted, SourcePosition Position) : SpecValue(Position)
{
    /// <summary>YAML's plain null: <c>null</c>, <c>~</c>, <c>none</c> or nothing.</summary>
    public bool IsNull => !Quoted && Text is "" or "~" or "null" or "Null" or "NULL" or "none" or "None";

    public bool TryInteger(out long value) => long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && !Quoted;

    /// <summary>A number, including YAML's <c>.nan</c> and <c>.inf</c> (options reject non-finite values unless they allow them).</summary>
    public bool TryNumber(out double value)
    {
        value = 0;
        if (Quoted) return false;
        switch (Text.ToLowerInvariant())
        {
            case ".nan": value = double.NaN; return true;
            case ".inf" or "+.inf": value = double.PositiveInfinity; return true;
            case "-.inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public bool TryBoolean(out bool value)
    {
        value = Text is "true" or "True" or "TRUE";
        return !Quoted && (value || Text is "false" or "False" or "FALSE");
    }

    public override string Describe() => $"'{(Text.Length > 60 ? Text[..57] + "..." : Text)}'";
}

public sealed record SpecSequence(IReadOnlyList<SpecValue> Items, SourcePosition Position) : SpecValue(Position)
{
    public override string Describe() => $"a list of {Items.Count}";
}

/// <summary>A mapping; keys are unique (the reader rejects duplicates) and kept in file order.</summary>
public sealed record SpecMapping(IReadOnlyList<SpecEntry> Entries, SourcePosition Position) : SpecValue(Position)
{
    public SpecEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Text == key);

    public override string Describe() => "a mapping";
}

/// <summary>One <c>key: value</c> of a mapping.</summary>
public sealed record SpecEntry(SpecScalar Key, SpecValue Value);
