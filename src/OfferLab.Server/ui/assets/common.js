// Shared by the pages: reading the API with the session cookie, and formatting numbers the same way everywhere.
'use strict';
const offerlab = (() => {
  async function getJson(path) {
    const response = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (response.status === 401 || response.status === 403) {
      location.href = '/ui/login?returnUrl=' + encodeURIComponent(location.pathname + location.search);
      throw new Error('Not signed in.');
    }
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch { /* not a problem document */ }
      throw new Error(`${response.status}: ${detail}`);
    }
    return response.json();
  }

  const isNumber = value => typeof value === 'number' && Number.isFinite(value);
  const percent = (value, digits = 2) => isNumber(value) ? (100 * value).toFixed(digits) + ' %' : '–';
  const money = value => isNumber(value) ? value.toFixed(4) : '–';
  const decimal = (value, digits = 4) => isNumber(value) ? value.toFixed(digits) : '–';
  const count = value => isNumber(value) ? value.toLocaleString('en-US') : '–';
  const interval = (ci, format) => Array.isArray(ci) && ci.length === 2 ? `[${format(ci[0])}, ${format(ci[1])}]` : '–';
  const pValue = value => !isNumber(value) ? '–' : value < 0.0001 ? '< 0.0001' : value.toFixed(4);

  // A cell that shows formatted text and keeps the raw JSON value, so tests and scripts can check one against the other.
  function cell(text, field, raw) {
    const td = document.createElement('td');
    td.textContent = text;
    if (field) { td.dataset.field = field; }
    if (raw !== undefined) { td.dataset.value = raw === null ? '' : Array.isArray(raw) ? raw.join(',') : String(raw); }
    return td;
  }

  return { getJson, percent, money, decimal, count, interval, pValue, cell, isNumber };
})();
