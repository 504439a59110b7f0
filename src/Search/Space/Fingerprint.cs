using System.Globalization;

namespace CimSim.Search.Space;

/// <summary>Short, stable text fingerprints (FNV-1a, 64 bit, upper half in hex): design names and space identities.</summary>
public static class Fingerprint
{
    /// <summary>Eight hex digits that identify <paramref name="text"/>; the same on every machine and run.</summary>
    public static string Of(string text)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in text) { h ^= ch; h *= 1099511628211UL; }
        return (h >> 32).ToString("x8", CultureInfo.InvariantCulture);
    }
}
