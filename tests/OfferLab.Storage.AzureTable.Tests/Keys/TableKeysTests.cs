using System.Text;
using OfferLab.Storage.AzureTable.Keys;

namespace OfferLab.Storage.AzureTable.Tests.Keys;

public sealed class TableKeysTests
{
    public static TheoryData<string> AwkwardTexts() => new()
    {
        "",
        "plain",
        "a/b\\c#d?e",
        "100%|%41",
        "tab\there\nnewline\u0000nul\u001f\u007f\u0085\u009f",
        "Grüße, 日本語, Ελληνικά, 🎉",
        "lone \ud800 high and \udc00 low",
        new string('x', 3000),
        string.Concat(Enumerable.Repeat("/🎉%", 400)),
    };

    [Theory]
    [MemberData(nameof(AwkwardTexts))]
    public void Escaping_round_trips_and_leaves_no_forbidden_character(string text)
    {
        var escaped = TableKeys.Escape(text);

        Assert.Equal(text, TableKeys.Unescape(escaped));
        Assert.DoesNotContain(escaped, IsForbidden);
        // No lone surrogate survives: the key encodes to UTF-8 and back unchanged.
        Assert.Equal(escaped, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(escaped)));
    }

    [Theory]
    [MemberData(nameof(AwkwardTexts))]
    public void Keys_stay_within_one_kibibyte_and_free_of_forbidden_characters(string text)
    {
        var partition = TableKeys.PartitionKey("service", "test/" + text);
        var row = TableKeys.RowKey(text);

        Assert.InRange(TableKeys.SizeInBytes(partition), 1, TableKeys.MaxKeyBytes);
        Assert.InRange(TableKeys.SizeInBytes(row), 0, TableKeys.MaxKeyBytes);
        Assert.DoesNotContain(partition, IsForbidden);
        Assert.DoesNotContain(row, IsForbidden);
    }

    [Fact]
    public void Long_keys_are_hashed_behind_a_readable_prefix_and_stay_distinct()
    {
        var common = new string('k', 2000);
        var first = TableKeys.RowKey(common + "1");
        var second = TableKeys.RowKey(common + "2");

        Assert.True(TableKeys.IsHashed(first));
        Assert.StartsWith("kkkk", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.False(TableKeys.IsHashed(TableKeys.RowKey("short/with%escapes")));
    }

    [Fact]
    public void Separator_and_escape_characters_cannot_make_two_ids_share_a_key()
    {
        // Each pair would collide under naive concatenation or unescaped separators.
        Assert.NotEqual(TableKeys.PartitionKey("a|b", "c"), TableKeys.PartitionKey("a", "b|c"));
        Assert.NotEqual(TableKeys.PartitionKey("a/b", "c"), TableKeys.PartitionKey("a", "b/c"));
        Assert.NotEqual(TableKeys.RowKey("%2F"), TableKeys.RowKey("/"));
        Assert.NotEqual(TableKeys.RowKey("%H"), TableKeys.RowKey("%25H"));
    }

    private static bool IsForbidden(char c) =>
        c is '/' or '\\' or '#' or '?' || char.IsControl(c);
}
