namespace OfferLab.Testing;

/// <summary>API keys that test servers are configured with, one per role.</summary>
public static class TestKeys
{
    public const string Storefront = "test-storefront-key-1111111111111";
    public const string Editor = "test-editor-key-22222222222222222";
    public const string Analyst = "test-analyst-key-3333333333333333";
    public const string Admin = "test-admin-key-44444444444444444";

    /// <summary>The token signing key of test servers (base64 of 32 bytes).</summary>
    public const string TokenSigningKey = "dGVzdC1vbmx5LXRva2VuLXNpZ25pbmcta2V5LTAwMzI=";

    internal static IEnumerable<(string Name, string Key, string Role)> All =>
    [
        ("test storefront", Storefront, "storefront"),
        ("test editor", Editor, "editor"),
        ("test analyst", Analyst, "analyst"),
        ("test admin", Admin, "admin"),
    ];
}
