/*
 * A scenario: its figures, its BPMN diagram drawn by bpmn-js with the figures on the elements (overlays), its
 * experiments, the daily chart and the CSV download.
 */
'use strict';

(async () => {
  const {json, text, el, number, rate, money, period, chart, status} = Insight;
  const BPMN = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
  const CAMUNDA = 'http://camunda.org/schema/1.0/bpmn';
  const EXITS = {
    converted: 'Converti', completed: 'Terminé', holdout: 'Groupe témoin', not_eligible: 'Non éligible',
    superseded: 'Remplacé', cart_emptied: 'Panier vidé', cart_updated: 'Panier modifié', unsubscribed: 'Désinscrit',
    gave_up: 'Abandon', reached: 'Joint', not_interested: 'Pas intéressé'
  };
  const exitLabel = exit => EXITS[exit] || exit;
  const key = document.getElementById('scenario').dataset.key;
  const chosen = period();
  const api = '/api/scenarios/' + encodeURIComponent(key);
  document.getElementById('csv').href = api + '/performance.csv?' + chosen.query;

  /** The diagram's element that holds an extension (the nearest BPMN ancestor with an id). */
  function owner(node) {
    let current = node.parentNode;
    while (current && !(current.namespaceURI === BPMN && current.getAttribute('id'))) {
      current = current.parentNode;
    }
    return current;
  }

  /**
   * What the page needs from the BPMN XML: the process name, the send steps (element id → messageType, from the
   * task's input camunda:inputParameter name="messageType", or, in a commercial send as Relance deploys it, its
   * extension property "relance.input.messageType") and the exits (end event id → its extension property "exit").
   */
  function readDiagram(xml) {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const process = doc.getElementsByTagNameNS(BPMN, 'process')[0];
    const sends = {};
    const send = (node, messageType) => {
      const task = owner(node);
      if (task && /task$/i.test(task.localName) && messageType) {
        sends[task.getAttribute('id')] = messageType.trim();
      }
    };
    Array.from(doc.getElementsByTagNameNS(CAMUNDA, 'inputParameter'))
      .filter(p => p.getAttribute('name') === 'messageType')
      .forEach(p => send(p, p.textContent));
    Array.from(doc.getElementsByTagNameNS(CAMUNDA, 'property'))
      .filter(p => p.getAttribute('name') === 'relance.input.messageType')
      .forEach(p => send(p, p.getAttribute('value')));
    const exits = {};
    Array.from(doc.getElementsByTagNameNS(CAMUNDA, 'property'))
      .filter(p => p.getAttribute('name') === 'exit')
      .forEach(p => {
        const end = owner(p);
        if (end && end.localName === 'endEvent') {
          exits[end.getAttribute('id')] = p.getAttribute('value');
        }
      });
    return {name: process && process.getAttribute('name'), sends, exits};
  }

  function kpis(p) {
    const list = document.getElementById('kpis');
    [['Entrés', number(p.entered), 'entered'], ['Actifs', number(p.active), 'active'],
      ['Conversions', number(p.conversions), 'conversions'], ['Taux de conversion', rate(p.conversionRate), 'rate'],
      ['Chiffre d\'affaires', money(p.revenue), 'revenue']]
      .forEach(([label, value, name]) => list.append(el('div', {class: 'kpi ' + name}, el('dt', {}, label),
        el('dd', {}, value))));
    const days = p.attributionDays ? ' dans les ' + p.attributionDays + ' jours' : '';
    document.getElementById('attribution').textContent = 'Conversion (objectif ' + (p.goal || '—') + ') : '
      + (p.attribution || 'un ' + p.goal + days + ' après un message du scénario.');
  }

  function tables(p) {
    const messages = document.querySelector('#messages tbody');
    (p.messages || []).forEach(m => {
      const by = Object.entries(m.suppressedBy || {}).map(([reason, n]) => reason + ' ' + number(n)).join(', ');
      messages.append(el('tr', {'data-message-type': m.messageType},
        el('th', {scope: 'row'}, m.messageType), el('td', {}, m.channel),
        el('td', {class: 'num'}, number(m.sent)),
        el('td', {class: 'num'}, number(m.suppressed) + (by ? ' (' + by + ')' : '')),
        el('td', {class: 'num'}, number(m.failed)), el('td', {class: 'num'}, rate(m.openRate)),
        el('td', {class: 'num'}, rate(m.clickRate)),
        el('td', {class: 'num'}, number(m.unsubscribed) + ' (' + rate(m.unsubscribeRate) + ')')));
    });
    const exits = document.querySelector('#exits tbody');
    Object.entries(p.exits || {}).forEach(([exit, n]) => exits.append(el('tr', {'data-exit': exit},
      el('th', {scope: 'row'}, exitLabel(exit)), el('td', {class: 'num'}, number(n)))));
    const daily = document.querySelector('#daily tbody');
    (p.daily || []).forEach(d => daily.append(el('tr', {},
      el('th', {scope: 'row'}, d.day), el('td', {class: 'num'}, number(d.entered)),
      el('td', {class: 'num'}, number(d.sent)), el('td', {class: 'num'}, number(d.opened)),
      el('td', {class: 'num'}, number(d.clicked)), el('td', {class: 'num'}, number(d.conversions)),
      el('td', {class: 'num'}, money(d.revenue)))));
    document.getElementById('daily-chart').append(chart(p.daily, [
      {key: 'entered', label: 'Entrés', className: 'entered'},
      {key: 'sent', label: 'Envoyés', className: 'sent'},
      {key: 'conversions', label: 'Conversions', className: 'conversions'}],
    {width: 720, height: 200, label: 'Jour par jour ' + chosen.label}));
  }

  /** The figures of one element, as lines of an overlay (null when there is nothing to say). */
  function figures(id, p, diagram, byType) {
    const lines = [];
    const step = (p.elements || {})[id];
    if (step) {
      lines.push(['passed', 'passés ' + number(step.passed)]);
      if (step.waiting) {
        lines.push(['waiting', 'en attente ' + number(step.waiting)]);
      }
    }
    const message = byType[diagram.sends[id]];
    if (message) {
      lines.push(['sent', 'envoyés ' + number(message.sent)]);
      lines.push(['open', 'ouverture ' + rate(message.openRate)]);
      lines.push(['click', 'clic ' + rate(message.clickRate)]);
      lines.push(['suppressed', 'supprimés ' + number(message.suppressed)]);
    }
    const exit = diagram.exits[id];
    if (exit && p.exits && p.exits[exit] !== undefined) {
      lines.push(['exit', exitLabel(exit) + ' ' + number(p.exits[exit])]);
    }
    return lines.length ? lines : null;
  }

  async function draw(xml, p, diagram) {
    const viewer = new BpmnJS({container: '#diagram'});
    await viewer.importXML(xml);
    viewer.get('canvas').zoom('fit-viewport', 'auto');
    const registry = viewer.get('elementRegistry');
    const overlays = viewer.get('overlays');
    const byType = {};
    (p.messages || []).forEach(m => byType[m.messageType] = m);
    const ids = new Set([...Object.keys(p.elements || {}), ...Object.keys(diagram.sends),
      ...Object.keys(diagram.exits)]);
    ids.forEach(id => {
      const shape = registry.get(id);
      const lines = shape && figures(id, p, diagram, byType);
      if (!lines) {
        return;
      }
      const html = el('div', {class: 'insight-overlay', 'data-element-id': id},
        lines.map(([kind, line]) => el('span', {class: kind}, line)));
      const isEvent = /Event$/.test(shape.type);
      overlays.add(id, 'insight-figures', {
        position: isEvent ? {top: -14 - 16 * lines.length, left: -20} : {bottom: -4, left: 0},
        html
      });
    });
  }

  async function experiments() {
    const section = document.getElementById('experiments');
    try {
      const all = ((await json('/api/experiments')).experiments || []).filter(x => x.scenario === key);
      status('experiments-status', all.length ? '' : 'Aucune expérience sur ce scénario.');
      for (const summary of all) {
        const x = await json('/api/experiments/' + encodeURIComponent(summary.experiment));
        section.append(experimentTable(x));
      }
    } catch (e) {
      status('experiments-status', 'Les expériences ne sont pas disponibles : ' + e.message, true);
    }
  }

  function interval(range, format) {
    return range ? ' [' + format(range.low) + ' ; ' + format(range.high) + ']' : '';
  }

  function experimentTable(x) {
    const signed = r => (r > 0 ? '+' : '') + rate(r);
    const rows = (x.arms || []).map(a => el('tr', {'data-arm': a.arm, class: a.arm === x.referenceArm ? 'reference' : null},
      el('th', {scope: 'row'}, a.arm + (a.arm === x.referenceArm ? ' (référence)' : '')),
      el('td', {class: 'num'}, number(a.weight)), el('td', {class: 'num contacts'}, number(a.contacts)),
      el('td', {class: 'num'}, number(a.sent)), el('td', {class: 'num'}, number(a.opened)),
      el('td', {class: 'num'}, number(a.clicked)), el('td', {class: 'num conversions'}, number(a.conversions)),
      el('td', {class: 'num'}, money(a.revenue)),
      el('td', {class: 'num'}, rate(a.conversionRate) + interval(a.conversionRateInterval, rate)),
      el('td', {class: 'num'}, a.lift === null || a.lift === undefined ? '—'
        : signed(a.lift) + interval(a.liftInterval, signed)),
      el('td', {class: 'num'}, a.pValue === null || a.pValue === undefined ? '—' : a.pValue.toLocaleString('fr-FR')),
      el('td', {}, a.verdict || '—')));
    const head = ['Bras', 'Poids', 'Contacts', 'Envoyés', 'Ouverts', 'Clics', 'Conversions', 'Chiffre d\'affaires',
      'Taux de conversion [IC 95 %]', 'Écart au bras de référence [IC 95 %]', 'p', 'Verdict'];
    const verdicts = (x.arms || []).filter(a => a.arm !== x.referenceArm && a.verdict)
      .map(a => a.arm + ' : ' + a.verdict);
    return el('div', {class: 'experiment', 'data-experiment': x.experiment},
      el('h3', {}, 'Expérience « ' + x.experiment + ' » ' + (x.active ? '(en cours)' : '(terminée)')),
      el('table', {class: 'figures arms'},
        el('thead', {}, el('tr', {}, head.map((h, i) => el('th', {scope: 'col', class: i > 0 && i < 11 ? 'num' : null}, h)))),
        el('tbody', {}, rows)),
      el('p', {class: 'verdict'}, 'Verdict : ' + (verdicts.length ? verdicts.join(' ; ') : 'pas encore de conclusion')));
  }

  experiments();
  try {
    const [performance, xml] = await Promise.all([json(api + '/performance?' + chosen.query),
      text(api + '/diagram', 'application/xml, text/xml, */*')]);
    const diagram = readDiagram(xml);
    document.getElementById('title').textContent = diagram.name || key;
    document.title = (diagram.name || key) + ' · Relance';
    kpis(performance);
    tables(performance);
    status('status', chosen.label.charAt(0).toUpperCase() + chosen.label.slice(1));
    await draw(xml, performance, diagram);
    document.getElementById('diagram').dataset.rendered = 'true';
  } catch (e) {
    status('status', 'Le scénario n\'est pas disponible : ' + e.message, true);
  }
})();
