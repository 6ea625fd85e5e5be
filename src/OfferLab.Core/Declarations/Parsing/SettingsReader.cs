namespace OfferLab.Core.Declarations.Parsing;

/// <summary>Reads <c>metric</c>, <c>stopping</c>, <c>caps</c> and <c>schedule</c>, defaulting every absent key.</summary>
internal static class SettingsReader
{
    public static MetricSettings Metric(NodeReader r, YamlNode? node)
    {
        var d = MetricSettings.Default;
        if (r.Mapping(node, "metric", DeclarationKeys.Metric) is not { } keys)
        {
            return d;
        }

        var guardrails = new List<Guardrail>();
        if (ExperimentReader.Get(keys, "guardrails") is { } g && r.List(g, "metric.guardrails") is { } list)
        {
            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"metric.guardrails[{i}]";
                if (r.Mapping(list.Items[i], path, DeclarationKeys.Guardrail) is not { } rule)
                {
                    continue;
                }

                var metric = ExperimentReader.Get(rule, "metric") is { } m ? r.Choice<GuardrailMetric>(m, path + ".metric") : null;
                var drop = Range(r, ExperimentReader.Get(rule, "max_drop"), path + ".max_drop", x => x is > 0 and < 1, "in (0, 1)");
                if (metric is { } gm && guardrails.Any(x => x.Metric == gm))
                {
                    r.Error(rule["metric"], path + ".metric", $"a guardrail on '{EnumNames.Of(gm)}' is already declared");
                }
                else if (metric is not null && drop is not null)
                {
                    guardrails.Add(new Guardrail(metric.Value, drop.Value));
                }
            }
        }

        return new MetricSettings(
            ExperimentReader.Get(keys, "primary") is { } p ? r.Choice<PrimaryMetric>(p, "metric.primary") ?? d.Primary : d.Primary,
            ExperimentReader.Get(keys, "attribution_window") is { } w ? r.Duration(w, "metric.attribution_window", TimeSpan.FromMinutes(1), TimeSpan.FromDays(90)) ?? d.AttributionWindow : d.AttributionWindow,
            new ValueList<Guardrail>(guardrails));
    }

    public static StoppingSettings Stopping(NodeReader r, YamlNode? node)
    {
        var d = StoppingSettings.Default;
        if (r.Mapping(node, "stopping", DeclarationKeys.Stopping) is not { } keys)
        {
            return d;
        }

        return new StoppingSettings(
            Range(r, ExperimentReader.Get(keys, "alpha"), "stopping.alpha", x => x is > 0 and < 0.5, "in (0, 0.5)") ?? d.Alpha,
            ExperimentReader.Get(keys, "min_exposures") is { } m ? r.Integer(m, "stopping.min_exposures", 0, 100_000_000) ?? d.MinExposures : d.MinExposures,
            ExperimentReader.Get(keys, "retire_losers") is { } l ? r.Boolean(l, "stopping.retire_losers") ?? d.RetireLosers : d.RetireLosers,
            Range(r, ExperimentReader.Get(keys, "margin"), "stopping.margin", x => x >= 0, "at least 0") ?? d.Margin,
            ExperimentReader.Get(keys, "max_duration") is { } t ? r.Duration(t, "stopping.max_duration", TimeSpan.FromHours(1), TimeSpan.FromDays(366)) ?? d.MaxDuration : d.MaxDuration);
    }

    public static Caps Caps(NodeReader r, YamlNode? node)
    {
        var d = Declarations.Caps.Default;
        if (r.Mapping(node, "caps", DeclarationKeys.Caps) is not { } keys)
        {
            return d;
        }

        return new Caps(
            ExperimentReader.Get(keys, "per_customer_per_day") is { } p ? r.Integer(p, "caps.per_customer_per_day", 1, 1000) ?? d.PerCustomerPerDay : d.PerCustomerPerDay,
            ExperimentReader.Get(keys, "suppress_after_decline") is { } s ? r.Integer(s, "caps.suppress_after_decline", 1, 1000) ?? d.SuppressAfterDecline : d.SuppressAfterDecline);
    }

    public static Schedule Schedule(NodeReader r, YamlNode? node)
    {
        if (r.Mapping(node, "schedule", DeclarationKeys.Schedule) is not { } keys)
        {
            return Declarations.Schedule.Default;
        }

        var start = ExperimentReader.Get(keys, "start") is { } s ? Timestamp(r, s, "schedule.start") : null;
        var end = ExperimentReader.Get(keys, "end") is { } e ? Timestamp(r, e, "schedule.end") : null;
        if (start is not null && end is not null && end <= start)
        {
            r.Error(keys["end"], "schedule.end", "must be after schedule.start");
        }

        return new Schedule(start, end);
    }

    /// <summary>A number checked against a rule; null when absent or wrong.</summary>
    public static double? Range(NodeReader r, YamlNode? node, string path, Func<double, bool> ok, string rule)
    {
        if (node is null || r.Number(node, path) is not { } value)
        {
            return null;
        }

        if (!ok(value))
        {
            r.Error(node, path, $"must be {rule}; got {NodeReader.Show(value)}");
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Timestamp(NodeReader r, YamlNode node, string path)
    {
        const string Expected = "a UTC or offset timestamp such as 2026-12-01T00:00:00Z";
        if (node is YamlScalar { } s && ScalarKinds.Of(s) == ScalarKind.String &&
            System.Text.RegularExpressions.Regex.IsMatch(s.Value, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$") &&
            DateTimeOffset.TryParse(s.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
        {
            return value;
        }

        if (node is YamlScalar { } text && ScalarKinds.Of(text) == ScalarKind.String)
        {
            r.Error(node, path, $"'{text.Value}' is not {Expected}");
        }
        else if (node is not YamlPoison)
        {
            r.Error(node, path, $"expected {Expected}, found {ScalarKinds.Describe(node)}");
        }

        return null;
    }
}
