using Azure.Data.Tables;

namespace OfferLab.Server.Health;

/// <summary>A table service client kept only for probing reachability, with no retries.</summary>
internal sealed record TableStorageProbe(TableServiceClient Client);
