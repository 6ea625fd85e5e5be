using System.Globalization;
using System.Text.Json;
using OfferLab.Core.Declarations;
using OfferLab.Core.Eligibility;

namespace OfferLab.Core.Tests.Eligibility;

/// <summary>Declarations and contexts for eligibility tests, built through the real parser.</summary>
internal static class Declarations
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A valid declaration with the given targeting sections (YAML, at top level).</summary>
    public static ExperimentDeclaration Declare(string targeting, string id = "burger-sides")
    {
        var result = DeclarationParser.Parse($"""
            apiVersion: offerlab/v1
            id: {id}
            name: Eligibility
            placement: cart
            {targeting}
            variants:
              - id: control
                control: true
                offer: null
              - id: fries
                offer: {"{"} sku: FRIES-M, title: Fries, price: 2.49, margin: 1.6 {"}"}
            """, "eligibility.yaml");
        return result.IsValid
            ? result.Declaration!
            : throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    /// <summary>The spec's burger-sides targeting with the given traffic share.</summary>
    public static ExperimentDeclaration BurgerSides(double traffic = 1.0, string stickiness = "session") => Declare($"""
        trigger:
          categories: [burgers]
          skus: [BURGER-XL]
        audience:
          rules:
            - {"{"} attribute: tier, in: [gold, silver] {"}"}
            - {"{"} attribute: days_since_purchase, lte: 30 {"}"}
          traffic: {traffic.ToString(CultureInfo.InvariantCulture)}
        allocation:
          stickiness: {stickiness}
        """);

    /// <summary>A session with these attributes, given as JSON values (<c>null</c> entries are left out).</summary>
    public static AssignContext Context(
        string[]? skus = null, string[]? categories = null, string session = "s-1", string customer = "c-1", params (string Name, string? Json)[] attributes) =>
        new(customer, session, skus ?? [], categories ?? ["burgers"], attributes
            .Where(a => a.Json is not null)
            .ToDictionary(a => a.Name, a => AttributeValue.From(JsonDocument.Parse(a.Json!).RootElement.Clone())));

    /// <summary>A burger session of a gold customer who bought 4 days ago.</summary>
    public static AssignContext Gold(string session = "s-1", string customer = "c-1") =>
        Context(session: session, customer: customer, attributes: [("tier", "\"gold\""), ("days_since_purchase", "4")]);
}
