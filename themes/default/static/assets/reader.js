/* pledgeboard reader preferences: larger text (大字) for elderly readers.
 * `?large` in a page's address turns it on (a link or QR code can carry
 * it), `?large=0` off; the footer button switches it; the choice is kept
 * in this browser. Without JavaScript, the browser's own zoom still works. */
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'pb-large';
  var on = false;
  try {
    on = localStorage.getItem(KEY) === '1';
  } catch (e) { /* storage off (file://, private mode): the address decides */ }
  var m = /[?&]large(?:=([^&]*))?/.exec(location.search);
  if (m) on = m[1] !== '0';
  function apply(value) {
    on = value;
    root.classList.toggle('large', on);
    try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* ignore */ }
    var b = document.getElementById('large-toggle');
    if (b) b.setAttribute('aria-pressed', on ? 'true' : 'false');
  }
  root.classList.toggle('large', on);
  document.addEventListener('DOMContentLoaded', function () {
    var b = document.getElementById('large-toggle');
    if (!b) return;
    b.hidden = false;
    b.setAttribute('aria-pressed', on ? 'true' : 'false');
    b.addEventListener('click', function () { apply(!on); });
  });
})();
