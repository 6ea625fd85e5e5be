using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable.Tests.Support;

/// <summary>Counts the requests a table client sends, by kind, so tests can see how many round trips a layout costs.</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private int _transactions;
    private int _listings;
    private int _pointReads;
    private int _all;

    public int Transactions => Volatile.Read(ref _transactions);

    public int Listings => Volatile.Read(ref _listings);

    public int PointReads => Volatile.Read(ref _pointReads);

    public int All => Volatile.Read(ref _all);

    public TableClientOptions Options()
    {
        var options = new TableClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerCall);
        return options;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _transactions, 0);
        Interlocked.Exchange(ref _listings, 0);
        Interlocked.Exchange(ref _pointReads, 0);
        Interlocked.Exchange(ref _all, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        Interlocked.Increment(ref _all);
        var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
        if (uri.Contains("$batch", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _transactions);
        }
        else if (message.Request.Method == RequestMethod.Get && uri.Contains("$filter", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _listings);
        }
        else if (message.Request.Method == RequestMethod.Get && uri.Contains("RowKey=", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _pointReads);
        }
    }
}
