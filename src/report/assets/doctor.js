// Draws the report's charts from the specs the C++ renderer embedded (#ortkit-chart-specs), and
// records, on each canvas and on <body>, whether it really drew: the browser test reads these
// attributes back (data-chart-state, data-report-state, data-charts-drawn, data-page-errors).
(function () {
  'use strict';
  var body = document.body;
  var pageErrors = [];
  function noteError(text) {
    pageErrors.push(String(text));
    body.setAttribute('data-page-errors', pageErrors.join(' | '));
  }
  window.addEventListener('error', function (e) { noteError(e.message || 'error'); });
  // The embedded graph view (section#graph's iframe) reports how it drew.
  window.addEventListener('message', function (e) {
    var m = e.data;
    var section = document.getElementById('graph');
    if (!m || !m.ortkitGraph || !section) return;
    section.setAttribute('data-graph-state', m.state);
    if (m.state === 'ready') section.setAttribute('data-graph-nodes', m.nodes + '/' + m.of);
    else noteError('graph view: ' + m.error);
  });
  // In case the view drew before this listener was there: ask again (it answers once it has drawn).
  Array.prototype.forEach.call(document.querySelectorAll('section#graph iframe'), function (frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ortkitGraphQuery: true}, '*');
  });
  // Any request the page attempts is blocked by its Content-Security-Policy; say so.
  document.addEventListener('securitypolicyviolation', function (e) {
    noteError('blocked request: ' + e.blockedURI + ' (' + e.violatedDirective + ')');
  });

  // On paper every folded detail shows.
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });

  var palette = ['#2f6fde', '#e07b39', '#1a7f37', '#9b51e0', '#b42318', '#00838f', '#9a6700', '#5b6675'];
  function color(i) { return palette[i % palette.length]; }

  // A canvas has drawn when some pixel is not fully transparent. Read through a scratch canvas
  // made for reading back, so reading many charts draws no "willReadFrequently" warning.
  var scratch = document.createElement('canvas');
  var scratchContext = scratch.getContext('2d', { willReadFrequently: true });
  function canvasHasInk(canvas) {
    if (!canvas.width || !canvas.height) return false;
    scratch.width = canvas.width;
    scratch.height = canvas.height;
    scratchContext.clearRect(0, 0, scratch.width, scratch.height);
    scratchContext.drawImage(canvas, 0, 0);
    var data = scratchContext.getImageData(0, 0, scratch.width, scratch.height).data;
    for (var i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  }

  function axis(title, extra) {
    var a = { title: { display: !!title, text: title || '' }, ticks: {} };
    for (var k in extra) a[k] = extra[k];
    return a;
  }

  function config(spec) {
    var datasets = spec.datasets.map(function (d, i) {
      var c = d.color || color(i);
      var out = { label: d.label, data: d.data, backgroundColor: c, borderColor: c };
      if (spec.type === 'line') {
        out.backgroundColor = c + '22'; out.borderWidth = 1.5; out.pointRadius = 0; out.tension = 0;
      }
      if (d.markers) {  // steps: drawn as large triangles on top of the lines
        out.type = 'scatter'; out.pointStyle = 'triangle'; out.pointRadius = 7; out.backgroundColor = c;
        out.showLine = false; out.order = -1;
      }
      if (d.line) {  // a ceiling of the roofline chart: a line through its points, no markers
        out.showLine = true; out.pointRadius = 0; out.borderWidth = 2; out.borderDash = d.dash || [];
      }
      if (spec.type === 'doughnut') out.backgroundColor = d.data.map(function (_, j) { return color(j); });
      if (spec.type === 'bar' && spec.histogram) { out.barPercentage = 1.0; out.categoryPercentage = 1.0; }
      return out;
    });
    var cfg = {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: spec.type === 'doughnut' || datasets.length > 1, position: 'bottom' } },
      },
    };
    if (spec.type !== 'doughnut') {
      var y = axis(spec.y_title, { beginAtZero: spec.y_log ? false : true });
      if (spec.y_log) y.type = 'logarithmic';
      var x = axis(spec.x_title, {});
      if (spec.x_linear) { x.type = 'linear'; }
      if (spec.x_log) { x.type = 'logarithmic'; }
      cfg.options.scales = spec.horizontal ? { x: y, y: x } : { x: x, y: y };
      if (spec.horizontal) cfg.options.indexAxis = 'y';
    }
    return cfg;
  }

  var specs = [];
  try {
    specs = JSON.parse(document.getElementById('ortkit-chart-specs').textContent);
  } catch (e) {
    noteError('chart specs: ' + e.message);
  }
  var drawn = 0;
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) { noteError('no canvas ' + spec.id); return; }
    try {
      if (typeof Chart === 'undefined') throw new Error('Chart.js did not load');
      new Chart(canvas, config(spec));  // animation off: drawn synchronously, here
      var ok = canvasHasInk(canvas);
      canvas.setAttribute('data-chart-state', ok ? 'drawn' : 'empty');
      if (ok) drawn++;
    } catch (e) {
      canvas.setAttribute('data-chart-state', 'error: ' + e.message);
      noteError(spec.id + ': ' + e.message);
    }
  });
  body.setAttribute('data-charts-expected', String(specs.length));
  body.setAttribute('data-charts-drawn', String(drawn));
  body.setAttribute('data-report-state', 'ready');
})();
