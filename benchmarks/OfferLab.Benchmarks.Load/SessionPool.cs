using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// Sessions assigned once before the phases: the repeat phase asks them again (answer <c>sticky</c>), and their
/// tokens are what the outcome phase reports on.
/// </summary>
internal sealed class SessionPool
{
    private SessionPool(IReadOnlyList<(string Customer, string Session, string Token)> sessions) => Sessions = sessions;

    public IReadOnlyList<(string Customer, string Session, string Token)> Sessions { get; }

    /// <summary>Assigns <paramref name="size"/> new sessions, <paramref name="concurrency"/> at a time; every answer must be a fresh assignment.</summary>
    public static async Task<SessionPool> AssignAsync(HttpClient storefront, int size, int concurrency, string runId)
    {
        var sessions = new ConcurrentBag<(string, string, string)>();
        await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancel) =>
        {
            var (customer, session) = ($"pool-c-{runId}-{i}", $"pool-s-{runId}-{i}");
            var (reason, token) = await AssignAsync(storefront, customer, session, cancel);
            if (reason != "assigned" || token is null)
            {
                throw new InvalidOperationException($"Pool session {session} was answered '{reason}' (token {token ?? "none"}), not a fresh assignment.");
            }

            sessions.Add((customer, session, token));
        });
        return new SessionPool([.. sessions]);
    }

    /// <summary>One assign; gives the first assignment's reason and token, and fails on anything but 200.</summary>
    public static async Task<(string? Reason, string? Token)> AssignAsync(HttpClient storefront, string customer, string session, CancellationToken cancel)
    {
        using var content = new StringContent(HotPathRequests.Assign(customer, session), Encoding.UTF8, "application/json");
        using var response = await storefront.PostAsync(new Uri(HotPathRequests.AssignPath, UriKind.Relative), content, cancel);
        var body = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Assign for {customer}/{session} answered {(int)response.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        var first = json.RootElement.GetProperty("assignments").EnumerateArray().FirstOrDefault();
        return first.ValueKind == JsonValueKind.Object
            ? (first.GetProperty("reason").GetString(), first.TryGetProperty("token", out var t) ? t.GetString() : null)
            : (null, null);
    }

    /// <summary>Writes "customerId sessionId" lines for the repeat phase.</summary>
    public async Task<string> WriteSessionsAsync(string folder)
    {
        var path = Path.Combine(folder, "sessions.txt");
        await File.WriteAllLinesAsync(path, Sessions.Select(s => $"{s.Customer} {s.Session}"));
        return path;
    }

    /// <summary>Writes one token per line for the outcome phase.</summary>
    public async Task<string> WriteTokensAsync(string folder)
    {
        var path = Path.Combine(folder, "tokens.txt");
        await File.WriteAllLinesAsync(path, Sessions.Select(s => s.Token));
        return path;
    }
}
