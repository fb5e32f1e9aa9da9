/* « Contacts » : find a contact by id or email, show the profile and the timeline. */
'use strict';

(async () => {
  const {json, el, when, status} = Insight;
  const KINDS = {event: 'Événement', communication: 'Message', pending: 'En attente d\'arbitrage',
    experiment: 'Expérience'};
  const STATUSES = {sent: 'envoyé', suppressed: 'retenu', failed: 'échec', sending: 'en cours d\'envoi',
    waiting: 'en attente', granted: 'accordé', received: 'reçu', 'no scenario': 'aucun scénario',
    assigned: 'affecté'};
  const q = (new URLSearchParams(window.location.search).get('q') || '').trim();
  if (!q) {
    return;
  }

  async function find(query) {
    if (query.includes('@')) {
      const found = await json('/api/contacts?email=' + encodeURIComponent(query));
      if (found.contactIds.length) {
        return found.contactIds;
      }
    }
    try {
      await json('/api/contacts/' + encodeURIComponent(query));
      return [query];
    } catch (e) {
      if (e.status === 404 || e.status === 400) {
        return [];
      }
      throw e;
    }
  }

  function detail(entry) {
    if (entry.kind === 'experiment') {
      return [entry.experiment, entry.arm].filter(Boolean).join(' → ') || entry.type;
    }
    return entry.type;
  }

  function reason(entry, byId) {
    const parts = [];
    if (entry.reason) {
      parts.push(entry.reason);
    }
    if (entry.winnerId) {
      const winner = byId[entry.winnerId];
      parts.push('gagnant : ' + (winner ? winner.type : entry.winnerId));
    }
    if (entry.kind === 'pending' && entry.decideAt) {
      parts.push('décision ' + when(entry.decideAt));
    }
    return parts.join(' — ') || '—';
  }

  async function show(id) {
    const [contact, timeline] = await Promise.all([json('/api/contacts/' + encodeURIComponent(id)),
      json('/api/contacts/' + encodeURIComponent(id) + '/timeline')]);
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    document.getElementById('contact-name').textContent = (name ? name + ' — ' : '') + contact.contactId;
    const profile = document.getElementById('profile');
    const consents = Object.entries(contact.consents || {})
      .map(([channel, c]) => channel + ' ' + (c.granted ? 'oui' : 'non')).join(', ');
    [['E-mail', contact.email], ['Téléphone', contact.phone], ['Langue', contact.locale],
      ['Fuseau horaire', contact.timeZone], ['Consentements', consents],
      ['Attributs', Object.entries(contact.attributes || {}).map(([k, v]) => k + ' = ' + v).join(', ')]]
      .forEach(([label, value]) => profile.append(el('div', {}, el('dt', {}, label), el('dd', {}, value || '—'))));
    const byId = {};
    timeline.entries.forEach(e => byId[e.id] = e);
    const body = document.querySelector('#timeline tbody');
    timeline.entries.forEach(e => body.append(el('tr', {class: 'kind-' + e.kind + ' status-' + (e.status || '')},
      el('td', {}, el('time', {datetime: e.at}, when(e.at))),
      el('td', {}, KINDS[e.kind] || e.kind),
      el('td', {}, detail(e)),
      el('td', {}, e.channel || '—'),
      el('td', {}, STATUSES[e.status] || e.status || '—'),
      el('td', {}, reason(e, byId)),
      el('td', {}, e.scenario || '—'))));
    if (!timeline.entries.length) {
      body.append(el('tr', {}, el('td', {colspan: 7}, 'Rien pour l\'instant.')));
    }
    document.getElementById('contact').hidden = false;
  }

  try {
    status('status', 'Recherche…');
    const ids = await find(q);
    if (ids.length === 0) {
      status('status', 'Aucun contact « ' + q + ' ».');
    } else if (ids.length > 1) {
      status('status', ids.length + ' contacts ont cette adresse :');
      const list = document.getElementById('matches');
      ids.forEach(id => list.append(el('li', {}, el('a', {href: '?q=' + encodeURIComponent(id)}, id))));
      list.hidden = false;
    } else {
      status('status', '');
      await show(ids[0]);
    }
  } catch (e) {
    status('status', 'Le contact n\'est pas disponible : ' + e.message, true);
  }
})();
