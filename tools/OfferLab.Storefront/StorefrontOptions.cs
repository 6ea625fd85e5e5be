using System.Globalization;

namespace OfferLab.Storefront;

/// <summary>Command-line options; defaults fit the README's run command and its development keys.</summary>
internal sealed record StorefrontOptions(Uri Server, string StorefrontKey, string EditorKey, string AnalystKey, TimeSpan Duration, int Concurrency, int Seed)
{
    public static StorefrontOptions? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--server"] = Environment.GetEnvironmentVariable("OFFERLAB_SERVER") ?? "http://127.0.0.1:5080",
            ["--storefront-key"] = "dev-storefront-key-0000000000000",
            ["--editor-key"] = "dev-editor-key-000000000000000000",
            ["--analyst-key"] = "dev-analyst-key-00000000000000000",
            ["--duration"] = "240",
            ["--concurrency"] = "8",
            ["--seed"] = "1",
        };
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length)
            {
                Console.Error.WriteLine($"storefront: unknown or incomplete option '{args[i]}'. Options: {string.Join(' ', values.Keys)}");
                return null;
            }

            values[args[i]] = args[i + 1];
        }

        if (!Uri.TryCreate(values["--server"].TrimEnd('/') + "/", UriKind.Absolute, out var server)
            || !int.TryParse(values["--duration"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1
            || !int.TryParse(values["--concurrency"], NumberStyles.None, CultureInfo.InvariantCulture, out var concurrency) || concurrency is < 1 or > 256
            || !int.TryParse(values["--seed"], NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
        {
            Console.Error.WriteLine("storefront: --server must be a URL, --duration seconds ≥ 1, --concurrency 1-256, --seed a number");
            return null;
        }

        return new StorefrontOptions(server, values["--storefront-key"], values["--editor-key"], values["--analyst-key"], TimeSpan.FromSeconds(seconds), concurrency, seed);
    }
}
