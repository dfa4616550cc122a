// `ortkit graph`'s page script: pan and zoom, collapsing clusters, overlays with a legend, and
// node details, over the SVG Graphviz laid out (ids: node i "n<i>", edge i "e<i>", cluster i "c<i>").
//
// The data island (#ortkit-graph-json, view/graph_view_json.cc):
//   nodes[i]: k ("op", "input", "output"), loc, name, op, dom, cl (innermost cluster, -1 none), g (graph),
//             at [[name, value]], in/out [[tensor, type]], f [finding indices], f64, post,
//             pl {taken, why}, t (kernel microseconds), cost {flops, param_bytes, act_bytes},
//             mem {out, tmp, in, init} (bytes: outputs allocated at run time, scratch, inputs, initializers)
//   edges[i]: a, b (node indices), t (tensor), x (placement crossing), cut (post-processing cut)
//   clusters[i]: label, path, parent, depth, nodes, kind ("scope", "subgraph")
//   findings[i]: id, rule, sev, kind, loc, msg, why, fix, cmd;  model_findings: [finding indices]
//   overlays: findings, float64, post, placement (provider or ""), time, total_us, unmatched_us, cost,
//             memory, alloc_bytes, unmatched_alloc_bytes, max_alloc_bytes (the heat's full scale), memory_source
//   collapse_depth: clusters at this depth open collapsed (0: all open)
//
// Collapsing: the layout is computed once, for the fully expanded graph (dot runs at build time;
// the page has no layout engine). A collapsed cluster is therefore drawn as one box over the area
// its contents take, its nodes and inner edges hidden, and the edges that cross its border kept.
(function () {
  'use strict';
  var body = document.body;
  var SVGNS = 'http://www.w3.org/2000/svg';

  // Embedded in doctor's report (a sandboxed srcdoc iframe), the page says how it went: the
  // report records it where its browser test reads it. Opaque origin, so the target is '*'. The
  // report may start listening after this page has spoken: it then asks, and hears it again.
  var told = null;
  function tellEmbedder(message) {
    if (window.parent === window) return;
    message.ortkitGraph = true;
    told = message;
    window.parent.postMessage(message, '*');
  }
  window.addEventListener('message', function (event) {
    if (event.source === window.parent && event.data && event.data.ortkitGraphQuery && told) {
      window.parent.postMessage(told, '*');
    }
  });

  try {
    var data = JSON.parse(document.getElementById('ortkit-graph-json').textContent);
    var svg = document.querySelector('#canvas svg');
    var scene = svg.querySelector('g.graph');
    var nodes = data.nodes, edges = data.edges, clusters = data.clusters, findings = data.findings;
    var nodeEl = nodes.map(function (_, i) { return document.getElementById('n' + i); });
    var edgeEl = edges.map(function (_, i) { return document.getElementById('e' + i); });
    var clusterEl = clusters.map(function (_, i) { return document.getElementById('c' + i); });
    var collapsed = clusters.map(function () { return false; });
    var overlays = {findings: data.overlays.findings, float64: false, post: false, placement: false, time: false,
                    memory: false, cost: false};
    var selected = -1;
    var maxDepth = clusters.reduce(function (m, c) { return Math.max(m, c.depth); }, 0);

    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function svgEl(tag, attrs, text) {
      var e = document.createElementNS(SVGNS, tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function shape(i) { return nodeEl[i] && nodeEl[i].querySelector('polygon, ellipse'); }
    function nodeName(n) { return n.k === 'op' ? (n.name || n.loc) : n.name; }
    function us(v) { return v >= 1000 ? (v / 1000).toFixed(2) + ' ms' : v.toFixed(0) + ' \u00b5s'; }
    function bytes(v) {
      var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], u = 0;
      while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
      return u ? v.toFixed(1) + ' ' + units[u] : v + ' B';
    }
    function allocated(n) { return n.mem ? n.mem.out + n.mem.tmp : 0; }

    // Tooltips say what a box or a line is (Graphviz's titles are its internal names).
    nodes.forEach(function (n, i) {
      if (!nodeEl[i]) return;
      var title = nodeEl[i].querySelector('title');
      if (title) title.textContent = (n.op ? n.op + ' ' : '') + nodeName(n);
      if (n.f64) nodeEl[i].classList.add('ov-f64');
      if (n.post) nodeEl[i].classList.add('ov-post');
      if (n.pl) nodeEl[i].classList.add(n.pl.taken ? 'ov-taken' : 'ov-fallback');
    });
    edges.forEach(function (e, i) {
      if (!edgeEl[i]) return;
      var title = edgeEl[i].querySelector('title');
      if (title) title.textContent = e.t;
      if (e.x) edgeEl[i].classList.add('ov-cross');
      if (e.cut) edgeEl[i].classList.add('ov-cut');
    });

    // Outermost collapsed cluster around node i (or cluster c's ancestors), -1 when none.
    function hiderOfCluster(c) {
      var hider = -1;
      for (var p = clusters[c].parent; p >= 0; p = clusters[p].parent) if (collapsed[p]) hider = p;
      return hider;
    }
    function hiderOfNode(i) {
      var hider = -1;
      for (var c = nodes[i].cl; c >= 0; c = clusters[c].parent) if (collapsed[c]) hider = c;
      return hider;
    }
    function findingsInside(c) {
      var count = 0;
      nodes.forEach(function (n, i) {
        for (var k = n.cl; k >= 0; k = clusters[k].parent) if (k === c) { count += (n.f || []).length; break; }
      });
      return count;
    }

    clusters.forEach(function (c, i) {
      var g = clusterEl[i];
      if (!g) return;
      var title = g.querySelector('title');
      if (title) title.textContent = c.path + ' (' + c.nodes + ' nodes): click to collapse or expand';
      var box = g.querySelector('polygon').getBBox();
      var inside = findingsInside(i);
      g.appendChild(svgEl('text', {'class': 'count', x: box.x + box.width / 2, y: box.y + box.height / 2,
                                   'text-anchor': 'middle'},
                          c.nodes + ' nodes' + (inside ? ' \u00b7 ' + inside + ' findings' : '')));
      g.addEventListener('click', function (event) {
        if (dragged) return;
        event.stopPropagation();
        toggleCluster(i);
      });
    });

    function applyCollapse() {
      var boxes = 0;
      clusters.forEach(function (_, c) {
        var g = clusterEl[c];
        var hidden = hiderOfCluster(c) >= 0;
        if (g) {
          g.classList.toggle('hidden', hidden);
          g.classList.toggle('collapsed', collapsed[c] && !hidden);
        }
        if (collapsed[c] && !hidden) boxes++;
      });
      var hider = nodes.map(function (_, i) { return hiderOfNode(i); });
      hider.forEach(function (h, i) {
        if (nodeEl[i]) nodeEl[i].classList.toggle('hidden', h >= 0);
        if (h < 0) boxes++;
      });
      edges.forEach(function (e, i) {
        var inner = hider[e.a] >= 0 && hider[e.a] === hider[e.b];
        if (edgeEl[i]) edgeEl[i].classList.toggle('hidden', inner);
      });
      badges.forEach(function (b) { b.el.classList.toggle('hidden', hider[b.node] >= 0); });
      body.setAttribute('data-visible-boxes', String(boxes));
      body.setAttribute('data-collapsed', String(collapsed.filter(Boolean).length));
      levelSelect.value = String(levelOf());
    }
    function toggleCluster(c) {
      collapsed[c] = !collapsed[c];
      applyCollapse();
    }
    function collapseTo(depth) {
      clusters.forEach(function (c, i) { collapsed[i] = depth > 0 && c.depth === depth; });
      applyCollapse();
    }
    function levelOf() {
      var depth = -1;
      for (var i = 0; i < clusters.length; i++) {
        var want = collapsed[i];
        if (want && depth === -1) depth = clusters[i].depth;
      }
      if (depth === -1) return 0;
      for (var j = 0; j < clusters.length; j++) if (collapsed[j] !== (clusters[j].depth === depth)) return -1;
      return depth;
    }

    // Finding badges: the first finding's rule id (and how many more) at the box's corner.
    var badges = [];
    var badgeLayer = svgEl('g', {'class': 'badges'});
    scene.appendChild(badgeLayer);
    var severityRank = {error: 0, warning: 1, info: 2};
    nodes.forEach(function (n, i) {
      if (!n.f || !n.f.length || !nodeEl[i]) return;
      var list = n.f.slice().sort(function (a, b) { return severityRank[findings[a].sev] - severityRank[findings[b].sev]; });
      var first = findings[list[0]];
      var box = shape(i).getBBox();
      var text = first.id + (list.length > 1 ? ' +' + (list.length - 1) : '');
      var width = 6 + text.length * 5;
      var g = svgEl('g', {'class': 'badge ' + first.sev, 'data-node': i});
      g.appendChild(svgEl('rect', {x: box.x + box.width - width + 4, y: box.y - 7, width: width, height: 11, rx: 3}));
      g.appendChild(svgEl('text', {x: box.x + box.width - width / 2 + 4, y: box.y + 1.5, 'text-anchor': 'middle'}, text));
      g.appendChild(svgEl('title', {}, list.map(function (f) { return findings[f].id + ' ' + findings[f].msg; }).join('\n')));
      g.addEventListener('click', function (event) {
        if (dragged) return;
        event.stopPropagation();
        select(i, list[0]);
      });
      badgeLayer.appendChild(g);
      badges.push({el: g, node: i});
    });

    // Heat colours for time, memory and cost: white to red by the square root of the share of the
    // largest, so that the many small nodes still read apart from zero. With several on, the first
    // of time, memory, cost that a node has colours it.
    function heat(value, max) {
      var s = max > 0 ? Math.sqrt(value / max) : 0;
      var c = function (a, b) { return Math.round(a + (b - a) * s); };
      return 'rgb(' + c(255, 192) + ',' + c(255, 57) + ',' + c(255, 43) + ')';
    }
    var maxTime = nodes.reduce(function (m, n) { return Math.max(m, n.t || 0); }, 0);
    var maxFlops = nodes.reduce(function (m, n) { return Math.max(m, (n.cost && n.cost.flops) || 0); }, 0);
    function paintHeat() {
      nodes.forEach(function (n, i) {
        var s = shape(i);
        if (!s) return;
        if (overlays.time && n.t !== undefined) s.style.fill = heat(n.t, maxTime);
        else if (overlays.memory && n.mem) s.style.fill = heat(allocated(n), data.overlays.max_alloc_bytes);
        else if (overlays.cost && n.cost && n.cost.flops !== null) s.style.fill = heat(n.cost.flops, maxFlops);
        else s.style.fill = '';
      });
    }

    // The toolbar: layout controls, then one checkbox per overlay that has data, each with its legend.
    var toolbar = document.getElementById('toolbar');
    function button(label, id, action) {
      var b = el('button', {type: 'button', id: id}, label);
      b.addEventListener('click', action);
      toolbar.appendChild(b);
    }
    button('Fit', 'fit', function () { setView(full); });
    button('Expand all', 'expand-all', function () { collapseTo(0); });
    var levelSelect = el('select', {id: 'collapse-level', title: 'Collapse every cluster at this depth'});
    levelSelect.appendChild(el('option', {value: '-1', hidden: 'hidden'}, 'mixed'));
    levelSelect.appendChild(el('option', {value: '0'}, 'all open'));
    for (var d = 1; d <= maxDepth; d++) levelSelect.appendChild(el('option', {value: String(d)}, 'collapse level ' + d));
    levelSelect.addEventListener('change', function () { collapseTo(Number(levelSelect.value)); });
    if (maxDepth > 0) toolbar.appendChild(levelSelect);

    var legends = {
      findings: [['#c0392b', 'error'], ['#d68910', 'warning'], ['#2e86c1', 'info'], [null, 'badge: rule id; click it for the finding']],
      float64: [['#f5b041', 'reads or writes float64']],
      post: [['#d7bde2', 'post-processing tail'], ['#8e44ad', 'cut: ' + (data.cut.join(', ') || 'none')]],
      placement: [['#abebc6', data.overlays.placement + ' takes it'], ['#f5b7b1', 'CPU fallback'],
                  ['#e67e22', 'crossing (copy / hand-over)'], [null, 'predicted from the op table']],
      time: [['rgb(255,255,255)', '0'], ['rgb(192,57,43)', maxTime ? us(maxTime) : '0'],
             [null, data.overlays.unmatched_us > 0 ? us(data.overlays.unmatched_us) + ' of ' + us(data.overlays.total_us) +
                    ' on nodes not in the file (fusions, copies)' : 'of ' + us(data.overlays.total_us) + ' kernel time']],
      memory: [['rgb(255,255,255)', '0'], ['rgb(192,57,43)', bytes(data.overlays.max_alloc_bytes)],
               [null, 'memory per node: outputs and scratch ORT allocated at run time, from its node memory statistics;'],
               [null, data.overlays.unmatched_alloc_bytes > 0 ? bytes(data.overlays.unmatched_alloc_bytes) + ' of ' +
                      bytes(data.overlays.alloc_bytes) + ' on nodes not in the file (fusions, renames)'
                      : bytes(data.overlays.alloc_bytes) + ' allocated in all']],
      cost: [['rgb(255,255,255)', '0'], ['rgb(192,57,43)', 'most FLOPs'], [null, 'grey boxes: cost unknown']]
    };
    var names = {findings: 'Findings', float64: 'float64', post: 'Post-processing', placement: 'Placement', time: 'Time',
                 memory: 'Memory', cost: 'Static cost'};
    var available = {findings: data.overlays.findings, float64: data.overlays.float64, post: data.overlays.post,
                     placement: data.overlays.placement !== '', time: data.overlays.time, memory: data.overlays.memory,
                     cost: data.overlays.cost};
    Object.keys(names).forEach(function (key) {
      if (!available[key]) return;
      var label = el('label', {title: 'Show or hide this overlay'});
      var box = el('input', {type: 'checkbox', id: 'overlay-' + key});
      box.checked = overlays[key];
      box.addEventListener('change', function () { setOverlay(key, box.checked); });
      label.appendChild(box);
      label.appendChild(document.createTextNode(' ' + names[key]));
      var legend = el('span', {'class': 'legend', id: 'legend-' + key});
      legends[key].forEach(function (item) {
        if (item[0]) legend.appendChild(el('span', {'class': 'swatch', style: 'background:' + item[0]}));
        legend.appendChild(document.createTextNode(' ' + item[1]));
      });
      label.appendChild(legend);
      toolbar.appendChild(label);
    });
    toolbar.appendChild(el('span', {'class': 'legend', id: 'collapse-help'},
        'Click a cluster\'s title to collapse or expand it: a collapsed cluster is one box over the area its ' +
        'contents take (the layout is computed once, expanded). Drag to pan, wheel to zoom.'));

    function setOverlay(key, on) {
      overlays[key] = on;
      body.classList.toggle('show-' + key, on);
      var legend = document.getElementById('legend-' + key);
      if (legend) legend.classList.toggle('hidden', !on);
      if (key === 'time' || key === 'memory' || key === 'cost') paintHeat();
      body.setAttribute('data-overlays', Object.keys(overlays).filter(function (k) { return overlays[k]; }).join(' '));
    }

    // Details: a node's op, attributes, typed inputs and outputs, findings, time, placement, cost, memory.
    var details = document.getElementById('details');
    function table(rows) {
      var t = el('table');
      rows.forEach(function (r) {
        var tr = el('tr');
        tr.appendChild(el('td', {'class': 'k'}, r[0]));
        tr.appendChild(el('td', {}, r[1]));
        t.appendChild(tr);
      });
      return t;
    }
    function findingBlock(f) {
      var x = findings[f];
      var div = el('div', {'class': 'finding ' + x.sev, id: 'finding-' + f});
      div.appendChild(el('strong', {}, x.id + ' ' + x.rule + ' (' + x.sev + ')'));
      div.appendChild(el('div', {}, x.msg));
      if (x.fix) div.appendChild(el('div', {'class': 'muted'}, 'Fix: ' + x.fix));
      if (x.cmd) div.appendChild(el('code', {}, x.cmd));
      return div;
    }
    function showOverview() {
      details.textContent = '';
      details.appendChild(el('h2', {}, data.graph || 'Model'));
      details.appendChild(el('p', {'class': 'muted'}, 'Click a box for its details.'));
      if (data.model_findings.length) {
        details.appendChild(el('h3', {}, 'Model findings'));
        data.model_findings.forEach(function (f) { details.appendChild(findingBlock(f)); });
      }
      var withFindings = nodes.map(function (n, i) { return i; }).filter(function (i) { return nodes[i].f; });
      if (withFindings.length) {
        details.appendChild(el('h3', {}, 'Nodes with findings'));
        withFindings.forEach(function (i) {
          var a = el('a', {'data-node': i}, nodeName(nodes[i]) + ' (' + nodes[i].f.map(function (f) { return findings[f].id; }).join(', ') + ')');
          a.addEventListener('click', function () { select(i, nodes[i].f[0]); centerOn(i); });
          details.appendChild(el('div')).appendChild(a);
        });
      }
    }
    function select(i, finding) {
      if (selected >= 0 && nodeEl[selected]) nodeEl[selected].classList.remove('selected');
      selected = i;
      if (nodeEl[i]) nodeEl[i].classList.add('selected');
      var n = nodes[i];
      details.textContent = '';
      details.appendChild(el('h2', {}, n.op ? n.op : (n.k === 'input' ? 'Graph input' : 'Graph output')));
      var rows = [['name', n.name || '(unnamed)'], ['location', n.loc]];
      if (n.op) rows.push(['domain', n.dom || 'ai.onnx']);
      if (n.cl >= 0) rows.push(['cluster', clusters[n.cl].path]);
      if (data.overlays.time) {
        rows.push(['time', n.t !== undefined ? us(n.t) + ' (' + (100 * n.t / (data.overlays.total_us || 1)).toFixed(1) +
                            '% of kernel time)' : 'not in the profile']);
      }
      if (n.pl) rows.push([data.overlays.placement, (n.pl.taken ? 'taken' : 'CPU fallback') + (n.pl.why ? ': ' + n.pl.why : '')]);
      if (data.overlays.cost && n.op) {
        var c = n.cost || {};
        var fmt = function (v, unit) { return v === null || v === undefined ? 'unknown' : v.toLocaleString('en-US') + ' ' + unit; };
        rows.push(['FLOPs', fmt(c.flops, '(multiply-adds once)')]);
        rows.push(['parameter bytes', fmt(c.param_bytes, 'B')]);
        rows.push(['activation bytes', fmt(c.act_bytes, 'B')]);
      }
      if (data.overlays.memory && n.op) {
        if (n.mem) {
          rows.push(['outputs allocated', bytes(n.mem.out)]);
          rows.push(['scratch allocated', bytes(n.mem.tmp)]);
          rows.push(['input bytes', bytes(n.mem.in)]);
          rows.push(['initializer bytes', bytes(n.mem.init)]);
        } else {
          rows.push(['memory', 'not in the node memory statistics']);
        }
      }
      details.appendChild(table(rows));
      if (n.at && n.at.length) {
        details.appendChild(el('h3', {}, 'Attributes'));
        details.appendChild(table(n.at));
      }
      if (n.in.length) {
        details.appendChild(el('h3', {}, 'Inputs'));
        details.appendChild(table(n.in.map(function (v) { return [v[0] || '(absent)', v[1]]; })));
      }
      if (n.out.length) {
        details.appendChild(el('h3', {}, 'Outputs'));
        details.appendChild(table(n.out.map(function (v) { return [v[0] || '(absent)', v[1]]; })));
      }
      if (n.f) {
        details.appendChild(el('h3', {}, 'Findings'));
        n.f.forEach(function (f) { details.appendChild(findingBlock(f)); });
        if (finding !== undefined) {
          var target = document.getElementById('finding-' + finding);
          target.classList.add('target');
          target.scrollIntoView({block: 'nearest'});
        }
      }
      var back = el('a', {id: 'overview'}, '\u2190 overview');
      back.addEventListener('click', function () {
        if (selected >= 0 && nodeEl[selected]) nodeEl[selected].classList.remove('selected');
        selected = -1;
        showOverview();
      });
      details.appendChild(el('p')).appendChild(back);
      body.setAttribute('data-selected', String(i));
    }
    nodes.forEach(function (_, i) {
      if (!nodeEl[i]) return;
      nodeEl[i].addEventListener('click', function (event) {
        if (dragged) return;
        event.stopPropagation();
        select(i);
      });
    });

    // Pan and zoom by moving the SVG's viewBox.
    var vb = svg.viewBox.baseVal;
    var full = {x: vb.x, y: vb.y, w: vb.width, h: vb.height};
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    function setView(v) { svg.setAttribute('viewBox', [v.x, v.y, v.w, v.h].join(' ')); }
    function current() { return {x: vb.x, y: vb.y, w: vb.width, h: vb.height}; }
    function toScene(clientX, clientY) {
      var r = svg.getBoundingClientRect();
      var v = current();
      var scale = Math.max(v.w / r.width, v.h / r.height);
      var ox = v.x + (v.w - r.width * scale) / 2, oy = v.y + (v.h - r.height * scale) / 2;
      return {x: ox + (clientX - r.left) * scale, y: oy + (clientY - r.top) * scale, scale: scale};
    }
    function zoom(factor, clientX, clientY) {
      var p = toScene(clientX, clientY), v = current();
      setView({x: p.x - (p.x - v.x) * factor, y: p.y - (p.y - v.y) * factor, w: v.w * factor, h: v.h * factor});
    }
    function centerOn(i) {
      var s = shape(i);
      if (!s || nodeEl[i].classList.contains('hidden')) return;
      var b = s.getBBox();
      var m = scene.transform.baseVal.consolidate();
      var x = b.x + b.width / 2 + (m ? m.matrix.e : 0), y = b.y + b.height / 2 + (m ? m.matrix.f : 0);
      var w = Math.min(full.w, 900), h = Math.min(full.h, 600);
      setView({x: x - w / 2, y: y - h / 2, w: w, h: h});
    }
    var canvas = document.getElementById('canvas');
    var drag = null, dragged = false;
    canvas.addEventListener('wheel', function (event) {
      event.preventDefault();
      zoom(event.deltaY > 0 ? 1.2 : 1 / 1.2, event.clientX, event.clientY);
    }, {passive: false});
    canvas.addEventListener('mousedown', function (event) {
      drag = {x: event.clientX, y: event.clientY, v: current(), scale: toScene(event.clientX, event.clientY).scale};
      dragged = false;
    });
    window.addEventListener('mousemove', function (event) {
      if (!drag) return;
      var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
      dragged = true;
      canvas.classList.add('dragging');
      setView({x: drag.v.x - dx * drag.scale, y: drag.v.y - dy * drag.scale, w: drag.v.w, h: drag.v.h});
    });
    window.addEventListener('mouseup', function () {
      drag = null;
      canvas.classList.remove('dragging');
      // The click that ends a drag comes after mouseup: let it see `dragged`, then reset.
      setTimeout(function () { dragged = false; }, 0);
    });

    Object.keys(overlays).forEach(function (key) { setOverlay(key, overlays[key]); });
    collapseTo(data.collapse_depth);
    showOverview();
    body.setAttribute('data-report-state', 'ready');
    tellEmbedder({state: 'ready', nodes: nodeEl.filter(function (el) { return !!el; }).length, of: nodes.length});
  } catch (error) {
    body.setAttribute('data-page-errors', String(error && error.stack || error));
    body.setAttribute('data-report-state', 'error');
    tellEmbedder({state: 'error', error: String(error && error.message || error)});
  }
})();
