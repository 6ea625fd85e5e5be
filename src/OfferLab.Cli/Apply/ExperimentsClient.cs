using System.Net.Http.Headers;
using System.Text;
using OfferLab.Cli.Validation;

namespace OfferLab.Cli.Apply;

/// <summary>Sends declarations to <c>PUT /v1/experiments/{id}</c> and prints the server's answer per file.</summary>
internal sealed class ExperimentsClient(Uri server, string apiKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Applies each file in order; false when any was refused or failed. Stops at the first unreachable server.</summary>
    public async Task<bool> ApplyAllAsync(IReadOnlyList<DeclarationFiles.Checked> files, CancellationToken cancel)
    {
        var ok = true;
        foreach (var file in files)
        {
            var id = file.Result.Declaration!.Id;
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(server, $"v1/experiments/{Uri.EscapeDataString(id)}"))
            {
                Content = new StringContent(await File.ReadAllTextAsync(file.FullPath, cancel), Encoding.UTF8, "application/yaml"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"offerlab apply: cannot reach the server at {server}: {e.Message}");
                return false;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancel);
                ok &= response.IsSuccessStatusCode
                    ? await ApplyAnswer.PrintSuccessAsync(id, body)
                    : await ApplyAnswer.PrintProblemAsync(id, (int)response.StatusCode, body);
            }
        }

        return ok;
    }

    public void Dispose() => _http.Dispose();
}
