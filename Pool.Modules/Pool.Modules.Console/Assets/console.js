// Pool console: the only script, loaded as a file (the CSP allows no inline script).
// 1. Clearing upload: posts the form with XMLHttpRequest to show upload progress, then shows the answer page.
// 2. Overview: polls /console/overview/metrics every few seconds and redraws the small SVG charts.
(function () {
  'use strict';
  document.querySelectorAll('form[data-upload]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var progress = form.querySelector('progress');
      var status = form.querySelector('[data-upload-status]');
      var request = new XMLHttpRequest();
      request.open('POST', form.action);
      progress.hidden = false;
      request.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) { progress.value = Math.round(100 * e.loaded / e.total); status.textContent = progress.value + '% sent'; }
      });
      request.upload.addEventListener('load', function () { status.textContent = 'Sent; importing…'; });
      request.addEventListener('load', function () {
        document.open(); document.write(request.responseText); document.close();
      });
      request.addEventListener('error', function () { status.textContent = 'The upload failed.'; });
      request.send(new FormData(form));
    });
  });

  var overview = document.querySelector('[data-metrics]');
  if (!overview) { return; }
  var history = {};
  var pointsMax = 60;
  function draw(name, value) {
    var svg = overview.querySelector('svg[data-series="' + name + '"]');
    var label = overview.querySelector('[data-value="' + name + '"]');
    if (label) { label.textContent = value === null ? '—' : (Math.round(value * 10) / 10).toLocaleString('en'); }
    if (!svg || value === null) { return; }
    var series = history[name] || (history[name] = []);
    series.push(value);
    if (series.length > pointsMax) { series.shift(); }
    var max = Math.max.apply(null, series.concat([1]));
    var points = series.map(function (v, i) { return (i * 200 / (pointsMax - 1)).toFixed(1) + ',' + (48 - 46 * v / max).toFixed(1); }).join(' ');
    var line = svg.querySelector('polyline');
    line.setAttribute('points', points);
  }
  function poll() {
    fetch(overview.getAttribute('data-metrics'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) {
        if (!m) { return; }
        Object.keys(m.values).forEach(function (k) { draw(k, m.values[k]); });
        var mix = overview.querySelector('[data-mix]');
        if (mix) {
          mix.textContent = Object.keys(m.mix).sort().map(function (k) { return k + ': ' + m.mix[k]; }).join(' · ') || 'no authorizations yet';
        }
      })
      .catch(function () { });
  }
  poll();
  setInterval(poll, 3000);
})();
