/* congkhai search: folds tones and đ→d the same way as the index, ranks exact
   diacritic matches first, expands common abbreviations. Loads only the index
   shards a query needs. No dependencies. */
(function () {
  "use strict";
  var form = document.getElementById("tim-kiem-form");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("tim-kiem-trang-thai");
  var list = document.getElementById("tim-kiem-ket-qua");
  var base = form.getAttribute("data-chi-muc");
  var cache = {};

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(base + name).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    }
    return cache[name];
  }
  /* FNV-1a over UTF-16 code units, as the index builder does (src/search.rs). */
  function shard(term, count) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      hash ^= term.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return (hash & (count - 1)) >>> 0;
  }
  /* Same rules as the index: words, and document numbers whole and in parts. */
  function tokens(text) {
    var out = [];
    text.split(/[\s,;:()"“”‘’!?\[\]«»]+/).forEach(function (w) {
      w = w.replace(/^[.…*_']+|[.…*_']+$/g, "").toLowerCase();
      if (!w) return;
      if (/[\/-]/.test(w)) {
        if (/\d/.test(w) && /[^\d\/.-]/.test(w)) out.push(w);
        w.split(/[\/.-]/).forEach(function (p) { if (p) out.push(p); });
      } else {
        out.push(w.replace(/\.$/, ""));
      }
    });
    return out.filter(function (t) { return /[0-9a-zà-ỹđ]/i.test(t); });
  }
  /* A query is a list of groups; a group matches if any of its alternatives (a list
     of terms, all required) matches. Abbreviations add their expansion. */
  function parse(query, abbreviations) {
    return tokens(query).map(function (t) {
      var alternatives = [[t]];
      abbreviations.forEach(function (pair) {
        if (pair[0] === fold(t)) alternatives.push(tokens(pair[1]));
        if (fold(pair[1]) === fold(query.trim())) alternatives.push([pair[0]]);
      });
      return alternatives;
    });
  }
  /* Entry id → score for one term (exact spelling scores 2, folded match 1). */
  function postings(term, count) {
    var folded = fold(term);
    return load("tu-" + shard(folded, count) + ".json").then(function (map) {
      var scores = {};
      var spellings = map[folded] || {};
      Object.keys(spellings).forEach(function (spelling) {
        var points = spelling === term ? 2 : 1;
        /* Ids are written as gaps: the first, then each minus the one before. */
        var id = 0;
        spellings[spelling].forEach(function (gap) { id += gap; scores[id] = Math.max(scores[id] || 0, points); });
      });
      return scores;
    });
  }
  function intersect(lists) {
    return lists.reduce(function (acc, scores) {
      if (acc === null) return scores;
      var out = {};
      Object.keys(acc).forEach(function (id) { if (scores[id]) out[id] = acc[id] + scores[id]; });
      return out;
    }, null) || {};
  }
  function search(query) {
    return load("chi-muc.json").then(function (manifest) {
      var groups = parse(query, manifest.abbreviations || []);
      if (!groups.length) return { manifest: manifest, ids: [], scores: {} };
      return Promise.all(groups.map(function (alternatives) {
        return Promise.all(alternatives.map(function (terms) {
          return Promise.all(terms.map(function (t) { return postings(t, manifest.term_shards || 1); })).then(intersect);
        })).then(function (found) {
          var union = {};
          found.forEach(function (scores) {
            Object.keys(scores).forEach(function (id) { union[id] = Math.max(union[id] || 0, scores[id]); });
          });
          return union;
        });
      })).then(function (perGroup) {
        var scores = intersect(perGroup);
        var ids = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        return { manifest: manifest, ids: ids, scores: scores };
      });
    });
  }
  /* Final ranking: postings score, then the whole query in the title (exact
     diacritics first), then each term in the title. */
  function rank(query, ids, scores, rows) {
    var q = query.trim().toLowerCase();
    var fq = fold(q);
    var terms = tokens(query).map(fold);
    return ids.map(function (id, n) {
      var row = rows[n] || ["", "", "", ""];
      var title = row[1].toLowerCase();
      var ft = fold(title);
      var bonus = 0;
      if (title.indexOf(q) >= 0) bonus += 6; else if (ft.indexOf(fq) >= 0) bonus += 4;
      terms.forEach(function (t) { if (ft.indexOf(t) >= 0) bonus += 1; });
      if ((row[3] || "").toLowerCase().indexOf(q) >= 0) bonus += 2;
      return { id: id, row: row, score: scores[id] + bonus };
    }).sort(function (a, b) { return b.score - a.score || a.id - b.id; });
  }
  function show(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    search(query).then(function (result) {
      var per = result.manifest.per_shard;
      /* Rows are fetched only for the best candidates by postings score, so a common
         word does not download the whole index. */
      var candidates = result.ids.slice(0, 200);
      return Promise.all(candidates.map(function (id) {
        return load("muc-" + Math.floor(id / per) + ".json").then(function (rows) { return rows[id % per]; });
      })).then(function (rows) {
        var ranked = rank(query, candidates, result.scores, rows);
        var total = result.ids.length;
        ranked.slice(0, 50).forEach(function (hit) {
          var row = hit.row;
          if (!row[0]) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = row[0];
          a.textContent = row[1];
          var kind = document.createElement("span");
          kind.className = "tim-kiem-loai";
          kind.textContent = row[2];
          var h = document.createElement("h2");
          h.appendChild(a);
          li.appendChild(h);
          li.appendChild(kind);
          if (row[3]) {
            var p = document.createElement("p");
            p.textContent = row[3];
            li.appendChild(p);
          }
          list.appendChild(li);
        });
        status.textContent = total
          ? "Tìm thấy " + total + " kết quả cho “" + query + "”" + (total > 50 ? " (hiện 50 kết quả đầu)." : ".")
          : "Không tìm thấy kết quả cho “" + query + "”. Hãy thử từ khác, hoặc xem danh mục văn bản và danh sách kế hoạch.";
      });
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value;
    if (window.history && history.replaceState) history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    show(q);
  });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; show(initial); }
})();
