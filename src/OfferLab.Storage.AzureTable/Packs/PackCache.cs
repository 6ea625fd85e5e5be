namespace OfferLab.Storage.AzureTable.Packs;

/// <summary>
/// The data of recently read packs, least recently used first out past a byte budget. A pack holds many grains'
/// records, so grains activating together (a restart, a journal replay) read each pack once rather than once each;
/// concurrent readers of one pack share its read.
/// </summary>
internal sealed class PackCache(long budgetBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Item>> _items = new(StringComparer.Ordinal);
    private readonly LinkedList<Item> _recency = new();
    private long _bytes;

    /// <summary>The pack's data (null when the pack is gone), read with <paramref name="read"/> unless cached.</summary>
    public Task<byte[]?> GetAsync(string key, Func<Task<byte[]?>> read)
    {
        Item item;
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Data;
            }

            item = new Item(key, read());
            _items[key] = _recency.AddFirst(item);
        }

        _ = item.Data.ContinueWith(done => Settle(item, done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return item.Data;
    }

    /// <summary>Forgets a pack that was deleted or replaced.</summary>
    public void Remove(string key)
    {
        lock (_gate)
        {
            if (_items.Remove(key, out var node))
            {
                _recency.Remove(node);
                _bytes -= node.Value.Bytes;
            }
        }
    }

    private void Settle(Item item, Task<byte[]?> done)
    {
        lock (_gate)
        {
            if (!_items.TryGetValue(item.Key, out var node) || node.Value != item)
            {
                return;
            }

            if (!done.IsCompletedSuccessfully || done.Result is null)
            {
                // A failed or missing read is not remembered: the next reader tries again.
                _items.Remove(item.Key);
                _recency.Remove(node);
                return;
            }

            item.Bytes = done.Result.Length;
            _bytes += item.Bytes;
            while (_bytes > budgetBytes && _recency.Last is { } oldest && oldest != node)
            {
                _recency.RemoveLast();
                _items.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Bytes;
            }
        }
    }

    private sealed class Item(string key, Task<byte[]?> data)
    {
        public string Key => key;

        public Task<byte[]?> Data => data;

        public long Bytes { get; set; }
    }
}
