/* « Scénarios » : each scenario's figures over the period, with a small trend chart. */
'use strict';

(async () => {
  const {json, el, number, rate, money, period, chart, status} = Insight;
  const chosen = period();
  document.getElementById('caption').textContent = 'Scénarios ' + chosen.label;
  try {
    const scenarios = (await json('/api/scenarios?' + chosen.query)).scenarios || [];
    const body = document.querySelector('#scenarios tbody');
    scenarios.forEach(s => {
      const link = el('a', {href: '/insight/scenarios/' + encodeURIComponent(s.processKey) + chosen.search},
        s.name || s.processKey);
      body.append(el('tr', {'data-process-key': s.processKey},
        el('th', {scope: 'row'}, link),
        el('td', {class: 'num entered'}, number(s.entered)),
        el('td', {class: 'num active'}, number(s.active)),
        el('td', {class: 'num conversions'}, number(s.conversions)),
        el('td', {class: 'num rate'}, rate(s.conversionRate)),
        el('td', {class: 'num revenue'}, money(s.revenue)),
        el('td', {class: 'trend'}, chart(s.daily, [
          {key: 'entered', label: 'Entrés', className: 'entered'},
          {key: 'conversions', label: 'Conversions', className: 'conversions'}],
        {small: true, width: 160, height: 36, label: s.name || s.processKey}))));
    });
    document.getElementById('scenarios').hidden = false;
    status('status', scenarios.length ? '' : 'Aucun scénario déployé.');
  } catch (e) {
    status('status', 'Les chiffres ne sont pas disponibles : ' + e.message, true);
  }
})();
