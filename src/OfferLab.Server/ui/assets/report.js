// One experiment's significance report: the per-arm table, four charts over allocation periods, segments and the
// decision log. Every number comes from GET /v1/experiments/{id}/report; nothing is computed here but formatting.
'use strict';
(async () => {
  const id = decodeURIComponent(location.pathname.split('/').pop());
  const status = document.getElementById('status');
  const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
  window.offerlabCharts = {};
  let report;
  try {
    report = await offerlab.getJson(`/v1/experiments/${encodeURIComponent(id)}/report`);
  } catch (error) {
    status.textContent = 'Could not load the report: ' + error.message;
    status.className = 'error';
    return;
  }

  document.title = `OfferLab · ${report.experiment}`;
  document.getElementById('title').textContent = report.experiment;
  status.textContent = `Generated ${report.generatedAt}`;
  summary(report);
  variantsTable(report);
  const series = seriesOf(report);
  const colors = Object.fromEntries(report.variants.map((v, i) => [v.id, palette[i % palette.length]]));
  weightsChart(series, report, colors);
  conversionChart(series, report, colors);
  liftChart(series, report, colors);
  decisionsChart(report, series, colors);
  decisionLog(report);
  segments(report);
  document.body.dataset.ready = 'true';

  function summary(r) {
    const srm = r.srm || {};
    const items = [
      ['Status', r.status, 'status'], ['Version', r.version, 'version'], ['Primary metric', r.primaryMetric, 'primaryMetric'],
      ['Alpha', r.alpha, 'alpha'], ['Periods', r.periods, 'periods'],
      ['Sample ratio', srm.flagged ? `MISMATCH (p = ${offerlab.pValue(srm.pValue)})` : `ok (p = ${offerlab.pValue(srm.pValue)})`, 'srm'],
    ];
    const section = document.getElementById('summary');
    for (const [label, value, field] of items) {
      const div = document.createElement('div');
      div.dataset.field = field;
      if (field === 'srm') { div.className = srm.flagged ? 'srm flagged' : 'srm'; }
      const b = document.createElement('b');
      b.textContent = label;
      div.append(b, document.createTextNode(' ' + value));
      section.append(div);
    }
    section.hidden = false;
  }

  function variantsTable(r) {
    const table = document.getElementById('variants');
    const body = table.querySelector('tbody');
    for (const v of r.variants) {
      const row = document.createElement('tr');
      row.dataset.variant = v.id;
      row.className = 'state-' + v.state;
      row.append(offerlab.cell(v.control ? `${v.id} (control)` : v.id, 'id', v.id));
      const reason = v.state === 'retired' && v.retiredReason ? ` · ${v.retiredReason}` : '';
      row.append(offerlab.cell(v.state + reason, 'state', v.state));
      row.append(offerlab.cell(offerlab.percent(v.weight, 1), 'weight', v.weight));
      row.append(offerlab.cell(offerlab.count(v.exposures), 'exposures', v.exposures));
      row.append(offerlab.cell(offerlab.count(v.accepts), 'accepts', v.accepts));
      row.append(offerlab.cell(offerlab.percent(v.conversionRate), 'conversionRate', v.conversionRate));
      row.append(offerlab.cell(offerlab.interval(v.conversionRateCI, offerlab.percent), 'conversionRateCI', v.conversionRateCI));
      row.append(offerlab.cell(offerlab.money(v.revenuePerExposure), 'revenuePerExposure', v.revenuePerExposure));
      row.append(offerlab.cell(offerlab.money(v.marginPerExposure), 'marginPerExposure', v.marginPerExposure));
      row.append(offerlab.cell(offerlab.percent(v.corePurchaseRate), 'corePurchaseRate', v.corePurchaseRate));
      row.append(offerlab.cell(offerlab.percent(v.probabilityBest, 1), 'probabilityBest', v.probabilityBest));
      row.append(offerlab.cell(offerlab.decimal(v.expectedLoss, 6), 'expectedLoss', v.expectedLoss));
      const lift = v.liftVsControl;
      row.append(offerlab.cell(lift ? offerlab.percent(lift.estimate) : '–', 'lift.estimate', lift ? lift.estimate : null));
      row.append(offerlab.cell(lift ? offerlab.interval(lift.ci, offerlab.percent) : '–', 'lift.ci', lift ? lift.ci : null));
      row.append(offerlab.cell(lift ? offerlab.pValue(lift.pValue) : '–', 'lift.pValue', lift ? lift.pValue : null));
      body.append(row);
    }
    table.hidden = false;
  }

  // The per-period series, as { label, weights: {arm: w}, arms: {arm: {rate, ci, lift, liftCi}} } per period.
  function seriesOf(r) {
    const raw = r.series || [];
    return raw.map(p => {
      const weights = {};
      const arms = {};
      const weightList = Array.isArray(p.weights) ? p.weights : Object.entries(p.weights || {}).map(([id, weight]) => ({ id, weight }));
      for (const w of weightList) { weights[w.id ?? w.variant] = w.weight ?? w.value; }
      const armList = Array.isArray(p.variants) ? p.variants : Array.isArray(p.arms) ? p.arms
        : Object.entries(p.variants || p.arms || {}).map(([id, a]) => ({ id, ...a }));
      for (const a of armList) {
        const lift = a.liftVsControl || a.lift || null;
        arms[a.id ?? a.variant] = {
          rate: a.conversionRate, ci: a.conversionRateCI || a.ci,
          lift: lift ? lift.estimate : null, liftCi: lift ? lift.ci : null,
          weight: a.weight,
        };
        if (weights[a.id ?? a.variant] === undefined && a.weight !== undefined) { weights[a.id ?? a.variant] = a.weight; }
      }
      return { index: p.index ?? p.period, label: String(p.index ?? p.period), closedAt: p.closedAt, weights, arms };
    });
  }

  function lineChart(canvasId, datasets, labels, yTitle, percentAxis) {
    const chart = new Chart(document.getElementById(canvasId), {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, spanGaps: true,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { labels: { filter: item => !item.text.endsWith('·') } } },
        scales: {
          x: { title: { display: true, text: 'allocation period' } },
          y: { title: { display: true, text: yTitle }, ticks: percentAxis ? { callback: v => (100 * v).toFixed(1) + ' %' } : {} },
        },
      },
    });
    window.offerlabCharts[canvasId] = chart;
    return chart;
  }

  function band(name, color, lower, upper) {
    // Two lines filled between: the interval, drawn faintly behind the estimate.
    return [
      { label: name + ' ·', data: lower, borderColor: 'transparent', backgroundColor: color + '22', pointRadius: 0, fill: false },
      { label: name + ' ·', data: upper, borderColor: 'transparent', backgroundColor: color + '22', pointRadius: 0, fill: '-1' },
    ];
  }

  function weightsChart(s, r, c) {
    const labels = s.map(p => p.label);
    const datasets = r.variants.map(v => ({
      label: v.id, data: s.map(p => p.weights[v.id] ?? null), borderColor: c[v.id], backgroundColor: c[v.id] + '55',
      fill: true, stepped: true, pointRadius: 0,
    }));
    const chart = lineChart('chart-weights', datasets, labels, 'weight', true);
    chart.options.scales.y.stacked = true;
    chart.options.scales.y.max = 1;
    chart.update();
  }

  function conversionChart(s, r, c) {
    const labels = s.map(p => p.label);
    const datasets = r.variants.flatMap(v => [
      ...band(v.id, c[v.id], s.map(p => p.arms[v.id]?.ci?.[0] ?? null), s.map(p => p.arms[v.id]?.ci?.[1] ?? null)),
      { label: v.id, data: s.map(p => p.arms[v.id]?.rate ?? null), borderColor: c[v.id], backgroundColor: c[v.id], pointRadius: 0 },
    ]);
    lineChart('chart-conversion', datasets, labels, 'conversion', true);
  }

  function liftChart(s, r, c) {
    const labels = s.map(p => p.label);
    const datasets = r.variants.filter(v => !v.control).flatMap(v => [
      ...band(v.id, c[v.id], s.map(p => p.arms[v.id]?.liftCi?.[0] ?? null), s.map(p => p.arms[v.id]?.liftCi?.[1] ?? null)),
      { label: v.id, data: s.map(p => p.arms[v.id]?.lift ?? null), borderColor: c[v.id], backgroundColor: c[v.id], pointRadius: 0 },
    ]);
    lineChart('chart-lift', datasets, labels, 'lift vs control', true);
  }

  // Decisions as points: x = the period they were taken in, y = the arm they concern (weight updates on "all").
  function decisionsChart(r, s, c) {
    const decisions = r.decisions || [];
    const rows = ['all', ...r.variants.map(v => v.id)];
    const kinds = [...new Set(decisions.map(d => d.type || 'decision'))];
    const shapes = ['circle', 'triangle', 'rectRot', 'star', 'crossRot', 'rect'];
    const datasets = kinds.map((kind, k) => ({
      label: kind,
      data: decisions.filter(d => (d.type || 'decision') === kind).map(d => ({
        x: periodOf(d, s), y: rows.indexOf(d.variant && rows.includes(d.variant) ? d.variant : 'all'), text: d.summary || kind,
      })),
      pointStyle: shapes[k % shapes.length], pointRadius: 6,
      backgroundColor: kind.includes('retire') || kind.includes('guardrail') ? '#dc2626' : kind.includes('conclu') ? '#16a34a' : '#2563eb',
    }));
    const chart = new Chart(document.getElementById('chart-decisions'), {
      type: 'scatter',
      data: { datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { tooltip: { callbacks: { label: item => item.raw.text } } },
        scales: {
          x: { title: { display: true, text: 'allocation period' } },
          y: { min: -0.5, max: rows.length - 0.5, ticks: { stepSize: 1, callback: v => rows[v] ?? '' } },
        },
      },
    });
    window.offerlabCharts['chart-decisions'] = chart;
  }

  function periodOf(decision, s) {
    if (offerlab.isNumber(decision.period)) { return decision.period; }
    const at = Date.parse(decision.at);
    const closed = s.find(p => p.closedAt && Date.parse(p.closedAt) >= at);
    return closed ? closed.index : (s.length ? s[s.length - 1].index : 0);
  }

  function decisionLog(r) {
    const list = document.getElementById('decisions');
    for (const d of (r.decisions || []).slice().reverse()) {
      const item = document.createElement('li');
      item.dataset.type = d.type || '';
      if (d.variant) { item.dataset.variant = d.variant; }
      const when = document.createElement('time');
      when.textContent = d.at;
      const what = document.createElement('span');
      what.textContent = ` ${d.type || ''}${d.variant ? ' · ' + d.variant : ''}${d.reason ? ' (' + d.reason + ')' : ''}: ${d.summary || ''}`;
      item.append(when, what);
      list.append(item);
    }
  }

  function segments(r) {
    const form = document.getElementById('segment-form');
    const input = document.getElementById('segment-by');
    const query = new URLSearchParams(location.search);
    if (query.get('by')) { input.value = query.get('by'); }
    form.addEventListener('submit', event => {
      event.preventDefault();
      const by = input.value.trim();
      history.replaceState(null, '', by ? `?by=${encodeURIComponent(by)}` : location.pathname);
      loadSegments(by);
    });
    if (input.value) { loadSegments(input.value); }
  }

  async function loadSegments(by) {
    const table = document.getElementById('segments');
    const note = document.getElementById('segments-status');
    const body = table.querySelector('tbody');
    body.replaceChildren();
    table.hidden = true;
    if (!by) { note.textContent = ''; return; }
    try {
      const r = await offerlab.getJson(`/v1/experiments/${encodeURIComponent(id)}/report?by=${encodeURIComponent(by)}`);
      const rows = (r.segments && (r.segments.values || r.segments.rows || r.segments)) || [];
      for (const segment of Array.isArray(rows) ? rows : []) {
        for (const v of segment.variants || []) {
          const row = document.createElement('tr');
          row.dataset.segment = segment.value;
          row.dataset.variant = v.id;
          row.append(offerlab.cell(segment.value ?? '(not sent)', 'segment', segment.value));
          row.append(offerlab.cell(v.id, 'id', v.id));
          row.append(offerlab.cell(offerlab.count(v.exposures), 'exposures', v.exposures));
          row.append(offerlab.cell(offerlab.count(v.accepts), 'accepts', v.accepts));
          row.append(offerlab.cell(offerlab.percent(v.conversionRate), 'conversionRate', v.conversionRate));
          body.append(row);
        }
      }
      table.hidden = body.children.length === 0;
      note.textContent = body.children.length ? '' : `No exposures carry the attribute "${by}".`;
    } catch (error) {
      note.textContent = 'Could not load the segments: ' + error.message;
    }
  }
})();
