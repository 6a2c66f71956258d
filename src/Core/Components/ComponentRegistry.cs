using System.Collections.Concurrent;
using System.Reflection;

namespace MlNetGenre.Core.Components;

/// <summary>
/// Components of one kind by YAML name. Built-in ones are found by reflection (every public, non-abstract class
/// of the given assemblies that implements <typeparamref name="T"/> and has a parameterless constructor), so
/// adding one is adding its file; extensions and test doubles are added with <see cref="Register"/>.
/// </summary>
public sealed class ComponentRegistry<T>(string what, Func<IEnumerable<T>> builtIns) where T : class, IComponent
{
    private readonly Lazy<ConcurrentDictionary<string, T>> _items = new(() =>
        new ConcurrentDictionary<string, T>(builtIns().ToDictionary(c => c.Name, StringComparer.Ordinal), StringComparer.Ordinal));

    /// <summary>What the components are, for messages ("model family").</summary>
    public string What { get; } = what;

    /// <summary>Adds (or replaces) a component under its name.</summary>
    public void Register(T component) => _items.Value[component.Name] = component;

    public bool TryGet(string name, out T component) => _items.Value.TryGetValue(name, out component!);

    public T this[string name] => TryGet(name, out var c) ? c : throw new KeyNotFoundException($"unknown {What} '{name}'; known: {string.Join(", ", Names)}");

    public IReadOnlyList<T> All => _items.Value.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    public IReadOnlyList<string> Names => _items.Value.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>One instance of every concrete public type in <paramref name="assemblies"/> that implements <typeparamref name="T"/>.</summary>
    public static IEnumerable<T> Discover(params Assembly[] assemblies) =>
        assemblies.Distinct().SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!);
}
