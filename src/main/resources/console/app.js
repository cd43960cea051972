// GuestLink console: a small client of GuestLink's own JSON API (/api/v1), no library, no build step.
// Every value from the server goes into the page as text (textContent), never as markup; the Content-Security-Policy
// forbids inline script and other origins. Pages are chosen by the URL's #fragment.
'use strict';

const state = { me: null, csrf: null, lang: localStorage.getItem('guestlink.lang') || 'en', messages: {}, stream: null };

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function t(key, ...args) {
  let s = state.messages[key] || key;
  args.forEach((a, i) => { s = s.replace('{' + i + '}', a); });
  return s;
}

function translateStatic() {
  document.documentElement.lang = state.lang === 'zh-CN' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach(n => { n.textContent = t(n.dataset.i18n); });
  document.getElementById('lang').textContent = state.lang === 'zh-CN' ? 'English' : '中文';
}

async function loadMessages() {
  const r = await fetch('i18n/' + state.lang + '.json', { credentials: 'same-origin' });
  state.messages = await r.json();
  translateStatic();
}

class ApiError extends Error {
  constructor(status, detail) { super(detail); this.status = status; }
}

async function api(method, path, body) {
  // X-Requested-With: GuestLink answers a 401 without a Basic challenge, so the browser opens no password dialog
  const headers = { 'Accept': 'application/json', 'X-Requested-With': 'guestlink-console' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const r = await fetch('/api/v1' + path, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) {
    // a 401 ends the page's session; not at start (/me), which draws the sign-in form itself: drawn twice, a person
    // typing into the first form would lose what they typed
    if (r.status === 401 && path !== '/session' && path !== '/me') { signedOut(); }
    throw new ApiError(r.status, json && json.detail ? json.detail : r.statusText);
  }
  return json;
}

function q(v) { return encodeURIComponent(v); }

function may(roles) {
  if (!state.me) return false;
  if (state.me.roles.includes('admin')) return true;
  return roles.some(r => state.me.roles.includes(r));
}

function today() {
  const d = new Date();
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

function main() { return document.getElementById('main'); }

function show(...nodes) {
  const m = main();
  m.replaceChildren(...nodes);
}

function failure(e) {
  return el('p', { class: 'error', role: 'alert' }, e.status === 403 ? t('forbidden') : t('error', e.message));
}

function table(caption, headers, rows, attrs) {
  return el('table', attrs || {},
    el('caption', { text: caption }),
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows));
}

function banner(text) {
  const b = document.getElementById('banner');
  b.textContent = text;
  b.hidden = false;
}

/** A name as written, with its script's language, and the Latin reading beside when there is one. */
function nameWithReading(names) {
  const latin = names.find(n => (n.script || '').toUpperCase() === 'LATIN');
  // the same name from several sources is shown once
  const shown = names.filter((n, i) => (n.script || '').toUpperCase() !== 'LATIN' && names.findIndex(m => m.full === n.full) === i);
  const out = [];
  for (const n of shown) {
    out.push(el('span', { class: 'written', lang: (n.script || '').toLowerCase() === 'han' ? 'zh' : null, text: n.full }));
    if (latin) out.push(el('span', { class: 'reading', lang: 'en', text: ' (' + latin.full + ')' }));
    out.push(' ');
  }
  if (!shown.length && latin) out.push(el('span', { class: 'written', lang: 'en', text: latin.full }));
  return out;
}

// ---------- session ----------

async function whoAmI() {
  try {
    const me = await api('GET', '/me');
    state.me = me;
    state.csrf = sessionStorage.getItem('guestlink.csrf');
    // a tab without the session's CSRF token could read but not write: sign in again in it
    return !!state.csrf;
  } catch (e) {
    return false;
  }
}

function signedIn() {
  document.getElementById('who').textContent = state.me.name + ' · ' + state.me.roles.join(', ');
  document.getElementById('signout').hidden = false;
  const nav = document.getElementById('nav');
  nav.hidden = false;
  nav.querySelectorAll('a').forEach(a => { a.hidden = !may(a.dataset.roles.split(',')); });
}

function signedOut() {
  state.me = null;
  state.csrf = null;
  sessionStorage.removeItem('guestlink.csrf');
  if (state.stream) { state.stream.close(); state.stream = null; }
  document.getElementById('who').textContent = '';
  document.getElementById('signout').hidden = true;
  document.getElementById('nav').hidden = true;
  if (location.hash !== '#/signin') location.hash = '#/signin';
  else route();
}

function pageSignIn() {
  const user = el('input', { id: 'signin-user', name: 'user', autocomplete: 'username', required: true });
  const pass = el('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = el('p', { id: 'signin-message', role: 'alert' });
  const form = el('form', { class: 'signin', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const s = await api('POST', '/session', { user: user.value, password: pass.value });
      state.csrf = s.csrfToken;
      sessionStorage.setItem('guestlink.csrf', s.csrfToken);
      state.me = { name: s.name, roles: s.roles };
      signedIn();
      location.hash = may(['front-desk', 'outlet', 'supervisor']) ? '#/lookup' : may(['operator']) ? '#/ops' : '#/lookup';
    } catch (e) {
      msg.textContent = t('signin.failed', e.message);
    }
  } },
  el('h1', { text: t('signin.title') }),
  el('label', { for: 'signin-user', text: t('signin.user') }), user,
  el('label', { for: 'signin-password', text: t('signin.password') }), pass,
  el('button', { id: 'signin-submit', type: 'submit', text: t('signin.submit') }), msg);
  show(form);
  user.focus();
}

// ---------- front of house: look-up ----------

let lookupTimer = null;
let lookupSeq = 0;

function pageLookup() {
  const input = el('input', { id: 'lookup-q', type: 'search', autocomplete: 'off', 'aria-describedby': 'lookup-hint',
    'aria-controls': 'lookup-results', value: sessionStorage.getItem('guestlink.lookup') || '' });
  const property = el('input', { id: 'lookup-property', value: localStorage.getItem('guestlink.property') || '', size: 8 });
  const region = el('input', { id: 'lookup-region', value: localStorage.getItem('guestlink.region') || '', size: 3, maxlength: 2 });
  const count = el('p', { id: 'lookup-count', role: 'status', 'aria-live': 'polite' });
  const results = el('ul', { id: 'lookup-results', class: 'results' });
  const run = () => {
    clearTimeout(lookupTimer);
    lookupTimer = setTimeout(() => lookup(input.value.trim(), property.value.trim(), region.value.trim(), count, results), 250);
  };
  input.addEventListener('input', run);
  property.addEventListener('change', () => { localStorage.setItem('guestlink.property', property.value.trim()); run(); });
  region.addEventListener('change', () => { localStorage.setItem('guestlink.region', region.value.trim()); run(); });
  show(el('h1', { text: t('lookup.title') }),
    el('div', { class: 'row' },
      el('label', { for: 'lookup-q', text: t('lookup.query') }), input,
      el('label', { for: 'lookup-property', text: t('lookup.property') }), property,
      el('label', { for: 'lookup-region', text: t('lookup.region') }), region),
    el('p', { id: 'lookup-hint', class: 'hint', text: t('lookup.hint') }), count, results);
  input.focus();
  if (input.value) run();
}

async function lookup(text, property, region, count, results) {
  const seq = ++lookupSeq;
  sessionStorage.setItem('guestlink.lookup', text);
  if (text.length < 2) { results.replaceChildren(); count.textContent = ''; return; }
  const queries = [];
  const digits = text.replace(/[\s\-().+\/]/g, '');
  if (/\p{L}/u.test(text)) queries.push('name=' + q(text));
  else {
    queries.push('confirmation=' + q(text));
    if (/^\d{5,}$/.test(digits)) queries.push('phone=' + q(text) + (region ? '&region=' + q(region) : ''));
    if (property && /^[0-9A-Za-z-]{1,8}$/.test(text)) queries.push('room=' + q(text) + '&property=' + q(property));
  }
  if (/^[A-Za-z0-9-]{4,}$/.test(text) && /\d/.test(text) && /\p{L}/u.test(text)) {
    queries.push('confirmation=' + q(text), 'member=' + q(text));
  }
  const found = new Map();
  for (const query of queries) {
    try {
      const page = await api('GET', '/guests?' + query + '&limit=20');
      page.items.forEach(g => found.set(g.id, g));
    } catch (e) {
      if (e.status !== 400) { results.replaceChildren(el('li', {}, failure(e))); return; }
    }
  }
  if (seq !== lookupSeq) return; // the person typed on
  results.dataset.query = text; // which text the list answers (a slow answer to an earlier one is never shown)
  count.textContent = found.size ? t('lookup.found', found.size) : t('lookup.none');
  const items = [];
  for (const g of found.values()) {
    const line = el('span', { class: 'cardline' });
    const link = el('a', { href: '#/card/' + g.id, class: 'guest' }, el('span', { class: 'written', text: g.displayName }));
    items.push(el('li', {}, link, g.vip ? el('span', { class: 'vip', text: ' ' + t('card.vip') + ' ' + g.vip }) : null, ' ', line));
    if (may(['front-desk', 'outlet', 'supervisor'])) {
      api('GET', '/guests/' + g.id + '/card').then(c => { line.textContent = c.text; }).catch(() => {});
    }
  }
  results.replaceChildren(...items);
}

// ---------- front of house: the card ----------

async function pageCard(id) {
  show(el('p', { text: t('loading') }));
  let card, profile = null, notes;
  try {
    card = await api('GET', '/guests/' + id + '/card');
    if (may(['front-desk', 'supervisor'])) profile = await api('GET', '/guests/' + id).catch(() => null);
    notes = await api('GET', '/guests/' + id + '/notes');
  } catch (e) {
    show(failure(e));
    return;
  }
  const c = card.card;
  const head = el('header', { class: 'card-head' },
    el('h1', { id: 'card-name' }, el('span', { text: c.name }),
      c.salutation && c.salutation !== c.name ? el('span', { class: 'salutation', lang: c.language || null, text: ' (' + c.salutation + ')' }) : null,
      c.vip ? el('span', { class: 'vip', text: ' ' + t('card.vip') + (c.vipCode ? ' ' + c.vipCode : '') }) : null),
    profile ? el('p', { class: 'names', 'aria-label': t('card.names') }, nameWithReading(profile.names)) : null,
    el('p', { id: 'card-stay' }, el('strong', { text: t('card.stay') + ': ' }), c.stayNumber <= 1 ? t('card.firststay') : String(c.stayNumber),
      c.lastStay ? el('span', {}, ' · ', el('strong', { text: t('card.laststay') + ': ' }), c.lastStay) : null),
    el('button', { type: 'button', id: 'card-print', class: 'noprint', onclick: () => window.print(), text: t('card.print') }));

  const allergies = el('section', { id: 'card-allergies', class: 'allergies', 'aria-labelledby': 'h-allergies' },
    el('h2', { id: 'h-allergies', text: t('card.allergies') }),
    c.allergies.length ? el('ul', {}, c.allergies.map(a => el('li', {}, el('strong', { text: a.text }),
      el('span', { class: 'source', text: ' · ' + t('card.source') + ' ' + a.source }))))
      : el('p', { text: '—' }));

  const tickets = profile ? profile.tickets : null;
  const usualRows = c.usual.map(u => {
    let often = '';
    if (tickets) {
      const atOutlet = tickets.filter(x => x.outlet === u.outlet);
      const atTable = atOutlet.filter(x => u.table && x.table === u.table);
      if (atOutlet.length) often = t('card.often.value', atTable.length, atOutlet.length);
    }
    return el('tr', {}, el('td', { text: u.outlet }), el('td', { text: u.period }), el('td', { class: 'table-no', text: u.table || '—' }),
      el('td', { text: u.items.join(' + ') }), el('td', { text: often }));
  });
  const usual = table(t('card.usual'), [t('card.outlet'), t('card.period'), t('card.table'), t('card.order'), t('card.often')],
    usualRows, { id: 'card-usual' });

  const prefs = el('section', { id: 'card-preferences', 'aria-labelledby': 'h-prefs' },
    el('h2', { id: 'h-prefs', text: t('card.preferences') }),
    c.preferences.length ? el('ul', {}, c.preferences.map(p => el('li', {}, p.text + (p.evidence ? ' (' + p.evidence + ')' : ''),
      el('span', { class: 'source', text: ' · ' + p.category + ' · ' + t('card.source') + ' ' + p.source + (p.lastSeen ? ' · ' + p.lastSeen : '') }))))
      : el('p', { text: '—' }));

  const complaints = el('section', { id: 'card-complaints', class: c.openComplaints.length ? 'complaints' : null, 'aria-labelledby': 'h-compl' },
    el('h2', { id: 'h-compl', text: t('card.complaints') }),
    c.openComplaints.length ? el('ul', {}, c.openComplaints.map(x => el('li', {}, el('strong', { text: x.text }),
      el('span', { class: 'source', text: ' · ' + (x.date || '') + ' · ' + t('card.source') + ' ' + x.source }))))
      : el('p', { text: '—' }));

  const days = [];
  if (c.birthdayThisStay) days.push(el('p', { class: 'occasion', text: t('card.birthday', c.birthdayThisStay) }));
  if (c.anniversaryThisStay) days.push(el('p', { class: 'occasion', text: t('card.anniversary', c.anniversaryThisStay) }));
  const possibly = c.possibly.length ? el('section', {}, el('h2', { text: t('card.possibly') }),
    el('ul', {}, c.possibly.map(p => el('li', {}, el('a', { href: '#/card/' + p.profileId, text: p.name }),
      ' · ' + p.stays + ' · ' + t('desk.score') + ' ' + p.score.toFixed(1))))) : null;

  show(el('article', { id: 'card', class: 'card' }, head, allergies, days, usual, prefs, complaints, possibly,
    el('p', { class: 'line' }, el('strong', { text: t('card.line') + ': ' }), el('span', { id: 'card-line', text: card.text })),
    notesSection(id, notes.items)));
}

function notesSection(id, items) {
  const list = items.length ? el('ul', { id: 'notes-list' }, items.map(n => noteItem(id, n))) : el('p', { id: 'notes-list', text: t('notes.none') });
  const kind = el('select', { id: 'note-kind' },
    ['preference', 'allergy', 'note', 'complaint'].map(k => el('option', { value: k, text: t('notes.kind.' + k) })));
  const category = el('select', { id: 'note-category' },
    ['other', 'room', 'floor', 'bed', 'pillow', 'newspaper', 'temperature', 'dietary', 'minibar', 'smoking', 'amenity']
      .map(k => el('option', { value: k, text: k })));
  const text = el('input', { id: 'note-text', required: true, maxlength: 500 });
  const msg = el('p', { id: 'note-message', role: 'status' });
  kind.addEventListener('change', () => { category.disabled = kind.value !== 'preference'; });
  const form = el('form', { class: 'noprint', id: 'note-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      await api('POST', '/guests/' + id + '/notes', { kind: kind.value, category: kind.value === 'preference' ? category.value : null, text: text.value });
      msg.textContent = t('notes.saved');
      await pageCard(id);
      const m = document.getElementById('note-message');
      if (m) m.textContent = t('notes.saved');
    } catch (e) {
      msg.textContent = t('error', e.message);
    }
  } },
  el('h3', { text: t('notes.add') }),
  el('label', { for: 'note-kind', text: t('notes.kind') }), kind,
  el('label', { for: 'note-category', text: t('notes.category') }), category,
  el('label', { for: 'note-text', text: t('notes.text') }), text,
  el('button', { type: 'submit', id: 'note-save', text: t('notes.save') }), msg);
  return el('section', { id: 'notes', 'aria-labelledby': 'h-notes' }, el('h2', { id: 'h-notes', text: t('notes.title') }), list, form);
}

function noteItem(id, n) {
  const when = n.at ? new Date(n.at).toLocaleString(state.lang === 'zh-CN' ? 'zh-CN' : 'en-GB') : '';
  const li = el('li', { class: 'note' },
    el('span', { class: 'kind', text: t('notes.kind.' + n.kind) + ': ' }), el('span', { text: n.text }),
    n.kind === 'complaint' ? el('span', { class: n.open ? 'open' : 'resolved', text: ' · ' + (n.open ? t('notes.open') : t('notes.resolved', n.resolution || '')) }) : null,
    el('span', { class: 'source', text: ' · ' + t('card.source') + ' ' + n.source + ' · ' + t('notes.by', n.by || '?', when) }));
  if (n.kind === 'complaint' && n.open) {
    const res = el('input', { 'aria-label': t('notes.resolution'), class: 'resolution', maxlength: 500 });
    li.append(' ', res, el('button', { type: 'button', class: 'noprint', onclick: async () => {
      try {
        await api('POST', '/guests/' + id + '/notes', { kind: 'resolution', complaint: n.id, text: res.value });
        await pageCard(id);
      } catch (e) { li.append(failure(e)); }
    }, text: t('notes.resolve') }));
  }
  return li;
}

// ---------- front of house: arrivals ----------

function pageArrivals() {
  const property = el('input', { id: 'arrivals-property', value: localStorage.getItem('guestlink.property') || '', size: 8, required: true });
  const date = el('input', { id: 'arrivals-date', type: 'date', value: today() });
  const live = el('p', { id: 'arrivals-live', role: 'status', 'aria-live': 'polite' });
  const board = el('div', { id: 'arrivals-board' });
  const load = () => loadBoard(property.value.trim(), date.value, board);
  const form = el('form', { class: 'row noprint', onsubmit: ev => {
    ev.preventDefault();
    localStorage.setItem('guestlink.property', property.value.trim());
    load();
    listen(property.value.trim(), live, load);
  } },
  el('label', { for: 'arrivals-property', text: t('arrivals.property') }), property,
  el('label', { for: 'arrivals-date', text: t('arrivals.date') }), date,
  el('button', { type: 'submit', id: 'arrivals-show', text: t('arrivals.show') }));
  show(el('h1', { text: t('arrivals.title') }), form, live, board);
  if (property.value.trim()) { load(); listen(property.value.trim(), live, load); }
}

async function loadBoard(property, date, board) {
  if (!property) return;
  try {
    const b = await api('GET', '/arrivals?property=' + q(property) + '&date=' + q(date));
    if (!b.items.length) { board.replaceChildren(el('p', { text: t('arrivals.none') })); return; }
    board.replaceChildren(table(t('arrivals.title') + ' · ' + b.property + ' · ' + b.date,
      [t('arrivals.room'), t('arrivals.guest'), t('arrivals.status'), t('arrivals.dates'), t('arrivals.card')],
      b.items.map(i => el('tr', { class: 'stay', 'data-profile': i.profileId },
        el('td', { class: 'room', text: i.room || '—' }),
        el('td', {}, el('a', { href: '#/card/' + i.profileId, text: i.displayName }), i.vip ? el('span', { class: 'vip', text: ' ' + i.vip }) : null),
        el('td', { text: t('status.' + i.status) }),
        el('td', { text: (i.arrival || '') + ' – ' + (i.departure || '') }),
        el('td', { class: 'cardline', text: i.card || '' }))), { id: 'arrivals-table' }));
  } catch (e) {
    board.replaceChildren(failure(e));
  }
}

function listen(property, live, reload) {
  if (state.stream) state.stream.close();
  const s = new EventSource('/api/v1/arrivals/stream?property=' + q(property));
  state.stream = s;
  s.addEventListener('open', () => { live.textContent = t('arrivals.live'); });
  s.addEventListener('error', () => { live.textContent = t('arrivals.offline'); });
  s.addEventListener('arrival', ev => {
    const a = JSON.parse(ev.data);
    banner(t('arrivals.coming', a.text));
    reload();
  });
}

// ---------- identity desk ----------

function evidenceView(evidence) {
  let parsed = null;
  try { parsed = JSON.parse(evidence); } catch (e) { parsed = null; }
  if (Array.isArray(parsed) && parsed.length && typeof parsed[0] === 'object') {
    return table(t('desk.evidence'), [t('desk.field'), t('desk.outcome'), t('desk.weight')],
      parsed.map(f => el('tr', {}, el('td', { text: f.field || '' }), el('td', { text: (f.outcome || f.level || '') + (f.detail ? ' ' + f.detail : '') }),
        el('td', { text: f.weight !== undefined ? Number(f.weight).toFixed(2) : '' }))), { class: 'evidence' });
  }
  return el('pre', { class: 'evidence', text: evidence || '' });
}

function profileColumn(title, p, side) {
  const keys = side && side.keys ? side.keys.map(k => k.type + ' ' + k.value).join(', ') : '';
  if (!p) return el('div', { class: 'side' }, el('h3', { text: title }),
    el('p', { class: 'names', text: side ? (side.names.join(' / ') || side.displayName || '—') : '—' }), el('p', { text: keys }));
  return el('div', { class: 'side' }, el('h3', { text: title + ' · ' + p.id }),
    el('p', { class: 'names' }, nameWithReading(p.names)),
    el('dl', {},
      el('dt', { text: t('desk.keys') }), el('dd', { class: 'keys', text: keys || '—' }),
      el('dt', { text: 'birth' }), el('dd', { text: p.birthDate || '—' }),
      el('dt', { text: 'nationality' }), el('dd', { text: p.nationality || '—' }),
      el('dt', { text: 'contacts' }), el('dd', { text: p.contacts.map(c => c.value).join(', ') || '—' }),
      el('dt', { text: 'stays' }), el('dd', { text: p.stays.map(s => s.property + ' ' + s.arrival).join(', ') || '—' })));
}

async function pageDesk() {
  const reviews = el('section', { id: 'reviews', 'aria-labelledby': 'h-reviews' }, el('h2', { id: 'h-reviews', text: t('desk.reviews') }));
  const profile = el('input', { id: 'merge-profile', inputmode: 'numeric', size: 8 });
  const merges = el('div', { id: 'merges' });
  const mergeForm = el('form', { class: 'row', onsubmit: ev => { ev.preventDefault(); loadMerges(profile.value.trim(), merges); } },
    el('label', { for: 'merge-profile', text: t('desk.profile') }), profile,
    el('button', { type: 'submit', id: 'merge-show', text: t('desk.showmerges') }));
  show(el('h1', { text: t('desk.title') }), reviews,
    el('section', { 'aria-labelledby': 'h-merges' }, el('h2', { id: 'h-merges', text: t('desk.merges') }), mergeForm, merges));
  try {
    const page = await api('GET', '/reviews');
    reviews.append(el('p', { id: 'review-total', text: t('desk.total', page.total, page.guests) }),
      el('p', { class: 'by-reason', text: Object.entries(page.byReason || {}).map(([k, n]) => k + ' ' + n).join(' · ') }));
    if (!page.items.length) { reviews.append(el('p', { text: t('desk.none') })); return; }
    let group = null;
    for (const r of page.items) {
      if (r.group && r.group.guest !== group) {
        group = r.group.guest;
        reviews.append(el('h3', { class: 'review-group', text: t('desk.group', (r.group.displayName || '—') + ' (' + group + ')', r.group.open) }));
      }
      const [a, b] = await Promise.all([api('GET', '/guests/' + r.profileA).catch(() => null), api('GET', '/guests/' + r.profileB).catch(() => null)]);
      const result = el('p', { role: 'status' });
      const decide = d => async () => {
        try {
          await api('POST', '/reviews/' + r.id + '/decision', { decision: d });
          result.textContent = t('desk.decided', t(d === 'same' ? 'desk.same' : 'desk.distinct'));
          item.querySelectorAll('button').forEach(x => { x.disabled = true; });
          profile.value = String(r.profileA);
        } catch (e) { result.replaceChildren(failure(e)); }
      };
      const item = el('article', { class: 'review', 'data-review': r.id },
        el('h3', { text: '#' + r.id + ' · ' + t('desk.score') + ' ' + r.score.toFixed(2) + ' · ' + (r.reasonKind || '') }),
        el('p', { class: 'why', text: t('desk.why') + ': ' + (r.reason || r.reasonKind || '—') }),
        el('div', { class: 'sides' }, profileColumn(t('desk.profileA'), a, r.a), profileColumn(t('desk.profileB'), b, r.b)),
        evidenceView(r.evidence),
        el('button', { type: 'button', class: 'decide-same', onclick: decide('same'), text: t('desk.same') }), ' ',
        el('button', { type: 'button', class: 'decide-distinct', onclick: decide('distinct'), text: t('desk.distinct') }), result);
      reviews.append(item);
    }
  } catch (e) {
    reviews.append(failure(e));
  }
}

async function loadMerges(id, into) {
  if (!/^\d+$/.test(id)) return;
  try {
    const list = await api('GET', '/guests/' + id + '/merges');
    if (!list.length) { into.replaceChildren(el('p', { text: t('desk.nomerges') })); return; }
    into.replaceChildren(...list.map(m => el('article', { class: 'merge', 'data-merge': m.id },
      el('h3', { text: '#' + m.id + ' · ' + m.absorbed + ' → ' + m.survivor + ' · ' + t('desk.rule') + ' ' + m.rule
        + (m.score !== null && m.score !== undefined ? ' · ' + t('desk.score') + ' ' + Number(m.score).toFixed(2) : '') }),
      el('p', { text: t('desk.when') + ': ' + m.mergedAt + (m.unmergedAt ? ' · ' + t('desk.undone', m.unmergedAt) : '') }),
      evidenceView(m.evidence),
      m.unmergedAt ? null : el('button', { type: 'button', class: 'undo', onclick: async () => {
        try { await api('POST', '/merges/' + m.id + '/unmerge'); await loadMerges(id, into); } catch (e) { into.append(failure(e)); }
      }, text: t('desk.undo') }))));
  } catch (e) {
    into.replaceChildren(failure(e));
  }
}

// ---------- operations ----------

async function pageOps() {
  const runs = el('section', { id: 'runs' }, el('h2', { text: t('ops.runs') }));
  const rejects = el('section', { id: 'rejects', 'aria-live': 'polite' });
  const alerts = el('section', { id: 'alerts' }, el('h2', { text: t('ops.alerts') }));
  const feeds = el('section', { id: 'feeds' }, el('h2', { text: t('ops.feeds') }));
  const messages = el('section', { id: 'messages' }, el('h2', { text: t('ops.messages') }));
  show(el('h1', { text: t('ops.title') }), feeds, runs, rejects, messages, alerts);
  try {
    const page = await api('GET', '/feeds');
    feeds.append(table(t('ops.feeds'), [t('ops.feed'), t('ops.kind'), t('ops.last'), t('ops.read'), t('ops.rejected'), t('ops.lasterror'), t('ops.failed'), t('ops.running'), t('ops.replay')],
      page.items.map(f => el('tr', { 'data-feed': f.name }, el('td', { text: f.name }), el('td', { text: f.kind }),
        el('td', { text: (f.lastActivity || '') + (f.lastFile ? ' · ' + f.lastFile : '') }),
        el('td', { text: f.rows ? f.rows.read : (f.messages ? f.messages.accepted : '') }),
        el('td', { class: f.rows && f.rows.rejected ? 'bad' : null, text: f.rows ? f.rows.rejected : (f.messages ? f.messages.refused : '') }),
        el('td', { class: f.lastError ? 'bad' : null, text: f.lastError ? f.lastError.error : '' }),
        el('td', { class: f.failed && f.failed.count ? 'bad' : null, text: f.failed ? String(f.failed.count) : '' }),
        el('td', { text: (f.running || []).map(r => r.progress ? r.progress.rowsSoFar + ' · ' + Math.round(r.progress.rowsPerSecond || 0) + ' rows/s'
          + (r.progress.estimatedSecondsLeft !== null && r.progress.estimatedSecondsLeft !== undefined ? ' · ' + r.progress.estimatedSecondsLeft + ' s' : '') : '').join('; ') }),
        el('td', {}, replayControl(f))))));
  } catch (e) { feeds.append(failure(e)); }
  loadJournal(messages, '');
  try {
    const page = await api('GET', '/runs?limit=50');
    runs.append(table(t('ops.runs'), ['#', t('ops.feed'), t('ops.file'), t('ops.status'), t('ops.read'), t('ops.imported'),
      t('ops.updated'), t('ops.unchanged'), t('ops.rejected'), t('ops.rate'), ''],
    page.items.map(r => el('tr', { 'data-run': r.id }, el('td', { text: r.id }), el('td', { text: r.sourceId }), el('td', { text: r.fileName }),
      el('td', { text: r.status }), el('td', { text: r.counts.read }), el('td', { text: r.counts.imported }), el('td', { text: r.counts.updated }),
      el('td', { text: r.counts.unchanged }), el('td', { class: r.counts.rejected ? 'bad' : null, text: r.counts.rejected }),
      el('td', { text: r.rowsPerSecond !== null && r.rowsPerSecond !== undefined ? Math.round(r.rowsPerSecond) : '' }),
      el('td', {}, r.counts.rejected ? el('button', { type: 'button', class: 'show-rejects', onclick: () => loadRejects(r.id, rejects), text: t('ops.showrejects') }) : null)))));
  } catch (e) { runs.append(failure(e)); }
  try {
    const page = await api('GET', '/alerts?limit=50');
    if (!page.items.length) alerts.append(el('p', { text: t('ops.noalerts') }));
    else alerts.append(table(t('ops.alerts'), [t('ops.rule'), t('arrivals.property'), t('ops.channel'), t('ops.status'), t('ops.attempts'), t('ops.lasterror'), ''],
      page.items.flatMap(a => a.deliveries.map(d => el('tr', { 'data-alert': a.id },
        el('td', { text: a.rule }), el('td', { text: a.property || '' }), el('td', { text: d.channel }), el('td', { text: d.status }),
        el('td', { text: d.attempts }), el('td', { text: d.lastError || '' }),
        el('td', {}, d.status === 'DELIVERED' ? null : el('button', { type: 'button', class: 'retry', onclick: async ev => {
          try {
            const r = await api('POST', '/alerts/' + q(a.id) + '/retry?channel=' + q(d.channel));
            ev.target.replaceWith(el('span', { text: t('ops.retried', r.deliveriesDue) }));
          } catch (e) { ev.target.replaceWith(failure(e)); }
        }, text: t('ops.retry') })))))));
  } catch (e) { alerts.append(failure(e)); }
}

async function loadRejects(run, into) {
  try {
    const page = await api('GET', '/runs/' + run + '/rejects?limit=200');
    into.replaceChildren(el('h2', { text: t('ops.rejects', run) }), page.items.length
      ? table(t('ops.rejects', run), [t('ops.line'), t('ops.field'), t('ops.value'), t('ops.reason'), ''],
        page.items.map(r => el('tr', { class: 'reject' }, el('td', { text: r.line }), el('td', { text: r.field || '' }),
          el('td', { text: r.value || '' }), el('td', { text: r.reason || '' }),
          el('td', {}, el('button', { type: 'button', class: 'reprocess', onclick: async ev => {
            try {
              const x = await api('POST', '/runs/' + run + '/rejects/' + r.line + '/reprocess');
              ev.target.replaceWith(el('span', { class: 'outcome', text: x.status + (x.reason ? ': ' + x.reason : '') }));
            } catch (e) { ev.target.replaceWith(failure(e)); }
          }, text: t('ops.reprocess') })))), { id: 'rejects-table' })
      : el('p', { text: t('ops.norejects') }));
  } catch (e) { into.replaceChildren(failure(e)); }
}

async function loadJournal(into, status) {
  const filter = el('select', { id: 'messages-status', 'aria-label': t('ops.status') },
    ['', 'ACCEPTED', 'REFUSED', 'APPLIED_SINCE', 'REPROCESSED'].map(v => el('option', { value: v, selected: v === status, text: v || '—' })));
  filter.addEventListener('change', () => loadJournal(into, filter.value));
  const head = [el('h2', { text: t('ops.messages') }), el('div', { class: 'row' }, filter)];
  try {
    const page = await api('GET', '/messages?limit=50' + (status ? '&status=' + q(status) : ''));
    into.replaceChildren(...head, table(t('ops.messages'), [t('ops.when'), t('ops.channel'), t('ops.feed'), t('ops.status'), t('ops.reason'), t('ops.raw'), ''],
      page.items.map(m => el('tr', { class: 'message' }, el('td', { text: m.receivedAt || '' }), el('td', { text: m.channel || '' }),
        el('td', { text: m.feed || m.system || '' }), el('td', { text: m.status }),
        el('td', { text: [m.code, m.field, m.reason].filter(x => x).join(' · ') }), el('td', {}, el('code', { text: m.raw || '' })),
        el('td', {}, m.status === 'REFUSED' && m.refusalId ? el('button', { type: 'button', onclick: async ev => {
          try {
            const x = await api('POST', '/messages/' + m.refusalId + '/reprocess');
            ev.target.replaceWith(el('span', { text: x.status }));
          } catch (e) { ev.target.replaceWith(failure(e)); }
        }, text: t('ops.reprocess') }) : null)))));
  } catch (e) { into.replaceChildren(...head, failure(e)); }
}

/** A file or database feed's replay button and, once pressed, its run's progress (GET /runs/{id} until it ended). */
function replayControl(f) {
  if (f.kind !== 'file' && f.kind !== 'poll') return null;
  const progress = el('span', { class: 'replay-progress', role: 'status', 'aria-live': 'polite' });
  const button = el('button', { type: 'button', class: 'replay', 'aria-label': t('ops.replay.label', f.name), text: t('ops.replay') });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const started = await api('POST', '/feeds/' + q(f.name) + '/replay');
      progress.textContent = t('ops.replay.started', started.run);
      await followRun(started.run, progress);
    } catch (e) { progress.replaceChildren(failure(e)); }
    button.disabled = false;
  });
  return [button, ' ', progress];
}

async function followRun(id, into) {
  for (;;) {
    const view = await api('GET', '/runs/' + q(id));
    const r = view.run; // {id, status, counts, ...}; the view's progress: {status, rowsSoFar, rowsPerSecond, estimatedSecondsLeft}
    const p = view.progress || {};
    const status = p.status || r.status;
    into.textContent = t('ops.replay.progress', id, status, p.rowsSoFar !== undefined && p.rowsSoFar !== null ? p.rowsSoFar : r.counts.read,
      Math.round(p.rowsPerSecond || 0)) + (status === 'RUNNING' && p.estimatedSecondsLeft !== null && p.estimatedSecondsLeft !== undefined
      ? ' · ' + t('ops.replay.left', p.estimatedSecondsLeft) : '')
      + (status !== 'RUNNING' ? ' · ' + t('ops.replay.counts', r.counts.imported, r.counts.updated, r.counts.unchanged, r.counts.rejected) : '');
    if (status !== 'RUNNING') return r;
    if (!document.body.contains(into)) return r; // the page was left
    await new Promise(ok => setTimeout(ok, 500));
  }
}

// ---------- business dates ----------

async function pageDates() {
  const into = el('section', { id: 'dates', 'aria-live': 'polite' });
  show(el('h1', { text: t('dates.title') }), el('p', { class: 'hint', text: t('dates.hint') }), into);
  try {
    const page = await api('GET', '/business-dates?limit=200');
    if (!page.items.length) { into.append(el('p', { text: t('dates.none') })); return; }
    into.append(table(t('dates.title'), [t('arrivals.property'), t('dates.date'), t('dates.zone'), t('dates.movedby'), t('dates.audit'), t('dates.auditat')],
      page.items.map(d => el('tr', { 'data-property': d.property }, el('th', { scope: 'row', text: d.property }),
        el('td', { class: 'business-date', text: d.businessDate || '' }), el('td', { text: d.zone || '' }), el('td', { text: d.movedBy || '' }),
        el('td', { text: d.lastNightAudit || '—' }), el('td', { text: d.lastNightAuditAt || '—' }))), { id: 'dates-table' }));
  } catch (e) { into.append(failure(e)); }
}

// ---------- segments ----------

const LIFECYCLES = ['PROSPECT', 'FIRST_TIMER', 'REPEAT', 'LAPSED'];

async function pageSegments() {
  const counts = el('section', { id: 'segment-counts' }, el('h2', { text: t('segments.counts') }));
  const property = el('input', { id: 'segments-property', size: 8, value: localStorage.getItem('guestlink.property') || '' });
  const asOf = el('input', { id: 'segments-asof', type: 'date', value: today() });
  const lifecycle = el('select', { id: 'segments-lifecycle' },
    el('option', { value: '', text: t('segments.any') }), LIFECYCLES.map(l => el('option', { value: l, text: t('lifecycle.' + l) })));
  const vip = el('input', { id: 'segments-vip', type: 'checkbox' });
  const birthday = el('input', { id: 'segments-birthday', type: 'number', min: 1, max: 366, size: 4, inputmode: 'numeric' });
  const result = el('section', { id: 'segment-guests', 'aria-live': 'polite' });
  const form = el('form', { id: 'segments-form', class: 'row', onsubmit: ev => { ev.preventDefault(); listSegment(); } },
    el('label', { for: 'segments-property', text: t('arrivals.property') }), property,
    el('label', { for: 'segments-asof', text: t('segments.asof') }), asOf,
    el('label', { for: 'segments-lifecycle', text: t('segments.lifecycle') }), lifecycle,
    el('span', {}, vip, ' ', el('label', { for: 'segments-vip', text: t('segments.vip') })),
    el('label', { for: 'segments-birthday', text: t('segments.birthday') }), birthday,
    el('button', { type: 'submit', id: 'segments-list', text: t('segments.list') }));
  show(el('h1', { text: t('segments.title') }), counts,
    el('section', { 'aria-labelledby': 'h-seg-list' }, el('h2', { id: 'h-seg-list', text: t('segments.guests') }), form, result));

  function query() {
    const params = [];
    if (property.value.trim()) params.push('property=' + q(property.value.trim()));
    if (asOf.value) params.push('asOf=' + q(asOf.value));
    if (lifecycle.value) params.push('lifecycle=' + q(lifecycle.value));
    if (vip.checked) params.push('vip=true');
    if (birthday.value.trim()) params.push('birthdayWithin=' + q(birthday.value.trim()));
    return params.join('&');
  }

  async function listSegment() {
    const qs = query();
    result.replaceChildren(el('p', { text: t('loading') }));
    try {
      const page = await api('GET', '/segments/guests?limit=200' + (qs ? '&' + qs : ''));
      // the export: a same-origin link, so the browser sends the session cookie (SameSite=Strict) with the GET
      const csv = el('a', { id: 'segments-csv', class: 'button', href: '/api/v1/segments/guests?format=csv' + (qs ? '&' + qs : ''),
        download: 'guests-' + (asOf.value || today()) + '.csv', text: t('segments.csv') });
      const count = el('p', { id: 'segments-count', role: 'status', text: t('segments.listed', page.items.length) + (page.more ? ' ' + t('segments.more') : '') });
      result.replaceChildren(count, el('p', {}, csv), page.items.length ? table(t('segments.guests'),
        [t('segments.profile'), t('arrivals.guest'), t('arrivals.property'), t('segments.lifecycle'), t('segments.stays'), t('segments.lastdeparture'),
          t('segments.lapsedon'), t('segments.bday'), t('card.vip'), t('segments.rfm'), t('segments.ltv')],
        page.items.map(g => el('tr', { class: 'segment-guest' },
          el('td', {}, el('a', { href: '#/card/' + g.profileId, text: String(g.profileId) })), el('td', { class: 'written', text: g.name || '' }),
          el('td', { text: g.property || '' }), el('td', { text: g.lifecycle ? t('lifecycle.' + g.lifecycle) : '' }), el('td', { text: g.stays }),
          el('td', { text: g.lastDeparture || '' }), el('td', { text: g.lapsedOn || '' }),
          el('td', { text: g.birthday ? String(g.birthday).padStart(4, '0').replace(/^(\d\d)(\d\d)$/, '$1-$2') : '' }),
          el('td', { text: g.vip ? t('card.vip') : '' }), el('td', { text: g.rfm || '' }),
          el('td', { text: g.lifetimeValue !== null && g.lifetimeValue !== undefined ? String(g.lifetimeValue) : '' }))), { id: 'segments-table' }) : null);
    } catch (e) { result.replaceChildren(failure(e)); }
  }

  try {
    const page = await api('GET', '/segments?limit=200&asOf=' + q(today()));
    if (!page.items.length) counts.append(el('p', { text: t('segments.none') }));
    else counts.append(table(t('segments.counts'), [t('arrivals.property'), t('segments.all'), t('lifecycle.PROSPECT'), t('lifecycle.FIRST_TIMER'),
      t('lifecycle.REPEAT'), t('lifecycle.LAPSED'), t('card.vip'), t('segments.ltv')],
    page.items.map(c => el('tr', { 'data-property': c.property }, el('th', { scope: 'row', text: c.property }), el('td', { text: c.guests }),
      el('td', { text: c.prospects }), el('td', { text: c.firstTimers }), el('td', { text: c.repeats }), el('td', { text: c.lapsed }),
      el('td', { text: c.vip }), el('td', { text: c.lifetimeValue !== null && c.lifetimeValue !== undefined ? String(c.lifetimeValue) : '' }))),
    { id: 'segments-counts-table' }));
  } catch (e) { counts.append(failure(e)); }
}

// ---------- dead-lettered broker events ----------

async function pageDeadLetters() {
  const into = el('section', { id: 'deadletters', 'aria-live': 'polite' });
  show(el('h1', { text: t('dead.title') }), el('p', { class: 'hint', text: t('dead.hint') }), into);
  try {
    const page = await api('GET', '/messages?channel=jms&status=REFUSED&limit=200');
    if (!page.items.length) { into.append(el('p', { id: 'deadletters-none', text: t('dead.none') })); return; }
    into.append(table(t('dead.title'), [t('ops.when'), t('dead.system'), t('dead.message'), t('dead.type'), t('ops.reason'), t('ops.raw'), ''],
      page.items.map(m => el('tr', { class: 'dead-letter', 'data-refusal': m.refusalId },
        el('td', { text: m.receivedAt || '' }), el('td', { text: m.system || '' }), el('td', { text: m.messageId || '—' }),
        el('td', { text: m.eventType || '' }),
        el('td', { class: 'reason', text: [m.code, m.field, m.reason].filter(x => x).join(' · ') }),
        el('td', {}, el('code', { text: m.raw || '' })),
        el('td', {}, m.refusalId ? el('button', { type: 'button', class: 'reprocess',
          'aria-label': t('dead.reprocess.label', m.messageId || m.refusalId), onclick: async ev => {
            const cell = ev.target.parentNode;
            try {
              const x = await api('POST', '/messages/' + q(m.refusalId) + '/reprocess');
              cell.replaceChildren(el('span', { class: 'outcome', role: 'status', text: x.status + (x.text ? ': ' + x.text : '') }));
            } catch (e) { cell.replaceChildren(el('span', { class: 'outcome' }, failure(e))); }
          }, text: t('ops.reprocess') }) : null))), { id: 'deadletters-table' }));
  } catch (e) { into.append(failure(e)); }
}

// ---------- routing ----------

const pages = {
  lookup: { roles: ['front-desk', 'outlet', 'supervisor', 'privacy-officer'], show: pageLookup },
  card: { roles: ['front-desk', 'outlet', 'supervisor'], show: pageCard },
  arrivals: { roles: ['front-desk', 'outlet', 'supervisor'], show: pageArrivals },
  desk: { roles: ['supervisor'], show: pageDesk },
  ops: { roles: ['operator'], show: pageOps },
  dates: { roles: ['operator'], show: pageDates },
  segments: { roles: ['supervisor', 'operator'], show: pageSegments },
  deadletters: { roles: ['operator'], show: pageDeadLetters }
};

async function route() {
  const [name, arg] = location.hash.replace(/^#\/?/, '').split('/');
  if (state.stream && name !== 'arrivals') { state.stream.close(); state.stream = null; }
  if (!state.me || name === 'signin') {
    if (state.me) { location.hash = '#/lookup'; return; }
    pageSignIn();
    return;
  }
  const page = pages[name] || pages[Object.keys(pages).find(p => may(pages[p].roles)) || 'lookup'];
  document.querySelectorAll('#nav a').forEach(a => a.removeAttribute('aria-current'));
  const current = document.querySelector('#nav a[data-page="' + name + '"]');
  if (current) current.setAttribute('aria-current', 'page');
  if (!may(page.roles)) { show(el('p', { class: 'error', role: 'alert', id: 'forbidden', text: t('forbidden') })); return; }
  await page.show(arg);
  main().focus({ preventScroll: true });
}

async function start() {
  await loadMessages();
  document.getElementById('lang').addEventListener('click', async () => {
    state.lang = state.lang === 'zh-CN' ? 'en' : 'zh-CN';
    localStorage.setItem('guestlink.lang', state.lang);
    await loadMessages();
    route();
  });
  document.getElementById('signout').addEventListener('click', async () => {
    try { await api('DELETE', '/session'); } catch (e) { /* signed out already */ }
    signedOut();
  });
  if (await whoAmI()) signedIn();
  window.addEventListener('hashchange', route);
  route();
}

document.addEventListener('DOMContentLoaded', start);
