using System.Text.Json;

namespace OfferLab.Core.Tests.Statistics;

/// <summary>Reads the known-answer vectors written by Vectors/generate.py (mpmath, independent of the C#).</summary>
internal static class Vectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Statistics", "Vectors", "statistics-vectors.json"))));

    public static JsonElement Section(string name) => Document.Value.RootElement.GetProperty(name);

    public static TheoryData<int> Indices(string section)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Section(section).GetArrayLength(); i++)
        {
            data.Add(i);
        }

        return data;
    }

    public static double[] Doubles(this JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
