using System.Text.Json;

namespace OfferLab.Cli.Apply;

/// <summary>Prints the server's answer to one apply: what changed, or the problem and its errors.</summary>
internal static class ApplyAnswer
{
    /// <summary>Prints <c>id: created (version 1)</c>, <c>id: version 3: change</c> lines or <c>id: unchanged</c>.</summary>
    public static async Task<bool> PrintSuccessAsync(string id, string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var version = root.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0;
            if (root.TryGetProperty("created", out var created) && created.ValueKind == JsonValueKind.True)
            {
                await Console.Out.WriteLineAsync($"{id}: created (version {version})");
            }
            else if (root.TryGetProperty("changed", out var changed) && changed.ValueKind == JsonValueKind.True)
            {
                foreach (var change in Strings(root, "changes"))
                {
                    await Console.Out.WriteLineAsync($"{id}: version {version}: {change}");
                }
            }
            else
            {
                await Console.Out.WriteLineAsync($"{id}: unchanged");
            }

            return true;
        }
        catch (JsonException)
        {
            await Console.Error.WriteLineAsync($"{id}: the server answered with something that is not the expected JSON");
            return false;
        }
    }

    /// <summary>Prints an RFC 9457 problem: each error line (already <c>file:line:col: path: message</c>), then title and detail.</summary>
    public static async Task<bool> PrintProblemAsync(string id, int status, string body)
    {
        string? title = null, detail = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in errors.EnumerateObject())
                {
                    foreach (var message in entry.Value.ValueKind == JsonValueKind.Array ? entry.Value.EnumerateArray().Select(e => e.ToString()) : [entry.Value.ToString()])
                    {
                        await Console.Out.WriteLineAsync(message);
                    }
                }
            }
        }
        catch (JsonException)
        {
            detail = body.Length > 200 ? body[..200] + "…" : body;
        }

        var what = title ?? "request failed";
        await Console.Error.WriteLineAsync($"{id}: {what} (HTTP {status}){(string.IsNullOrWhiteSpace(detail) ? "" : ": " + detail)}");
        return false;
    }

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.ToString())
            : [];
}
