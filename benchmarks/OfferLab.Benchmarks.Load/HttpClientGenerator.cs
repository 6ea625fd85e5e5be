using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace OfferLab.Benchmarks.Load;

/// <summary>
/// The fallback when wrk is missing: one closed loop per connection over <see cref="SocketsHttpHandler"/>, sending the
/// same requests as <c>Wrk/phase.lua</c> and checking every 50th answer the same way.
/// </summary>
internal sealed class HttpClientGenerator(Uri baseAddress, int connections, string bearerKey) : ILoadGenerator
{
    public string Description => $"HttpClient closed loop (SocketsHttpHandler), {connections} connections";

    public async Task<PhaseResult> RunAsync(PhaseKind phase, TimeSpan duration, string runId, string? file, TimeSpan think = default)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        var lines = file is null ? [] : await File.ReadAllLinesAsync(file);
        var tally = new Tally();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(() => LoopAsync(c))));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new PhaseResult(
            all.Length, seconds, Percentile(all, 0.50), Percentile(all, 0.99), tally.Non2xx, tally.Status5xx, tally.SocketErrors,
            tally.Checked, tally.Mismatched, tally.FirstMismatch);

        async Task<List<double>> LoopAsync(int connection)
        {
            var measured = new List<double>();
            var position = lines.Length * connection / connections;
            for (long sequence = 1; Stopwatch.GetTimestamp() < stopAt; sequence++)
            {
                using var request = Build(connection, sequence, ref position);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    measured.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    tally.Count(phase, (int)response.StatusCode, body);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    tally.SocketError();
                }

                if (think > TimeSpan.Zero)
                {
                    await Task.Delay(think);
                }
            }

            return measured;
        }

        HttpRequestMessage Build(int connection, long sequence, ref int position)
        {
            if (phase == PhaseKind.Bare)
            {
                return new HttpRequestMessage(HttpMethod.Get, HotPathRequests.BarePath);
            }

            string path, json;
            if (phase == PhaseKind.NewSession)
            {
                var id = HotPathRequests.GeneratedId(runId, connection, sequence);
                (path, json) = (HotPathRequests.AssignPath, HotPathRequests.Assign("c-" + id, "s-" + id));
            }
            else if (phase is PhaseKind.Repeat or PhaseKind.ReturningSession)
            {
                var (customer, session) = lines[position++ % lines.Length].Split(' ') is [var c, var s] ? (c, s) : throw new InvalidDataException("A pool line is not 'customerId sessionId'.");
                if (phase == PhaseKind.ReturningSession)
                {
                    session += "-" + HotPathRequests.GeneratedId(runId, connection, sequence);
                }

                (path, json) = (HotPathRequests.AssignPath, HotPathRequests.Assign(customer, session));
            }
            else
            {
                var token = lines[position++ % lines.Length];
                (path, json) = (HotPathRequests.OutcomesPath, HotPathRequests.Outcome(token, "k-" + HotPathRequests.GeneratedId(runId, connection, sequence)));
            }

            return new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Counts shared by the connection loops.</summary>
    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private long _answered;

        public long Non2xx { get; private set; }
        public long Status5xx { get; private set; }
        public long SocketErrors { get; private set; }
        public long Checked { get; private set; }
        public long Mismatched { get; private set; }
        public string? FirstMismatch { get; private set; }

        public void Count(PhaseKind phase, int status, string body)
        {
            lock (_gate)
            {
                Non2xx += status is >= 200 and < 300 ? 0 : 1;
                Status5xx += status >= 500 ? 1 : 0;
                if (_answered++ % 50 == 0)
                {
                    Checked++;
                    if (status != 200 || !HotPathRequests.IsExpected(phase, body))
                    {
                        Mismatched++;
                        FirstMismatch ??= string.Create(CultureInfo.InvariantCulture, $"{status} {body[..Math.Min(body.Length, 300)]}");
                    }
                }
            }
        }

        public void SocketError()
        {
            lock (_gate)
            {
                SocketErrors++;
            }
        }
    }
}
