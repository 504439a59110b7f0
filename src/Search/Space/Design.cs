namespace CimSim.Search.Space;

/// <summary>
/// One point of a search space: a <see cref="LayerChoice"/> for every searched layer, in the space's layer
/// order. Two designs are equal when their <see cref="Key"/>s are; the key is the stable identity under which
/// results are stored (<c>results.jsonl</c>) and never re-evaluated.
/// </summary>
public sealed class Design : IEquatable<Design>
{
    /// <summary>Searched layer names, in network order.</summary>
    public IReadOnlyList<string> LayerNames { get; }
    /// <summary>The choice for each layer of <see cref="LayerNames"/>.</summary>
    public IReadOnlyList<LayerChoice> Choices { get; }
    /// <summary>Stable text identity: <c>conv1=c64/adc-sar-5b-cs8/i8;conv2=…</c>.</summary>
    public string Key { get; }

    /// <summary>A design; <paramref name="choices"/> must match <paramref name="layerNames"/> one to one.</summary>
    public Design(IReadOnlyList<string> layerNames, IReadOnlyList<LayerChoice> choices)
    {
        if (layerNames.Count != choices.Count)
            throw new ArgumentException($"{choices.Count} choices for {layerNames.Count} layers", nameof(choices));
        LayerNames = layerNames;
        Choices = choices.ToArray();
        Key = string.Join(";", layerNames.Select((n, i) => $"{n}={Choices[i].Key}"));
    }

    /// <summary>The choice for layer <paramref name="name"/>, or null when it is not searched.</summary>
    public LayerChoice? For(string name)
    {
        for (int i = 0; i < LayerNames.Count; i++) if (LayerNames[i] == name) return Choices[i];
        return null;
    }

    /// <summary>The same design with layer <paramref name="index"/>'s choice replaced.</summary>
    public Design With(int index, LayerChoice choice)
    {
        var c = Choices.ToArray();
        c[index] = choice;
        return new Design(LayerNames, c);
    }

    /// <summary>Reads a <see cref="Key"/>; null when it is malformed.</summary>
    public static Design? Parse(string key)
    {
        var names = new List<string>();
        var choices = new List<LayerChoice>();
        foreach (var part in key.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) return null;
            var c = LayerChoice.Parse(part[(eq + 1)..]);
            if (c is null) return null;
            names.Add(part[..eq]);
            choices.Add(c);
        }
        return new Design(names, choices);
    }

    /// <inheritdoc />
    public bool Equals(Design? other) => other is not null && other.Key == Key;
    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Design);
    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);
    /// <inheritdoc />
    public override string ToString() => Key;
}
