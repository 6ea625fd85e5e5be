using System.Globalization;

namespace OfferLab.Core.Declarations;

/// <summary>Collects change lines and refusals while <see cref="DeclarationChanges"/> walks two declarations.</summary>
internal sealed class ChangeCollector(ExperimentDeclaration proposed, bool isRunning)
{
    public List<string> Changes { get; } = [];

    public List<DeclarationError> Refusals { get; } = [];

    public bool IsRunning { get; } = isRunning;

    /// <summary>Records <c>path: old → new</c> when the values differ; refuses it while running when <paramref name="frozen"/> says so.</summary>
    public void Field<T>(string path, T current, T next, Func<T, T, bool>? frozen = null, string? why = null)
    {
        if (EqualityComparer<T>.Default.Equals(current, next))
        {
            return;
        }

        var change = $"{Show(current)} → {Show(next)}";
        if (IsRunning && frozen is not null && frozen(current, next))
        {
            Refuse(path, $"cannot change while the experiment is running ({change}){(why is null ? "" : "; " + why)}");
            return;
        }

        Changes.Add($"{path}: {change}");
    }

    /// <summary>Records a change line as given.</summary>
    public void Note(string change) => Changes.Add(change);

    public void Refuse(string path, string message) => Refusals.Add(proposed.Source.ErrorAt(path, message));

    public static bool Always<T>(T current, T next) => true;

    public static string Show<T>(T value) => value switch
    {
        null => "none",
        double d => d.ToString("0.############", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.############", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        TimeSpan t => Duration.Format(t),
        DateTimeOffset at => at.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        Placement p => EnumNames.Of(p),
        PrimaryMetric p => EnumNames.Of(p),
        AllocationPolicy p => EnumNames.Of(p),
        Stickiness s => EnumNames.Of(s),
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
