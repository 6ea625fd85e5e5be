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
    private readonly (byte[] Digest, string Name, string Role)[] _keys =
        options.Value.ApiKeys.Select(k => (Digest(k.Key), k.Name, k.Role)).ToArray();

    /// <summary>The holder and role of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public (string Name, string Role)? Find(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, digest);
        (string, string)? found = null;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                found = (key.Name, key.Role);
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
