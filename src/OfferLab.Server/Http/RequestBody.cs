using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OfferLab.Server.Http;

/// <summary>Reads a text body with a size limit, as UTF-8, refusing what is not.</summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the request declares a JSON body (<c>application/json</c>, parameters such as a charset aside).</summary>
    public static bool IsJson(HttpRequest request)
    {
        var type = request.ContentType.AsSpan();
        var parameters = type.IndexOf(';');
        return (parameters >= 0 ? type[..parameters] : type).Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The body as text, or a problem message (too large, not UTF-8). The bytes are read into a pooled buffer sized by
    /// the declared length (grown, up to the limit, when there is none or it is wrong), so a request leaves only its
    /// text behind: a 16 KiB chunk and a growing stream per request were half of what an outcome allocated (46.7 % of
    /// the bytes by an allocation trace, about 25 KB per request), and what the garbage collector then paused for.
    /// </summary>
    public static async Task<(string? Text, string? Problem, int Status)> ReadTextAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var (buffer, count, problem, status) = await ReadPooledAsync(request, maxBytes, cancellationToken);
        if (buffer is null)
        {
            return (null, problem, status);
        }

        try
        {
            return (StrictUtf8.GetString(buffer, 0, count), null, 0);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The body is not valid UTF-8 text.", StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The body as a <typeparamref name="T"/> read from JSON, or a problem message: too large (413), or not a JSON
    /// object of that shape (400, the parser's message; the problem's <c>errors</c> key is <c>(body)</c>). Read into a
    /// pooled buffer and parsed in one synchronous pass: the framework's binding parses from the request's pipe
    /// asynchronously, which on the assign route cost a tenth of the request's garbage (parser frames, and reflection
    /// on every pipe reader it releases).
    /// </summary>
    public static async Task<(T? Value, string? Problem, int Status)> ReadJsonAsync<T>(HttpRequest request, int maxBytes, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        var (buffer, count, problem, status) = await ReadPooledAsync(request, maxBytes, cancellationToken);
        if (buffer is null)
        {
            return (null, problem, status);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, count), options) is { } value
                ? (value, null, 0)
                : (null, "not valid JSON: the body must be a JSON object.", StatusCodes.Status400BadRequest);
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON: {e.Message}", StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The body's bytes in a rented buffer (the caller returns it), or a problem message when it is too large.</summary>
    private static async Task<(byte[]? Buffer, int Count, string? Problem, int Status)> ReadPooledAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, 0, $"The body is {request.ContentLength} bytes; at most {maxBytes} are accepted.", StatusCodes.Status413PayloadTooLarge);
        }

        // One byte past the declared length, so that a body longer than declared is seen without a second buffer.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, (request.ContentLength ?? 4096) + 1));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, buffer.Length * 2L));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (read == 0)
                {
                    var whole = (buffer, count, (string?)null, 0);
                    buffer = null;
                    return whole;
                }

                count += read;
                if (count > maxBytes)
                {
                    return (null, 0, $"The body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
