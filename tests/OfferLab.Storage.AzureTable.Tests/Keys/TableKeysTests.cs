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
    [InlineData("customer/c-1", "customer%2Fc-1")]
    [InlineData("a/b\\c#d?e%f|g", "a%2Fb%5Cc%23d%3Fe%25f%7Cg")]
    [InlineData("\u0000\u001f\u007f\u0085\u009f", "%00%1F%7F%85%9F")]
    [InlineData("Grüße ü", "Grüße ü")]
    public void Escaping_writes_the_form_stored_keys_already_have(string text, string stored)
    {
        // Keys in storage were written in this form; a key escaped any other way would not find them.
        Assert.Equal(stored, TableKeys.Escape(text));
    }

    [Fact]
    public void Lone_surrogates_are_escaped_in_four_digits_and_pairs_kept()
    {
        // Not in InlineData: attribute strings are stored as UTF-8, which has no lone surrogates.
        Assert.Equal("lone %uD800 high, %uDBFFA and %uDC00 low, 🎉 paired", TableKeys.Escape("lone \ud800 high, \udbff\u0041 and \udc00 low, 🎉 paired"));
    }

    [Fact]
    public void A_text_that_needs_no_escape_is_returned_as_it_is()
    {
        var text = "customers-7 Grüße 🎉";

        Assert.Same(text, TableKeys.Escape(text));
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
