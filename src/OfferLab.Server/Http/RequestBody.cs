using System.Text;

namespace OfferLab.Server.Http;

/// <summary>Reads a text body with a size limit, as UTF-8, refusing what is not.</summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The body as text, or a problem message (too large, not UTF-8).</summary>
    public static async Task<(string? Text, string? Problem, int Status)> ReadTextAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, $"The body is {request.ContentLength} bytes; at most {maxBytes} are accepted.", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, $"The body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null, 0);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The body is not valid UTF-8 text.", StatusCodes.Status400BadRequest);
        }
    }
}
