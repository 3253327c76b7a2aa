// Veracity's newsroom page. Every string that comes from a document reaches the DOM through textContent,
// Text nodes or setAttribute on a fixed list of attributes, never parsed as HTML. Links are made only from
// http(s) URLs; anything else (a javascript: URL in a story) is shown as plain text.
(function () {
  "use strict";

  var TOKEN_KEY = "veracity-token";
  var POLL_MS = 400;
  var MARK_ATTRIBUTES = ["class", "id", "data-quote", "title", "data-tip", "tabindex", "aria-describedby"];
  var COLOUR = /^sp-(?:\d+|none)$/;
  var current = { dossier: null };
  // Views other scripts add (recording.js): ROUTES[name](id) shows #/name/id.
  var ROUTES = {};

  function $(id) { return document.getElementById(id); }

  // el("a", {href: "#/"}, "text", child…): attributes set one by one, children appended as nodes or Text.
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }

  function clear(node) { node.replaceChildren(); return node; }

  function safeHref(url) {
    if (!url) return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (error) { return null; }
  }

  function externalLink(url, text) {
    var href = safeHref(url);
    return href ? el("a", { href: href, rel: "noopener noreferrer", target: "_blank" }, text || url)
                : el("span", { class: "unsafe-url" }, text || url || "");
  }

  function route(path) { return "#/" + path.map(encodeURIComponent).join("/"); }

  // --- talking to the API ---------------------------------------------------------------------------

  function ApiError(status, message) { this.status = status; this.message = message; }

  function withToken(headers) {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.set("Authorization", "Bearer " + token);
    return headers;
  }

  // A 401 means the token is missing or wrong: say which in words a reader can act on, and ask for it again.
  // (The server's own message is written for whoever calls the API by hand.)
  function askForToken() {
    var message = sessionStorage.getItem(TOKEN_KEY)
      ? "The server refused this access token. Check it with whoever runs the server and enter it again " +
        "in the box at the top of the page."
      : "This server needs an access token: ask whoever runs it, and enter it in the box at the top of the page.";
    $("token-message").textContent = message;
    $("token-input").value = "";
    $("token-panel").hidden = false;
    $("token-input").focus();
    return new ApiError(401, message);
  }

  function api(path, options) {
    options = options || {};
    var headers = withToken(new Headers(options.headers || {}));
    return fetch(path, { method: options.method || "GET", body: options.body, headers: headers })
      .then(function (response) {
        return response.json().catch(function () { return null; }).then(function (body) {
          if (response.status === 401) throw askForToken();
          if (!response.ok) {
            throw new ApiError(response.status, (body && body.message) || response.statusText || "request failed");
          }
          return { status: response.status, body: body };
        });
      });
  }

  // A file from the API, fetched with the token: an <img src> or a plain link cannot send it.
  function fetchBlob(path) {
    return fetch(path, { headers: withToken(new Headers()) }).then(function (response) {
      if (response.status === 401) throw askForToken();
      if (!response.ok) throw new ApiError(response.status, response.statusText || "request failed");
      return response.blob();
    });
  }

  // Saves the API's answer at path as a file: fetched with the token, then offered from an object URL.
  function saveFile(path, filename, type) {
    return fetchBlob(path).then(function (blob) {
      var url = URL.createObjectURL(type ? new Blob([blob], { type: type }) : blob);
      var link = el("a", { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      // The download has its own copy by the next turn of the event loop; a second is generous.
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }).catch(function (error) { say("The file could not be downloaded: " + error.message, true); });
  }

  // A link to an API file that downloads it with the token; its href still names the file for the reader.
  function downloadLink(path, filename, text, type) {
    var link = el("a", { href: path, download: filename, class: "download" }, text);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      saveFile(path, filename, type);
    });
    return link;
  }

  function say(message, isError) {
    var status = $("status");
    status.textContent = message || "";
    status.classList.toggle("error", Boolean(isError));
  }

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function showProgress(job) {
    var box = $("progress"), bar = $("progress-bar"), text = $("progress-text");
    box.hidden = false;
    var total = job.progress && job.progress.total;
    if (total) { bar.max = total; bar.value = job.progress.done; } else { bar.removeAttribute("value"); }
    text.textContent = job.stage + (total ? " — " + job.progress.done + " of " + total : "");
  }

  function follow(jobId) {
    return api("/jobs/" + encodeURIComponent(jobId)).then(function (answer) {
      var job = answer.body;
      showProgress(job);
      if (job.status === "done" || job.status === "failed") return job;
      return sleep(POLL_MS).then(function () { return follow(jobId); });
    });
  }

  // --- views ------------------------------------------------------------------------------------------

  function showView(id) {
    document.querySelectorAll(".view").forEach(function (view) { view.hidden = view.id !== id; });
  }

  function router() {
    var hash = location.hash;
    if (hash && hash.indexOf("#/") !== 0) return; // in-page anchors (#main, #q-…) are not routes
    var path = hash.slice(2), query = "";
    var mark = path.indexOf("?");
    if (mark >= 0) { query = path.slice(mark + 1); path = path.slice(0, mark); }
    var parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    var params = new URLSearchParams(query);
    say("");
    if (parts[0] === "dossier" && parts[1]) showDossier(parts[1], params.get("quote"));
    else if (parts[0] === "search") showSearch(params.get("q") || "");
    else if (parts[0] === "person" && parts[1]) showPerson(parts[1]);
    else if (ROUTES[parts[0]] && parts[1]) ROUTES[parts[0]](parts[1]);
    else { showView("view-new"); document.title = "Veracity newsroom"; }
  }

  // --- analysing a story ------------------------------------------------------------------------------

  function analyse(event) {
    event.preventDefault();
    var file = $("story-file").files[0];
    var text = $("story-text").value;
    var published = $("story-published").value;
    var request;
    if (file) {
      var form = new FormData();
      form.append("file", file);
      if (published) form.append("published", published);
      request = { method: "POST", body: form };
    } else if (text.trim()) {
      request = { method: "POST", headers: { "Content-Type": "application/json" },
                  body: JSON.stringify({ text: text, published: published || null }) };
    } else {
      say("Paste an article or choose a file first.", true);
      $("story-text").focus();
      return;
    }
    $("analyse-button").disabled = true;
    $("batch-result").hidden = true;
    showProgress({ stage: "sending", progress: {} });
    api("/documents?wait=3", request).then(function (answer) {
      if (answer.status === 202) return follow(answer.body.job.id).then(finishJob);
      // The dossier's own status line replaces this one as it loads, so the notice waits to be shown with it.
      current.notice = answer.body.status === "unchanged" ? "Already in the store: this is its dossier. " : "";
      say(current.notice || "Analysed.");
      location.hash = route(["dossier", answer.body.id]);
    }).catch(function (error) {
      say(error.message, true);
    }).then(function () {
      $("analyse-button").disabled = false;
      $("progress").hidden = true;
    });
  }

  function finishJob(job) {
    if (job.status === "failed") { say(job.message || "The job failed.", true); return; }
    if (job.documents.length === 1 && job.errors.length === 0) {
      location.hash = route(["dossier", job.documents[0].id]);
      return;
    }
    var list = clear($("batch-documents")), errors = clear($("batch-errors"));
    job.documents.forEach(function (doc) {
      list.append(el("li", {}, el("a", { href: route(["dossier", doc.id]) }, doc.title || doc.source || doc.id),
                     " ", el("span", { class: "badge" }, doc.status), doc.outlet ? " · " + doc.outlet : ""));
    });
    job.errors.forEach(function (error) { errors.append(el("li", {}, error.source + ": " + error.message)); });
    $("batch-result").hidden = false;
    say(job.documents.length + " stored, " + job.errors.length + " failed.", job.errors.length > 0);
  }

  // --- the dossier ------------------------------------------------------------------------------------

  function showDossier(id, quoteId) {
    showView("view-dossier");
    say("Loading the dossier…");
    current.dossier = id;
    // Nothing of the previous dossier stays on screen while this one loads.
    $("dossier-title").textContent = "Loading…";
    ["dossier-facts", "dossier-topics", "article", "descriptions", "people", "timeline-body"].forEach(function (part) {
      clear($(part));
    });
    clear($("conflicts-body")).append(el("p", { class: "loading" }, "Comparing with stored stories…"));
    clear($("stored-recordings-body"));
    $("stored-recordings").hidden = true;
    api("/dossiers/" + encodeURIComponent(id) + "/view").then(function (answer) {
      var view = answer.body;
      renderHeader(view);
      renderArticle(view);
      renderPeople(view);
      renderTimeline(view);
      say((current.notice || "") + view.counts.quotes + " quotes, " + view.counts.people +
          " people and organisations, " + view.counts.events + " events.");
      current.notice = "";
      if (quoteId) focusQuote(quoteId); else $("dossier-title").focus();
      loadRecordings(id);
      loadLinks(id);
    }).catch(function (error) { notLoaded(error); });
  }

  // Nothing may go on saying "Loading…" once the dossier has failed to load.
  function notLoaded(error) {
    $("dossier-title").textContent = error.status === 401 ? "Access token needed" : "The dossier could not be loaded";
    clear($("conflicts-body"));
    say(error.message, true);
  }

  function fact(term, value) { return el("div", {}, el("dt", {}, term), el("dd", {}, value)); }

  function renderHeader(view) {
    var meta = view.metadata;
    var title = meta.title || "Untitled article";
    document.title = title + " — Veracity dossier";
    var heading = $("dossier-title");
    heading.textContent = title;
    heading.setAttribute("tabindex", "-1");
    var facts = clear($("dossier-facts"));
    if (meta.site_name) facts.append(fact("Site", meta.site_name));
    if (meta.author) facts.append(fact("Author", meta.author));
    facts.append(fact("Published", meta.published || "publication date unknown"));
    if (meta.url) facts.append(fact("URL", externalLink(meta.safe_url ? meta.url : null, meta.url)));
    facts.append(fact("Dossier id", el("code", {}, view.id)));
    facts.append(fact("JSON", downloadLink("/dossiers/" + encodeURIComponent(view.id), view.id + ".json", "download",
                                           "application/json")));
    var topics = clear($("dossier-topics"));
    view.topics.forEach(function (topic) { topics.append(el("li", {}, topic)); });
    topics.hidden = view.topics.length === 0;
    var warnings = $("dossier-warnings"), list = clear(warnings.querySelector("ul"));
    view.warnings.forEach(function (warning) { list.append(el("li", {}, warning)); });
    warnings.hidden = view.warnings.length === 0;
  }

  // The article arrives as the HTML report's markup read back into a tree: strings are text, objects are
  // <mark>/<span> with a fixed set of attributes. Nested quotes are marks inside their parent's mark.
  function markupNodes(parent, nodes) {
    nodes.forEach(function (node) {
      if (typeof node === "string") { parent.append(node); return; }
      var element = document.createElement(node.tag === "mark" ? "mark" : "span");
      MARK_ATTRIBUTES.forEach(function (name) {
        if (Object.prototype.hasOwnProperty.call(node.attrs, name)) element.setAttribute(name, node.attrs[name]);
      });
      markupNodes(element, node.children);
      parent.append(element);
    });
  }

  function renderArticle(view) {
    var article = clear($("article"));
    if (view.paragraphs.length === 0) article.append(el("p", { class: "empty" }, "This document has no text."));
    view.paragraphs.forEach(function (nodes) {
      var paragraph = el("p");
      markupNodes(paragraph, nodes);
      article.append(paragraph);
    });
    var descriptions = clear($("descriptions"));
    Object.keys(view.descriptions).forEach(function (id) {
      descriptions.append(el("p", { id: "desc-" + id }, view.descriptions[id]));
    });
  }

  function colourClass(name) { return COLOUR.test(name) ? name : "sp-none"; }

  function quoteRef(id) { return "#q-" + encodeURIComponent(id); }

  function quoteItem(q) {
    var item = el("li", { class: "quote-item" });
    if (q.within) {
      item.append(el("p", { class: "within" }, "Inside ", el("a", { href: quoteRef(q.within[0]) },
                                                               "a quote by " + q.within[1])));
    }
    var text = "“" + q.content + "”";
    item.append(q.linked ? el("a", { class: "quote-link " + colourClass(q.colour), href: quoteRef(q.id) }, text)
                         : el("span", { class: "quote-link " + colourClass(q.colour) }, text));
    if (q.denial) item.append(" ", el("span", { class: "badge denial" }, "denial"));
    var facts = el("dl", { class: "quote-facts" }, fact("Kind", q.kind));
    if (q.cue) facts.append(fact("Cue", q.cue));
    if (q.addressee) facts.append(fact("To", q.addressee));
    if (q.medium) facts.append(fact("Via", q.medium));
    if (q.form) facts.append(fact("In", q.form));
    facts.append(fact("Confidence", q.confidence.toFixed(2)));
    item.append(facts);
    if (q.contains.length) {
      var contains = el("p", { class: "contains" }, "Contains ");
      q.contains.forEach(function (pair, index) {
        if (index) contains.append(", ");
        contains.append(el("a", { href: quoteRef(pair[0]) }, "a quote by " + pair[1]));
      });
      item.append(contains);
    }
    if (q.children.length) item.append(el("ol", { class: "quotes nested-quotes" }, q.children.map(quoteItem)));
    return item;
  }

  // The panel sits beside the article, so it is kept about as tall as the article: each speaker shows a
  // first quote and folds the rest (<details>, no script needed) with the names the story calls them by;
  // people named but never quoted share one folded line at the end.
  var QUOTES_SHOWN = 1;

  function renderPeople(view) {
    var panel = clear($("people"));
    if (view.people.length === 0) panel.append(el("p", {}, "No people or quotes were found."));
    var silent = view.people.filter(function (person) { return !person.quotes.length; });
    view.people.forEach(function (person) { if (person.quotes.length) panel.append(speakerSection(person)); });
    if (silent.length) {
      panel.append(el("details", { class: "also-named" },
        el("summary", {}, el("h3", {}, "Also named, not quoted"), " ",
           el("span", { class: "count" }, silent.map(function (person) { return person.name; }).join(", "))),
        silent.map(silentSection)));
    }
  }

  function personHeading(person, tag) {
    var heading = el(tag, {}, el("span", { class: "swatch " + colourClass(person.colour), "aria-hidden": "true" }),
                     person.name);
    if (person.type) heading.append(el("span", { class: "badge type" }, person.type));
    return heading;
  }

  function speakerSection(person) {
    var count = person.quotes.length;
    var heading = personHeading(person, "h3");
    heading.append(" ", el("span", { class: "count" }, count === 1 ? "1 quote" : count + " quotes"));
    var section = el("details", { class: "person", "data-name": person.name, open: true }, el("summary", {}, heading),
                     el("ol", { class: "quotes" }, person.quotes.slice(0, QUOTES_SHOWN).map(quoteItem)));
    var rest = person.quotes.slice(QUOTES_SHOWN);
    if (!rest.length && !person.mentions.length && !person.known) return section;
    var what = [rest.length ? rest.length + " more " + (rest.length === 1 ? "quote" : "quotes") : "",
                person.mentions.length ? "mentions" : ""].filter(Boolean).join(" and ") || "everything they said";
    what = what.charAt(0).toUpperCase() + what.slice(1);
    section.append(el("details", { class: "more-quotes" }, el("summary", {}, what),
      person.known ? el("p", { class: "person-link" }, el("a", { href: route(["person", person.name]) },
                                                         "Everything " + person.name + " said, in every stored story"))
                   : null,
      person.mentions.length ? mentionsLine(person.mentions) : null,
      rest.length ? el("ol", { class: "quotes", start: QUOTES_SHOWN + 1 }, rest.map(quoteItem)) : null));
    return section;
  }

  function silentSection(person) {
    return el("section", { class: "person", "data-name": person.name }, personHeading(person, "h4"),
              person.mentions.length ? mentionsLine(person.mentions) : null);
  }

  function mentionsLine(mentions) {
    var line = el("p", { class: "mentions" }, el("span", { class: "label" }, "Mentions: "));
    mentions.forEach(function (m, index) {
      if (index) line.append(", ");
      line.append(el("span", { class: "mention", title: m[1] }, m[0] + (m[2] > 1 ? " ×" + m[2] : "")));
    });
    return line;
  }

  function renderTimeline(view) {
    var body = clear($("timeline-body"));
    var timeline = view.timeline;
    if (!timeline) { body.append(el("p", {}, "The text dates no events.")); return; }
    body.append(el("p", { class: "legend" }, "Bars span what the text allows, from " + timeline.axis_start + " to " +
                   timeline.axis_end + "; a faded end is not known. Rows are ordered by what is known."));
    var bars = el("ol", { class: "bars" });
    timeline.bars.forEach(function (bar) {
      var label = el("span", { class: "bar-label" }, bar.label);
      if (bar.time_text) label.append(" ", el("span", { class: "when" }, "(" + bar.time_text + ")"));
      label.append(" ", el("span", { class: "badge" }, bar.kind));
      var shape = el("span", { class: "bar" + (bar.start_known ? "" : " open-start") + (bar.end_known ? "" : " open-end"),
                               title: bar.span, role: "img", "aria-label": bar.label + ": " + bar.span });
      // CSSOM, not a style attribute: the page's Content-Security-Policy allows no inline style.
      shape.style.left = bar.left + "%";
      shape.style.width = bar.width + "%";
      shape.style.setProperty("--fade-in", bar.fade_in + "%");
      shape.style.setProperty("--fade-out", bar.fade_out + "%");
      bars.append(el("li", { class: "bar-row" }, label, el("span", { class: "bar-track" }, shape),
                     el("span", { class: "bar-span" }, "step " + (bar.rank + 1) + " · " + bar.span)));
    });
    body.append(bars);
    if (timeline.relations.length) {
      body.append(el("h3", {}, "Orderings the text states"));
      body.append(el("ul", { class: "relations" }, timeline.relations.map(function (r) {
        return el("li", {}, r.source + " — ", el("strong", {}, r.relation), " — " + r.target + " ",
                  el("span", { class: "when" }, "(“" + r.evidence + "”)"));
      })));
    }
    if (timeline.undated.length) {
      body.append(el("h3", {}, "Undated events"));
      body.append(el("ul", { class: "undated" }, timeline.undated.map(function (u) {
        return el("li", {}, u.label + " ", el("span", { class: "badge" }, u.kind), " ", el("span", { class: "when" }, u.known));
      })));
    }
  }

  // --- the recordings a story quotes, kept in the store --------------------------------------------------

  // A quote check's verdict in words (recording.js shows them too).
  var VERDICT_NAMES = { verbatim: "verbatim", faithful: "faithful", altered: "ALTERED", not_found: "not found",
                        not_checked: "not checked" };

  function minutes(seconds) {
    var whole = Math.floor(seconds || 0);
    var s = whole % 60;
    return Math.floor(whole / 60) + ":" + (s < 10 ? "0" : "") + s;
  }

  function loadRecordings(id) {
    api("/dossiers/" + encodeURIComponent(id) + "/recordings").then(function (answer) {
      if (current.dossier !== id || !answer.body.recordings.length) return;
      var body = clear($("stored-recordings-body"));
      answer.body.recordings.forEach(function (recording) { body.append(storedRecording(recording)); });
      $("stored-recordings").hidden = false;
    }).catch(function (error) {
      $("stored-recordings").hidden = false;
      clear($("stored-recordings-body")).append(
        el("p", { class: "error" }, "Could not read the recordings kept with this story: " + error.message));
    });
  }

  function storedRecording(recording) {
    var name = recording.source ? recording.source.split(/[\\/]/).pop() : "recording";
    var list = el("ol", { class: "said" });
    recording.checks.forEach(function (check) {
      var verdict = VERDICT_NAMES[check.verdict] ? check.verdict : "not_checked";
      var where = check.start === null || check.start === undefined ? "" :
        " — heard at " + minutes(check.start) + "–" + minutes(check.end);
      var item = el("li", { class: "quote-check v-" + verdict },
        el("span", { class: "badge verdict-" + verdict }, VERDICT_NAMES[verdict]), " ",
        check.quote_id ? el("a", { href: quoteRef(check.quote_id) }, "“" + check.printed + "”") : "“" + check.printed + "”",
        check.speaker ? " (" + check.speaker + ")" : "", where);
      if (check.heard && verdict !== "verbatim") item.append(el("p", { class: "reason" }, "Heard: “" + check.heard + "”"));
      if (check.how.length) item.append(el("p", { class: "reason" }, check.how.join("; ")));
      list.append(item);
    });
    return el("article", { class: "stored-recording" },
      el("h3", {}, name),
      el("p", { class: "legend" }, minutes(recording.duration_seconds) + " long · SHA-256 " + recording.id.slice(0, 16) +
         "… · ", downloadLink("/recordings/stored/" + recording.id, name + ".json", "full report (JSON)", "application/json")),
      list);
  }

  // --- links to other stories: the conflicts panel and each person's quotes elsewhere -----------------

  function loadLinks(id) {
    var body = clear($("conflicts-body"));
    body.append(el("p", { class: "loading" }, "Comparing with stored stories…"));
    var path = "/dossiers/" + encodeURIComponent(id) + "/links?wait=20";
    api(path).then(function (answer) {
      if (answer.status !== 202) return answer.body;
      return follow(answer.body.job.id).then(function () {
        $("progress").hidden = true;
        return api(path).then(function (again) { return again.body; });
      });
    }).then(function (links) {
      if (current.dossier === id && links && links.document === id) renderLinks(links);
    }).catch(function (error) {
      clear(body).append(el("p", { class: "error" }, "Could not compare with stored stories: " + error.message));
    });
  }

  function renderLinks(links) {
    var here = links.document;
    var documents = {};
    links.documents.forEach(function (d) { documents[d.id] = d; });
    function where(ref) {
      if (ref.document === here) return el("a", { href: quoteRef(ref.quote) }, "this story");
      var d = documents[ref.document] || {};
      return el("a", { href: route(["dossier", ref.document]) + "?quote=" + encodeURIComponent(ref.quote) },
                d.outlet || ref.outlet || d.title || ref.document);
    }
    var body = clear($("conflicts-body"));
    var found = 0;

    if (links.variants.length) {
      found += links.variants.length;
      body.append(el("h3", {}, "Quotes printed differently"));
      body.append(el("ul", { class: "variants" }, links.variants.map(function (v) {
        var words = el("p", { class: "aligned", "aria-label": "Word by word, fullest printing against this one" });
        v.alignment.forEach(function (pair) {
          if (pair[0] === pair[1]) words.append(el("span", { class: "same" }, pair[0]), " ");
          else {
            if (pair[0]) words.append(el("del", { title: "missing from this printing" }, pair[0]), " ");
            if (pair[1]) words.append(el("ins", { title: "not in the fullest printing" }, pair[1]), " ");
          }
        });
        return el("li", { class: "variant" },
          el("p", {}, where(v.variant), " printed it ",
             el("span", { class: "badge verdict-" + v.verdict }, v.verdict),
             v.is_misquote ? [" ", el("span", { class: "badge misquote" }, "misquote")] : null,
             "; the fullest printing is in ", where(v.reference), "."),
          el("blockquote", {}, "“" + v.variant.text + "”"), words,
          v.edits.length ? el("ul", { class: "edits" }, v.edits.map(function (e) {
            return el("li", {}, el("strong", {}, e.type.replace(/_/g, " ")), ": “" + e.original + "” → “" + e.printed + "”" +
                      (e.detail ? " — " + e.detail : ""));
          })) : null);
      })));
    }
    if (links.denials.length) {
      found += links.denials.length;
      body.append(el("h3", {}, "Denials and what they deny"));
      body.append(el("ul", { class: "denials" }, denialGroups(links.denials).map(function (group) {
        return denialCard(group, where);
      })));
    }
    if (links.conflicts.length) {
      found += links.conflicts.length;
      body.append(el("h3", {}, "Statements that may conflict"));
      body.append(el("ul", { class: "weakens" }, links.conflicts.map(function (c) {
        return el("li", {}, el("p", {}, where(c.first), ": “" + c.first.text + "”"),
                  el("p", {}, where(c.second), ": “" + c.second.text + "”"),
                  el("p", { class: "reason" }, "probability " + Number(c.probability).toFixed(2)));
      })));
    }
    if (links.factchecks.length) {
      found += links.factchecks.length;
      body.append(el("h3", {}, "Known fact-checks"));
      body.append(el("ul", { class: "factchecks" }, links.factchecks.map(function (claim) {
        return el("li", {}, el("p", {}, el("a", { href: quoteRef(claim.quote) }, "“" + claim.text + "”")),
          el("ul", {}, claim.factchecks.map(function (f) {
            return el("li", { class: "factcheck" }, el("strong", { class: "verdict" }, f.verdict || "verdict not given"),
                      " — " + (f.publisher || "unknown publisher") + (f.date ? ", " + f.date : "") + ": ",
                      externalLink(f.url, f.title || f.claim));
          })));
      })));
    }
    if (!found) body.append(el("p", {}, "No conflicts, other printings or matching fact-checks among " +
                                       (links.documents.length - 1) + " related stored stories."));
    var related = links.documents.filter(function (d) { return d.id !== here; });
    if (related.length) {
      body.append(el("h3", {}, "Related stored stories"));
      body.append(el("ul", { class: "related" }, related.map(function (d) {
        return el("li", {}, el("a", { href: route(["dossier", d.id]) }, d.title || d.id),
                  (d.outlet ? " · " + d.outlet : "") + (d.published ? " · " + d.published : ""));
      })));
    }
    renderElsewhere(links.people);
  }

  // The links come one per (denial, quote) pair. A denial that the recording is genuine answers every quote
  // taken from it, so the pairs are gathered per denial: one card each, listing the quotes it answers.
  function denialGroups(denials) {
    var groups = [], byDenial = {};
    denials.forEach(function (link) {
      var key = link.denial.document + "\n" + link.denial.quote;
      if (!byDenial[key]) groups.push(byDenial[key] = { denial: link.denial, links: [] });
      byDenial[key].links.push(link);
    });
    return groups;
  }

  function distinct(values) {
    return values.filter(function (value, index) { return values.indexOf(value) === index; });
  }

  function denialCard(group, where) {
    var kinds = distinct(group.links.map(function (link) { return link.kind; }));
    var reasons = distinct(group.links.map(function (link) { return link.reason; }));
    var count = group.links.length;
    var heading = el("p", {});
    kinds.forEach(function (kind) { heading.append(el("span", { class: "badge denial" }, kind), " "); });
    heading.append("in ", where(group.denial), ": “" + group.denial.text + "”");
    var targets = el("ul", { class: "denied" }, group.links.map(function (link) {
      return el("li", {}, where(link.target), ": “" + link.target.text + "”",
                kinds.length > 1 ? [" ", el("span", { class: "badge" }, link.kind)] : null,
                reasons.length > 1 ? el("span", { class: "reason" }, " — " + link.reason) : null);
    }));
    return el("li", { class: "denial-link" }, heading,
      el("p", { class: "target" }, "→ what it denies" + (count > 1 ? " (" + count + " quotes)" : "") + ":"),
      targets, reasons.length === 1 ? el("p", { class: "reason" }, reasons[0]) : null);
  }

  function renderElsewhere(people) {
    people.forEach(function (person) {
      var section = Array.prototype.find.call(document.querySelectorAll("#people .person"), function (s) {
        return s.dataset.name === person.name;
      });
      if (!section || !person.quotes.length) return;
      var old = section.querySelector(".elsewhere");
      if (old) old.remove();
      // Folded like the rest of the panel: these can be as many as the person's quotes here.
      section.append(el("details", { class: "elsewhere" },
        el("summary", {}, el("h4", {}, "In other stored stories (" + person.quotes.length + ")")),
        el("ul", {}, person.quotes.map(function (q) {
          return el("li", {}, "“" + q.text + "” ", el("span", { class: "when" }, (q.published || "undated") + ", "),
                    el("a", { href: route(["dossier", q.document]) }, q.outlet || q.title || q.document));
        }))));
    });
  }

  // --- search and people --------------------------------------------------------------------------------

  function showSearch(q) {
    showView("view-search");
    $("search-q").value = q;
    var list = clear($("search-results"));
    $("search-title").textContent = "Search: " + q;
    document.title = "Search: " + q + " — Veracity";
    if (!q.trim()) return;
    say("Searching…");
    api("/search?q=" + encodeURIComponent(q) + "&limit=30").then(function (answer) {
      var hits = answer.body.hits;
      var heard = answer.body.heard || [];
      var found = hits.length + heard.length;
      say(found ? found + " matches." : "Nothing in the store matches.");
      hits.forEach(function (hit) {
        var target = route(["dossier", hit.document]) + (hit.quote ? "?quote=" + encodeURIComponent(hit.quote) : "");
        var snippet = highlighted(hit.snippet);
        list.append(el("li", {}, el("a", { href: target }, hit.title || hit.document),
                       el("span", { class: "when" }, " " + [hit.outlet, hit.published, hit.quote ? "quote" : "document"]
                          .filter(Boolean).join(" · ")), snippet));
      });
      heard.forEach(function (hit) {
        var name = hit.source ? hit.source.split(/[\\/]/).pop() : "recording";
        list.append(el("li", {}, downloadLink("/recordings/stored/" + hit.recording, name + ".json", name,
                                              "application/json"),
                       el("span", { class: "when" }, " said on the recording at " + minutes(hit.start) + "–" +
                          minutes(hit.end)), highlighted(hit.snippet)));
      });
    }).catch(function (error) { say(error.message, true); });
  }

  // A search snippet with its [matched] words in bold.
  function highlighted(text) {
    var snippet = el("p", { class: "snippet" });
    text.split(/(\[[^\]]*\])/).forEach(function (part) {
      if (/^\[[^\]]*\]$/.test(part)) snippet.append(el("b", {}, part.slice(1, -1)));
      else snippet.append(part);
    });
    return snippet;
  }

  function showPerson(name) {
    showView("view-person");
    $("person-title").textContent = name;
    document.title = name + " — Veracity";
    var list = clear($("person-quotes"));
    $("person-names").textContent = "";
    say("Looking up everything " + name + " said…");
    api("/people/" + encodeURIComponent(name)).then(function (answer) {
      var person = answer.body;
      $("person-names").textContent = "Named in the store as " + person.names.join(", ") + ". Oldest first.";
      say(person.quotes.length + " quotes.");
      person.quotes.forEach(function (q) {
        list.append(el("li", {}, el("span", { class: "when" }, q.published || "undated"), " ",
                       el("blockquote", {}, "“" + q.text + "”"),
                       el("p", { class: "said-how" }, q.speaker + " (" + q.kind + (q.cue ? ", " + q.cue : "") + ") in ",
                          el("a", { href: route(["dossier", q.document]) }, [q.outlet, q.title].filter(Boolean).join(" · ") || q.document))));
      });
    }).catch(function (error) { say(error.message, true); });
  }

  // --- focus: in-page links, active quote fragments -----------------------------------------------------

  function focusQuote(id) {
    var target = document.getElementById("q-" + id);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }

  function fragments(mark) {
    return document.querySelectorAll('mark.q[data-quote="' + CSS.escape(mark.dataset.quote) + '"]');
  }

  function setActive(event, active) {
    var mark = event.target.closest && event.target.closest("mark.q");
    if (mark) fragments(mark).forEach(function (part) { part.classList.toggle("is-active", active); });
  }

  document.addEventListener("focusin", function (event) { setActive(event, true); });
  document.addEventListener("focusout", function (event) { setActive(event, false); });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link || link.getAttribute("href").indexOf("#/") === 0) return;
    var href = link.getAttribute("href");
    event.preventDefault();
    if (href.indexOf("#q-") === 0) { focusQuote(decodeURIComponent(href.slice(3))); return; }
    var target = document.getElementById(href.slice(1));
    if (target) target.focus();
  });

  // The helpers recording.js builds its panel with: the same escaping rules hold there.
  window.veracityPage = { $: $, el: el, clear: clear, api: api, say: say, sleep: sleep, route: route,
                          showView: showView, colourClass: colourClass, routes: ROUTES, pollMs: POLL_MS,
                          fetchBlob: fetchBlob, saveFile: saveFile, downloadLink: downloadLink,
                          verdictNames: VERDICT_NAMES };

  document.addEventListener("DOMContentLoaded", function () {
    $("analyse-form").addEventListener("submit", analyse);
    $("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      location.hash = "#/search?q=" + encodeURIComponent($("search-q").value);
    });
    $("token-form").addEventListener("submit", function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, $("token-input").value);
      $("token-panel").hidden = true;
      router();
    });
    window.addEventListener("hashchange", router);
    router();
  });
})();
