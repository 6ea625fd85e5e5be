using System.Globalization;
using System.Text.RegularExpressions;

namespace OfferLab.Core.Declarations;

/// <summary>Durations as the declaration writes them: <c>&lt;n&gt;s|m|h|d</c> (<c>90s</c>, <c>10m</c>, <c>24h</c>, <c>30d</c>).</summary>
public static partial class Duration
{
    /// <summary>Parses <paramref name="text"/>; false for anything but digits followed by one unit letter.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = Pattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000_000)
        {
            return false;
        }

        value = match.Groups[2].Value switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return true;
    }

    /// <summary>The shortest exact form: <c>30d</c>, <c>36h</c>, <c>10m</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var seconds = (long)value.TotalSeconds;
        return seconds % 86_400 == 0 && seconds != 0 ? $"{seconds / 86_400}d"
            : seconds % 3_600 == 0 && seconds != 0 ? $"{seconds / 3_600}h"
            : seconds % 60 == 0 && seconds != 0 ? $"{seconds / 60}m"
            : $"{seconds}s";
    }

    [GeneratedRegex(@"^([0-9]{1,12})([smhd])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
