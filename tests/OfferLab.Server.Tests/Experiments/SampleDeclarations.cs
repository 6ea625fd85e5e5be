namespace OfferLab.Server.Tests.Experiments;

/// <summary>Declarations written the way a growth team would, varied by what a test needs.</summary>
internal static class SampleDeclarations
{
    public static string Yaml(string id, bool withCombo = false, double alpha = 0.05, double floor = 0.01) => $"""
        apiVersion: offerlab/v1
        id: {id}
        name: Sides offered with a burger
        owner: growth-food
        placement: cart
        trigger:
          categories: [burgers]
        variants:
          - id: control
            control: true
            offer: null
          - id: fries
            offer: {"{"} sku: FRIES-M, title: Add medium fries, price: 2.49, margin: 1.60 {"}"}
        {(withCombo ? "  - id: combo\n    offer: { sku: COMBO-UP, title: Make it a combo, price: 3.99, margin: 2.10 }\n" : "")}allocation:
          policy: thompson
          floor: {floor.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        stopping:
          alpha: {alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        """;
}
