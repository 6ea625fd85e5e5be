using System.Text.RegularExpressions;

namespace OfferLab.Server.Http;

/// <summary>The id rule of SPEC.md, checked at the edge so no odd id ever reaches a grain.</summary>
internal static partial class ExperimentIds
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static Dictionary<string, string[]> Problem(string? id) => new()
    {
        ["id"] = [$"'{Printable(id)}' is not an experiment id: 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit"],
    };

    /// <summary>Shows control characters as escapes, so an error message never carries them raw.</summary>
    public static string Printable(string? text)
    {
        if (text is null)
        {
            return "";
        }

        var clipped = text.Length > 80 ? text[..80] + "…" : text;
        return string.Concat(clipped.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
