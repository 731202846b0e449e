/* pledgeboard search. Plain JavaScript, no dependencies, nothing from
 * another host. Reads the index written by src/render/search.rs:
 *   search/meta.json     shard count, chunk size, units, labels
 *   search/t/<n>.json    term -> postings ("short~long"), by term hash
 *   search/d/<n>.json    result rows [kind, title, sub, status, unit, url]
 * A query is cut like the index: CJK characters into pairs (one
 * character alone is looked up as itself), ASCII into words. Only the
 * shards of the query's terms and the rows shown are downloaded.
 * Without JavaScript the page keeps its plain list of units and pledgers
 * and its status lists. Status words (逾期, 已完成 …) lead to the status
 * lists; a query that finds nothing shows the lists and shorter queries.
 */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form) return;
  var input = document.getElementById('q');
  var initial = null;
  try {
    initial = new URLSearchParams(location.search).get('q');
  } catch (e) {
    initial = null;
  }
  /* The box keeps the query even where nothing else below can run. */
  if (initial && input) input.value = initial;
  if (!window.fetch || !window.Promise) return;
  var statusEl = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var moreButton = document.getElementById('search-more');
  var directory = document.getElementById('search-directory');
  var nojs = document.getElementById('search-nojs');
  var help = document.getElementById('search-help');
  var statusLists = document.getElementById('search-statuses');
  var base = form.getAttribute('data-base') || '/';
  var root = base + 'search/';
  var PAGE = 20;
  var MAX_TERMS = 8;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var cache = {};
  var current = null;
  var generation = 0;
  var letter;
  try {
    letter = new RegExp('[\\p{Alphabetic}\\p{N}]', 'u');
  } catch (e) {
    letter = { test: function (c) { return c.charCodeAt(0) >= 0x3400; } };
  }

  if (nojs) nojs.hidden = true;

  function text(key, values) {
    var s = form.getAttribute('data-' + key) || '';
    for (var k in values) s = s.split('{' + k + '}').join(values[k]);
    return s;
  }

  function load(path) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': ' + r.status);
        return r.json();
      });
      cache[path]['catch'](function () { delete cache[path]; });
    }
    return cache[path];
  }

  /* The same folding as `fold` in search.rs: full-width ASCII to ASCII,
   * ASCII to lower case. Keeps the length, so positions still match. */
  function fold(c) {
    var n = c.charCodeAt(0);
    if (n >= 0xff01 && n <= 0xff5e) return String.fromCharCode(n - 0xfee0).toLowerCase();
    if (n === 0x3000) return ' ';
    if (n >= 65 && n <= 90) return c.toLowerCase();
    return c;
  }

  function isAsciiAlnum(c) {
    return /^[a-z0-9]$/.test(c);
  }

  /* Runs of CJK (non-ASCII letters) and ASCII words, as in search.rs. */
  function tokens(query) {
    var out = [];
    var run = [];
    var word = '';
    var flush = function () {
      if (run.length) out.push({ run: run });
      if (word) out.push({ word: word });
      run = [];
      word = '';
    };
    Array.from(query).forEach(function (raw) {
      var c = fold(raw);
      if (isAsciiAlnum(c)) {
        if (run.length) { out.push({ run: run }); run = []; }
        word += c;
      } else if (letter.test(c)) {
        if (word) { out.push({ word: word }); word = ''; }
        run.push(c);
      } else {
        flush();
      }
    });
    flush();
    return out;
  }

  /* Terms to look up: pairs that cover each run (every other pair and
   * the last), or the character alone; ASCII words of 2+ letters. */
  function terms(query) {
    var out = [];
    tokens(query).forEach(function (t) {
      if (t.run) {
        var r = t.run;
        if (r.length === 1) {
          out.push(r[0]);
        } else {
          for (var i = 0; i + 1 < r.length; i += 2) out.push(r[i] + r[i + 1]);
          if (r.length % 2 === 1) out.push(r[r.length - 2] + r[r.length - 1]);
        }
      } else if (t.word.length >= 2) {
        out.push(t.word);
      }
    });
    var seen = {};
    return out.filter(function (t) {
      if (seen[t]) return false;
      seen[t] = true;
      return true;
    }).slice(0, MAX_TERMS);
  }

  /* FNV-1a over code points, as `shard_of` in search.rs. */
  function shardOf(term, shards) {
    var h = 0x811c9dc5;
    Array.from(term).forEach(function (c) {
      h ^= c.codePointAt(0);
      h = Math.imul(h, 0x01000193);
    });
    return (h >>> 0) % shards;
  }

  /* The inverse of `encode_postings` in search.rs: gaps, or `.`, the
   * first number and a bitmap of the following documents. */
  function decode(s) {
    var out = [];
    var value = 0;
    var i = 0;
    var d;
    if (s.charAt(0) === '.') {
      for (i = 1; i < s.length; i++) {
        d = DIGITS.indexOf(s.charAt(i));
        value = value * 32 + (d & 31);
        if (d < 32) break;
      }
      out.push(value);
      for (var j = 0; i + 1 + j < s.length; j++) {
        d = DIGITS.indexOf(s.charAt(i + 1 + j));
        for (var k = 0; k < 6; k++) {
          if (d & (1 << k)) out.push(value + 1 + 6 * j + k);
        }
      }
      return out;
    }
    var prev = -1;
    for (i = 0; i < s.length; i++) {
      d = DIGITS.indexOf(s.charAt(i));
      if (d < 0) continue;
      value = value * 32 + (d & 31);
      if (d < 32) {
        prev += value + 1;
        out.push(prev);
        value = 0;
      }
    }
    return out;
  }

  function intersect(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function union(a, b) {
    var out = [];
    var i = 0;
    var j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
      else if (i >= a.length || b[j] < a[i]) out.push(b[j++]);
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  /* Document numbers matching every term: those found in short fields
   * (names, titles) for every term first, then the rest. */
  function match(values) {
    var strong = null;
    var all = null;
    for (var k = 0; k < values.length; k++) {
      if (values[k] == null) return [];
      var parts = values[k].split('~');
      var s = decode(parts[0]);
      var a = parts.length > 1 ? union(s, decode(parts[1])) : s;
      strong = strong ? intersect(strong, s) : s;
      all = all ? intersect(all, a) : a;
    }
    var isStrong = {};
    strong.forEach(function (id) { isStrong[id] = true; });
    return strong.concat(all.filter(function (id) { return !isStrong[id]; }));
  }

  function el(name, className, content) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (content != null) e.textContent = content;
    return e;
  }

  /* `title` with the query's pieces marked. */
  function highlighted(title, query) {
    var folded = Array.from(title).map(fold).join('');
    var marks = [];
    tokens(query).forEach(function (t) {
      var needle = t.run ? t.run.join('') : t.word;
      if (!needle) return;
      var at = folded.indexOf(needle);
      while (at >= 0) {
        marks.push([at, at + needle.length]);
        at = folded.indexOf(needle, at + needle.length);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var frag = document.createDocumentFragment();
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      if (m[0] > pos) frag.appendChild(document.createTextNode(title.slice(pos, m[0])));
      frag.appendChild(el('mark', null, title.slice(m[0], m[1])));
      pos = m[1];
    });
    if (pos < title.length) frag.appendChild(document.createTextNode(title.slice(pos)));
    return frag;
  }

  function statusChip(meta, index, count) {
    var s = meta.statuses[index];
    if (!s) return null;
    return el('span', 'status status-' + s[0], count == null ? s[1] : s[1] + ' ' + count);
  }

  function row(meta, doc, query) {
    var kind = doc[0];
    var li = el('li', 'result result-' + kind);
    var a = el('a', 'result-link');
    a.href = base + doc[5];
    a.appendChild(el('span', 'result-kind', meta.kinds[kind] || kind));
    a.appendChild(document.createTextNode(' '));
    var title = el('span', 'result-title');
    title.appendChild(highlighted(doc[1], query));
    a.appendChild(title);
    li.appendChild(a);
    var info = el('p', 'result-meta');
    var status = doc[3];
    if (Array.isArray(status)) {
      status.forEach(function (n, i) {
        if (n > 0) {
          info.appendChild(statusChip(meta, i, n));
          info.appendChild(document.createTextNode(' '));
        }
      });
    } else if (typeof status === 'number') {
      var chip = statusChip(meta, status, null);
      if (chip) {
        info.appendChild(chip);
        info.appendChild(document.createTextNode(' '));
      }
    }
    var unit = doc[4] != null ? meta.units[doc[4]] : null;
    var parts = [];
    if (unit && kind !== 'u') parts.push(unit[0]);
    if (doc[2]) parts.push(doc[2]);
    var sub = el('span', 'result-sub');
    sub.appendChild(highlighted(parts.join(' · '), query));
    info.appendChild(sub);
    li.appendChild(info);
    return li;
  }

  /* Shows the next page of results. */
  function showMore() {
    var state = current;
    if (!state) return Promise.resolve();
    var ids = state.ids.slice(state.shown, state.shown + PAGE);
    state.shown += ids.length;
    var chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / state.meta.chunk)] = true; });
    var names = Object.keys(chunks);
    return Promise.all(names.map(function (n) { return load('d/' + n + '.json'); })).then(function (loaded) {
      if (state !== current) return;
      var byChunk = {};
      names.forEach(function (n, i) { byChunk[n] = loaded[i]; });
      ids.forEach(function (id) {
        var n = Math.floor(id / state.meta.chunk);
        var doc = byChunk[n] && byChunk[n][id - n * state.meta.chunk];
        if (doc) list.appendChild(row(state.meta, doc, state.query));
      });
      list.hidden = false;
      moreButton.hidden = state.shown >= state.ids.length;
      list.setAttribute('data-count', String(state.ids.length));
    });
  }

  /* The status lists whose words the query holds, as result rows (their
   * links are the page's own, so they work wherever the page does). */
  function statusHits(query) {
    if (!statusLists) return [];
    var folded = Array.from(query).map(fold).join('').trim().split(/\s+/).join('-');
    var out = [];
    Array.prototype.forEach.call(statusLists.querySelectorAll('li[data-words]'), function (item) {
      var words = item.getAttribute('data-words').split(' ');
      var hit = words.some(function (w) { return w && folded.indexOf(w) >= 0; });
      if (!hit) return;
      var link = item.querySelector('a');
      var li = el('li', 'result result-status');
      var a = el('a', 'result-link');
      a.href = link.href;
      a.appendChild(el('span', 'result-kind', text('status-hit')));
      a.appendChild(document.createTextNode(' '));
      a.appendChild(link.firstElementChild.cloneNode(true));
      a.appendChild(document.createTextNode(' ' + link.lastElementChild.textContent));
      li.appendChild(a);
      out.push(li);
    });
    return out;
  }

  function showStatusHits(query) {
    var hits = statusHits(query);
    hits.forEach(function (li) { list.appendChild(li); });
    if (hits.length) list.hidden = false;
    return hits.length;
  }

  /* Shorter pieces of a query that found nothing: its words, and the
   * first and last two characters of a longer Chinese run. */
  function suggestions(query) {
    var out = [];
    tokens(query).forEach(function (t) {
      if (t.run) {
        if (t.run.length > 2) {
          out.push(t.run.slice(0, 2).join(''));
          out.push(t.run.slice(-2).join(''));
        } else if (tokens(query).length > 1) {
          out.push(t.run.join(''));
        }
      } else if (t.word.length >= 2 && tokens(query).length > 1) {
        out.push(t.word);
      }
    });
    var seen = {};
    return out.filter(function (q) {
      if (seen[q] || q === query) return false;
      seen[q] = true;
      return true;
    }).slice(0, 4);
  }

  function showHelp(query) {
    if (!help) return;
    help.textContent = text('none-help');
    var tries = suggestions(query);
    if (tries.length) {
      help.appendChild(document.createTextNode(' ' + text('try')));
      tries.forEach(function (q, i) {
        if (i) help.appendChild(document.createTextNode(' '));
        var a = el('a', 'example', q);
        a.href = '?q=' + encodeURIComponent(q);
        a.addEventListener('click', function (event) {
          event.preventDefault();
          input.value = q;
          submitQuery(q);
        });
        help.appendChild(a);
      });
    }
    help.hidden = false;
  }

  function reset(message) {
    current = null;
    if (help) {
      help.hidden = true;
      help.textContent = '';
    }
    list.textContent = '';
    list.hidden = true;
    moreButton.hidden = true;
    list.removeAttribute('data-count');
    statusEl.textContent = message || '';
  }

  function search(query) {
    var mine = ++generation;
    query = query.trim();
    if (!query) {
      reset('');
      directory.hidden = false;
      form.removeAttribute('data-done');
      return Promise.resolve();
    }
    directory.hidden = true;
    var wanted = terms(query);
    if (!wanted.length) {
      reset(text('short'));
      form.setAttribute('data-done', '1');
      return Promise.resolve();
    }
    reset(text('loading'));
    form.removeAttribute('data-done');
    var meta;
    return load('meta.json').then(function (m) {
      meta = m;
      return Promise.all(wanted.map(function (t) {
        return load('t/' + shardOf(t, m.shards) + '.json').then(function (shard) {
          return Object.prototype.hasOwnProperty.call(shard, t) ? shard[t] : null;
        });
      }));
    }).then(function (values) {
      if (mine !== generation) return;
      var ids = match(values);
      var hits = statusHits(query);
      if (!ids.length && !hits.length) {
        reset(text('none', { q: query }));
        showHelp(query);
        directory.hidden = false;
        return;
      }
      current = { query: query, ids: ids, shown: 0, meta: meta };
      hits.forEach(function (li) { list.appendChild(li); });
      list.hidden = false;
      statusEl.textContent = text('found', { n: ids.length + hits.length });
      return showMore();
    }).then(function () {
      if (mine === generation) form.setAttribute('data-done', '1');
    })['catch'](function () {
      if (mine !== generation) return;
      reset(text(location.protocol === 'file:' ? 'offline' : 'error'));
      showStatusHits(query);
      directory.hidden = false;
      form.setAttribute('data-done', '1');
    });
  }

  function submitQuery(q) {
    var url = location.pathname + (q.trim() ? '?q=' + encodeURIComponent(q.trim()) : '');
    if (window.history && history.replaceState) history.replaceState(null, '', url);
    search(q);
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submitQuery(input.value);
  });
  moreButton.addEventListener('click', function () {
    showMore();
  });

  if (initial) {
    search(initial);
  } else {
    form.setAttribute('data-done', '1');
  }
})();
