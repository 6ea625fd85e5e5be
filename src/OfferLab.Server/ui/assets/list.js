// The experiment list: state, arms, the leader (winner, else highest P(best)) and the last decision of each.
'use strict';
(async () => {
  const status = document.getElementById('status');
  const table = document.getElementById('experiments');
  try {
    const list = await offerlab.getJson('/v1/experiments');
    const reports = await Promise.all(list.experiments.map(e =>
      offerlab.getJson(`/v1/experiments/${encodeURIComponent(e.id)}/report`).catch(() => null)));
    const body = table.querySelector('tbody');
    list.experiments.forEach((experiment, i) => {
      const report = reports[i];
      const row = document.createElement('tr');
      row.dataset.experiment = experiment.id;
      const name = document.createElement('td');
      const link = document.createElement('a');
      link.href = '/ui/experiments/' + encodeURIComponent(experiment.id);
      link.textContent = experiment.id;
      name.append(link);
      if (experiment.name) {
        const small = document.createElement('div');
        small.className = 'muted';
        small.textContent = experiment.name;
        name.append(small);
      }
      row.append(name);
      row.append(offerlab.cell(experiment.status, 'status', experiment.status));
      row.append(offerlab.cell(String(experiment.version), 'version', experiment.version));
      const variants = report ? report.variants : experiment.arms.map(a => ({ id: a.id, state: a.state }));
      row.append(offerlab.cell(variants.map(v => v.state === 'active' ? v.id : `${v.id} (${v.state})`).join(', '), 'arms'));
      const leader = report ? leaderOf(report.variants) : null;
      row.append(offerlab.cell(leader ? `${leader.id} · P(best) ${offerlab.percent(leader.probabilityBest, 1)}` : '–', 'leader', leader ? leader.id : null));
      const last = report && report.decisions && report.decisions.length ? report.decisions[report.decisions.length - 1] : null;
      row.append(offerlab.cell(last ? describe(last) : '–', 'lastDecision'));
      body.append(row);
    });
    status.textContent = list.experiments.length ? '' : 'No experiments yet: apply one with `offerlab apply`.';
    table.hidden = list.experiments.length === 0;
  } catch (error) {
    status.textContent = 'Could not load the experiments: ' + error.message;
    status.className = 'error';
  }

  function leaderOf(variants) {
    const winner = variants.find(v => v.state === 'winner');
    if (winner) { return winner; }
    return variants.filter(v => v.state === 'active' && offerlab.isNumber(v.probabilityBest))
      .sort((a, b) => b.probabilityBest - a.probabilityBest)[0] || null;
  }

  function describe(decision) {
    const when = decision.at ? new Date(decision.at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
    return `${decision.type || ''}${decision.summary ? ': ' + decision.summary : ''} ${when}`.trim();
  }
})();
