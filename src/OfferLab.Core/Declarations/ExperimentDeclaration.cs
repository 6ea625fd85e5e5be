using System.Text.Json.Serialization;

namespace OfferLab.Core.Declarations;

/// <summary>
/// One experiment as declared in <c>experiments/*.yaml</c> (<c>apiVersion: offerlab/v1</c>), validated and with
/// every optional key already defaulted. Immutable with value equality: two parses of the same content are
/// equal whatever the layout. Build one with <see cref="DeclarationParser"/>.
/// </summary>
public sealed record ExperimentDeclaration
{
    /// <summary>The only format version: <c>offerlab/v1</c>.</summary>
    public const string CurrentApiVersion = "offerlab/v1";

    public string ApiVersion { get; init; } = CurrentApiVersion;

    /// <summary>Unique id, <c>^[a-z0-9][a-z0-9-]{1,62}$</c>.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Default empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>Team or person responsible. Default empty.</summary>
    public string Owner { get; init; } = "";

    public required Placement Placement { get; init; }

    /// <summary>The core purchase the offer attaches to. Default: every session.</summary>
    public Trigger Trigger { get; init; } = Trigger.Default;

    /// <summary>Who is enrolled. Default: everyone, all traffic.</summary>
    public Audience Audience { get; init; } = Audience.Default;

    /// <summary>2..20 arms, exactly one of them the control, in declared order.</summary>
    public required IReadOnlyList<Variant> Variants { get; init; }

    public MetricSettings Metric { get; init; } = MetricSettings.Default;

    public AllocationSettings Allocation { get; init; } = AllocationSettings.Default;

    public StoppingSettings Stopping { get; init; } = StoppingSettings.Default;

    public Caps Caps { get; init; } = Caps.Default;

    /// <summary>When the experiment may run. Default: from when it is applied, no end.</summary>
    public Schedule Schedule { get; init; } = Schedule.Default;

    /// <summary>Where each key sat in the source, for located messages; not part of the declaration's value.</summary>
    [JsonIgnore]
    public SourceMap Source { get; init; } = SourceMap.Empty;

    /// <summary>The control arm.</summary>
    [JsonIgnore]
    public Variant Control => Variants.First(v => v.IsControl);

    /// <summary>The arm with id <paramref name="variantId"/>, or null.</summary>
    public Variant? FindVariant(string variantId) => Variants.FirstOrDefault(v => v.Id == variantId);
}
