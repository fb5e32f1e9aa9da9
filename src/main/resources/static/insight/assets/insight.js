/* The dashboard's shared helpers: reading the JSON API with the session, French formats, the period, SVG charts. */
'use strict';

const Insight = (() => {
  const LOCALE = 'fr-FR';
  const SVG = 'http://www.w3.org/2000/svg';
  const integer = new Intl.NumberFormat(LOCALE);
  const percent = new Intl.NumberFormat(LOCALE, {style: 'percent', maximumFractionDigits: 1});
  const dateTime = new Intl.DateTimeFormat(LOCALE, {dateStyle: 'short', timeStyle: 'medium'});

  /** GET on Relance's API with the session cookie; a lost session goes back to the login form. */
  async function get(url, accept) {
    const response = await fetch(url, {
      credentials: 'same-origin',
      headers: {'Accept': accept || 'application/json', 'X-Requested-With': 'XMLHttpRequest'}
    });
    if (response.status === 401) {
      window.location.assign('/insight/login');
      throw new Error('Session terminée : reconnectez-vous.');
    }
    if (!response.ok) {
      let detail = null;
      try {
        detail = (await response.json()).detail;
      } catch (ignored) {
        // not a problem document
      }
      const error = new Error(detail || ('Réponse ' + response.status + ' de ' + url));
      error.status = response.status;
      throw error;
    }
    return response;
  }

  const json = url => get(url).then(r => r.json());
  const text = (url, accept) => get(url, accept).then(r => r.text());

  /** An element with attributes and children (strings become text: nothing is parsed as HTML). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : value);
      }
    });
    children.flat().forEach(child => {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    });
    return node;
  }

  const number = n => (n === null || n === undefined) ? '—' : integer.format(n);
  const rate = r => (r === null || r === undefined) ? '—' : percent.format(r);
  const when = iso => iso ? dateTime.format(new Date(iso)) : '—';

  /** Revenue per currency: "1 234,50 € + 80,00 $", or a dash. */
  function money(amounts) {
    if (typeof amounts === 'number') {
      return new Intl.NumberFormat(LOCALE, {minimumFractionDigits: 2, maximumFractionDigits: 2}).format(amounts);
    }
    if (!amounts || amounts.length === 0) {
      return '—';
    }
    return amounts.map(a => new Intl.NumberFormat(LOCALE, {style: 'currency', currency: a.currency})
      .format(a.amount)).join(' + ');
  }

  function isoDay(date) {
    const pad = n => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  }

  /**
   * The period of the page (?days=7|30|90, or ?from=&to=), 30 days by default; binds the period form so that a new
   * choice reloads the page with it.
   */
  function period() {
    const params = new URLSearchParams(window.location.search);
    let from = params.get('from');
    let to = params.get('to');
    let days = params.get('days');
    if (!from || !to) {
      days = ['7', '30', '90'].includes(days) ? days : '30';
      const end = new Date();
      const start = new Date(end);
      start.setDate(end.getDate() - (Number(days) - 1));
      from = isoDay(start);
      to = isoDay(end);
    } else {
      days = '';
    }
    const form = document.getElementById('period');
    if (form) {
      form.days.value = days;
      form.from.value = from;
      form.to.value = to;
      form.days.addEventListener('change', () => {
        if (form.days.value) {
          form.requestSubmit();
        }
      });
      form.addEventListener('submit', event => {
        event.preventDefault();
        const next = form.days.value ? {days: form.days.value} : {from: form.from.value, to: form.to.value};
        window.location.search = new URLSearchParams(next).toString();
      });
    }
    const query = new URLSearchParams({from, to}).toString();
    const label = 'du ' + new Date(from + 'T00:00').toLocaleDateString(LOCALE) + ' au '
      + new Date(to + 'T00:00').toLocaleDateString(LOCALE);
    return {from, to, days, query, label, search: window.location.search};
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value));
    return node;
  }

  /**
   * A line chart of daily series, as inline SVG: series = [{key, label, className}]. Small (a sparkline, no axes)
   * or with the day range and the maximum written.
   */
  function chart(daily, series, options) {
    const width = options.width;
    const height = options.height;
    const pad = options.small ? 2 : 24;
    const days = daily || [];
    const max = Math.max(1, ...days.flatMap(d => series.map(s => Number(d[s.key]) || 0)));
    const title = series.map(s => s.label + ' : ' + days.reduce((sum, d) => sum + (Number(d[s.key]) || 0), 0))
      .join(', ');
    const root = svg('svg', {
      width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: options.small ? 'spark' : 'chart',
      'aria-label': (options.label || 'Évolution') + ' — ' + title
    });
    const t = svg('title');
    t.textContent = (options.label || 'Évolution') + ' — ' + title;
    root.append(t);
    const x = i => pad + (days.length <= 1 ? 0 : i * (width - 2 * pad) / (days.length - 1));
    const y = v => height - pad - v * (height - 2 * pad) / max;
    if (!options.small) {
      root.append(svg('line', {x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis'}));
      const top = svg('text', {x: 2, y: pad - 8, class: 'tick'});
      top.textContent = 'max ' + integer.format(max);
      root.append(top);
      if (days.length) {
        const first = svg('text', {x: pad, y: height - 6, class: 'tick'});
        first.textContent = days[0].day;
        const last = svg('text', {x: width - pad, y: height - 6, class: 'tick', 'text-anchor': 'end'});
        last.textContent = days[days.length - 1].day;
        root.append(first, last);
      }
    }
    series.forEach(s => {
      const points = days.map((d, i) => x(i).toFixed(1) + ',' + y(Number(d[s.key]) || 0).toFixed(1)).join(' ');
      root.append(svg('polyline', {points, class: 'line ' + s.className, fill: 'none'}));
    });
    if (!options.small) {
      const legend = svg('g', {class: 'legend'});
      series.forEach((s, i) => {
        const item = svg('text', {x: pad + 10 + i * 140, y: pad - 8, class: 'legend ' + s.className});
        item.textContent = '— ' + s.label;
        legend.append(item);
      });
      root.append(legend);
    }
    return root;
  }

  function status(id, message, isError) {
    const node = document.getElementById(id);
    node.textContent = message || '';
    node.classList.toggle('error', Boolean(isError));
    node.hidden = !message;
  }

  return {json, text, el, number, rate, money, when, period, chart, status};
})();
