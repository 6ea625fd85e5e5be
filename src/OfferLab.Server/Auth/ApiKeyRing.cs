using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OfferLab.Server.Hosting;

namespace OfferLab.Server.Auth;

/// <summary>
/// The configured API keys, held as SHA-256 digests. A presented key is hashed and compared with every
/// entry in constant time, so neither timing nor early exit tells an attacker how close a guess was.
/// </summary>
internal sealed class ApiKeyRing(IOptions<OfferLabOptions> options)
{
    private readonly (byte[] Digest, ApiKeyHolder Holder)[] _keys =
        options.Value.ApiKeys.Select(k => (Digest(k.Key), ApiKeyHolder.Create(k.Name, k.Role))).ToArray();

    /// <summary>The holder of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public ApiKeyHolder? Find(ReadOnlySpan<char> presented)
    {
        // Hashed from the stack: every request presents a key, and the copies were garbage on the hot path.
        var most = Encoding.UTF8.GetMaxByteCount(presented.Length);
        var bytes = most <= 4096 ? stackalloc byte[most] : new byte[most];
        var length = Encoding.UTF8.GetBytes(presented, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], digest);
        ApiKeyHolder? found = null;
        foreach (var (keyDigest, holder) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, keyDigest))
            {
                found = holder;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

/// <summary>
/// Who holds a key and in which role, with the principal the API key scheme signs its requests in as: built once per
/// key rather than per request. Nothing in OfferLab changes a principal (no claims transformation is registered), so
/// requests can share it.
/// </summary>
internal sealed record ApiKeyHolder(string Name, string Role, ClaimsPrincipal Principal)
{
    public static ApiKeyHolder Create(string name, string role) => new(
        name,
        role,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], ApiKeyAuthenticationHandler.SchemeName)));
}
