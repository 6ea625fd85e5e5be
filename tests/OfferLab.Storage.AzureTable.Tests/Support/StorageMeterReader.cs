using System.Diagnostics.Metrics;

namespace OfferLab.Storage.AzureTable.Tests.Support;

/// <summary>Sums the <c>OfferLab.Storage</c> batch counters of one provider (by its name tag) while it lives.</summary>
internal sealed class StorageMeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _transactions;
    private long _records;

    public StorageMeterReader(string provider)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "OfferLab.Storage")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "provider" && Equals(tag.Value, provider))
                {
                    if (instrument.Name == "offerlab.storage.batch_transactions")
                    {
                        Interlocked.Add(ref _transactions, value);
                    }
                    else if (instrument.Name == "offerlab.storage.batch_records")
                    {
                        Interlocked.Add(ref _records, value);
                    }
                }
            }
        });
        _listener.Start();
    }

    public long Transactions => Interlocked.Read(ref _transactions);

    public long Records => Interlocked.Read(ref _records);

    public void Dispose() => _listener.Dispose();
}
