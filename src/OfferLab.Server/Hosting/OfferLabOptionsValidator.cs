using Microsoft.Extensions.Options;

namespace OfferLab.Server.Hosting;

/// <summary>Checks the whole configuration at start and reports every problem at once.</summary>
internal sealed class OfferLabOptionsValidator : IValidateOptions<OfferLabOptions>
{
    internal static readonly string[] Roles = ["storefront", "editor", "analyst", "admin"];

    /// <summary>Shorter keys are guessable; 16 characters is the floor, 32+ recommended.</summary>
    internal const int MinimumKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, OfferLabOptions options)
    {
        var failures = new List<string>();
        var prefix = OfferLabOptions.Section;

        if (string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            failures.Add($"{prefix}:Storage:ConnectionString is required (use 'UseDevelopmentStorage=true' for a local Azurite).");
        }

        if (options.Storage.CustomerBuckets is < 1 or > 65536)
        {
            failures.Add($"{prefix}:Storage:CustomerBuckets {options.Storage.CustomerBuckets} must be between 1 and 65536.");
        }

        if (options.Storage.CheckpointTransactions is < 1 or > 256)
        {
            failures.Add($"{prefix}:Storage:CheckpointTransactions {options.Storage.CheckpointTransactions} must be between 1 and 256.");
        }

        if (options.Storage.JournalTransactions is < 1 or > 64)
        {
            failures.Add($"{prefix}:Storage:JournalTransactions {options.Storage.JournalTransactions} must be between 1 and 64.");
        }

        if (options.Storage.JournalBatchDelay < TimeSpan.Zero || options.Storage.JournalBatchDelay > TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{prefix}:Storage:JournalBatchDelay {options.Storage.JournalBatchDelay} must be between 0 and 100 ms.");
        }

        if (!OfferLab.Storage.AzureTable.TableSettings.IsValidTableName(options.Storage.TableName))
        {
            failures.Add($"{prefix}:Storage:TableName '{options.Storage.TableName}' must be 3-63 letters or digits, starting with a letter.");
        }

        CheckPort(failures, $"{prefix}:Silo:SiloPort", options.Silo.SiloPort);
        CheckPort(failures, $"{prefix}:Silo:GatewayPort", options.Silo.GatewayPort);
        if (options.Silo.SiloPort != 0 && options.Silo.SiloPort == options.Silo.GatewayPort)
        {
            failures.Add($"{prefix}:Silo:SiloPort and GatewayPort must differ.");
        }

        if (string.IsNullOrWhiteSpace(options.Silo.ClusterId))
        {
            failures.Add($"{prefix}:Silo:ClusterId is required.");
        }

        if (string.IsNullOrWhiteSpace(options.Silo.ServiceId))
        {
            failures.Add($"{prefix}:Silo:ServiceId is required.");
        }

        CheckClustering(failures, options);
        CheckSigningKey(failures, options.Tokens.SigningKey);
        if (options.Assignment.CacheRefresh <= TimeSpan.Zero || options.Assignment.CacheRefresh > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{prefix}:Assignment:CacheRefresh is {options.Assignment.CacheRefresh}; expected more than 0 and at most 00:01:00.");
        }

        if (options.Assignment.CustomerIdleTimeout < TimeSpan.FromSeconds(2) || options.Assignment.CustomerIdleTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}:Assignment:CustomerIdleTimeout is {options.Assignment.CustomerIdleTimeout}; expected between 00:00:02 and 1.00:00:00.");
        }

        if (options.Assignment.CheckpointInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{prefix}:Assignment:CheckpointInterval is {options.Assignment.CheckpointInterval}; expected at least 00:00:01.");
        }

        if (options.Assignment.CheckpointMaxRecords is < 1_000 or > 10_000_000)
        {
            failures.Add($"{prefix}:Assignment:CheckpointMaxRecords {options.Assignment.CheckpointMaxRecords} must be between 1000 and 10000000.");
        }

        if (string.IsNullOrWhiteSpace(options.Assignment.JournalId) || options.Assignment.JournalId.Length > 64)
        {
            failures.Add($"{prefix}:Assignment:JournalId is required (at most 64 characters).");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{prefix}:ApiKeys:{i}";
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                failures.Add($"{at}:Name is required.");
            }

            if (key.Key.Length < MinimumKeyLength)
            {
                failures.Add($"{at}:Key ('{key.Name}') must be at least {MinimumKeyLength} characters.");
            }
            else if (!seen.Add(key.Key))
            {
                failures.Add($"{at}:Key ('{key.Name}') is used by another entry; each key grants one role.");
            }

            if (!Roles.Contains(key.Role, StringComparer.Ordinal))
            {
                failures.Add($"{at}:Role ('{key.Name}') is '{key.Role}'; expected one of {string.Join(", ", Roles)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckSigningKey(List<string> failures, string key)
    {
        const string path = OfferLabOptions.Section + ":Tokens:SigningKey";
        if (string.IsNullOrWhiteSpace(key))
        {
            failures.Add($"{path} is required: a base64 key of at least 32 random bytes (e.g. `openssl rand -base64 32`).");
            return;
        }

        var bytes = new byte[key.Length];
        if (!Convert.TryFromBase64String(key, bytes, out var length))
        {
            failures.Add($"{path} is not valid base64.");
        }
        else if (length < 32)
        {
            failures.Add($"{path} decodes to {length} bytes; at least 32 are needed.");
        }
    }

    private static void CheckClustering(List<string> failures, OfferLabOptions options)
    {
        var prefix = OfferLabOptions.Section + ":Silo";
        var silo = options.Silo;
        if (silo.Clustering is not (SiloOptions.LocalhostClustering or SiloOptions.RedisClustering))
        {
            failures.Add($"{prefix}:Clustering '{silo.Clustering}' must be '{SiloOptions.LocalhostClustering}' (one node) or '{SiloOptions.RedisClustering}' (a cluster).");
            return;
        }

        if (!System.Net.IPAddress.TryParse(silo.AdvertisedAddress, out _))
        {
            failures.Add($"{prefix}:AdvertisedAddress '{silo.AdvertisedAddress}' must be an IP address other silos can reach this one at.");
        }

        if (!silo.IsCluster)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(silo.Redis))
        {
            failures.Add($"{prefix}:Redis is required with Clustering 'redis' (e.g. '127.0.0.1:6379').");
        }
        else
        {
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(silo.Redis);
            }
            catch (ArgumentException e)
            {
                failures.Add($"{prefix}:Redis is not a Redis configuration string: {e.Message}");
            }
        }

        // Each bucket must belong to one shard, so that one node at a time writes it (the bucket's index is the writer's).
        if (options.Storage.CustomerBuckets < OfferLab.Grains.Customers.CustomerShards.ShardCount)
        {
            failures.Add($"{OfferLabOptions.Section}:Storage:CustomerBuckets is {options.Storage.CustomerBuckets}; a cluster needs at least {OfferLab.Grains.Customers.CustomerShards.ShardCount} (one bucket or more per customer shard), set on a new table.");
        }
    }

    private static void CheckPort(List<string> failures, string path, int port)
    {
        if (port is < 0 or > 65535)
        {
            failures.Add($"{path} is {port}; expected 0 (pick a free port) or 1-65535.");
        }
    }
}
