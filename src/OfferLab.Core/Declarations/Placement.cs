using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>Where in the customer's journey the offer shows. YAML and JSON use the snake_case names.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<Placement>))]
public enum Placement
{
    /// <summary><c>product_page</c>: next to the product the customer is looking at.</summary>
    ProductPage,

    /// <summary><c>cart</c>: in the cart, before checkout.</summary>
    Cart,

    /// <summary><c>checkout</c>: during checkout.</summary>
    Checkout,

    /// <summary><c>thank_you</c>: on the confirmation page right after the core purchase.</summary>
    ThankYou,

    /// <summary><c>post_purchase</c>: later, after the core purchase (e-mail, app, account page).</summary>
    PostPurchase,
}
