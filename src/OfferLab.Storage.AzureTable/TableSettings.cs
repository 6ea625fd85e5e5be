using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace OfferLab.Storage.AzureTable;

/// <summary>The checks every Table storage setting shares, for the option validators of storage, journal and server.</summary>
public static partial class TableSettings
{
    /// <summary>Azure's rule for table names: 3-63 letters or digits, starting with a letter.</summary>
    public static bool IsValidTableName(string? name) => name is not null && TableNamePattern().IsMatch(name);

    /// <summary>True when the Azure SDK accepts the connection string (it is only parsed, nothing is contacted).</summary>
    public static bool ConnectionStringParses(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
