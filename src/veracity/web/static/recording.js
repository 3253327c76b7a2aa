// The recording panel: upload a recording (and the article that quotes it), follow the job, show the report.
// Built with app.js's helpers (window.veracityPage): every string from the file or the article reaches the
// DOM as text (textContent / Text nodes), never as HTML; speaker colours only from the fixed sp-N classes.
(function () {
  "use strict";

  var page = window.veracityPage;
  var $ = page.$, el = page.el, clear = page.clear, api = page.api, say = page.say;
  var RECORDING_ID = /^rec-[0-9a-f]{16}$/;
  var VERDICTS = { verbatim: "verbatim", faithful: "faithful", altered: "ALTERED", not_found: "not found",
                   not_checked: "not checked" };
  var WORD_STATUSES = { exact: "said as printed", asr_uncertain: "the transcript is unsure",
                        different: "printed differently from what was said", omitted: "said, left out of the print",
                        inserted: "printed, not said", censored: "censored in print",
                        in_gap: "inside a marked gap" };
  var PALETTE_SIZE = 10;
  var pictureUrl = null;

  function clock(seconds) {
    if (typeof seconds !== "number") return "–";
    var minutes = Math.floor(seconds / 60), rest = seconds - minutes * 60, hours = Math.floor(minutes / 60);
    var secs = (rest < 10 ? "0" : "") + rest.toFixed(2);
    if (hours) return hours + ":" + String(minutes % 60).padStart(2, "0") + ":" + secs;
    return minutes + ":" + secs;
  }

  function rate(value) { return typeof value === "number" ? (100 * value).toFixed(1) + " %" : "not measured"; }
  function num(value, digits) { return typeof value === "number" ? value.toFixed(digits === undefined ? 3 : digits) : "–"; }
  function fact(term, value) { return el("div", {}, el("dt", {}, term), el("dd", {}, value)); }

  function progress(job) {
    var box = $("recording-progress"), bar = $("recording-progress-bar"), text = $("recording-progress-text");
    box.hidden = false;
    var total = job.progress && job.progress.total;
    if (total) { bar.max = total; bar.value = job.progress.done; } else { bar.removeAttribute("value"); }
    text.textContent = (job.stage || "") + (total ? " — " + clock(job.progress.done) + " of " + clock(total) : "");
  }

  function follow(jobId) {
    return api("/jobs/" + encodeURIComponent(jobId)).then(function (answer) {
      progress(answer.body);
      if (answer.body.status === "done" || answer.body.status === "failed") return answer.body;
      return page.sleep(page.pollMs).then(function () { return follow(jobId); });
    });
  }

  function submit(event) {
    event.preventDefault();
    var file = $("recording-file").files[0];
    if (!file) { say("Choose a recording first.", true); $("recording-file").focus(); return; }
    var form = new FormData();
    form.append("file", file);
    var articleFile = $("recording-article-file").files[0];
    if (articleFile) form.append("article_file", articleFile);
    else if ($("recording-article").value.trim()) form.append("article", $("recording-article").value);
    if ($("recording-published").value) form.append("published", $("recording-published").value);
    $("recording-button").disabled = true;
    progress({ stage: "uploading", progress: {} });
    var id = null;
    api("/recordings", { method: "POST", body: form }).then(function (answer) {
      id = answer.body.id;
      return follow(answer.body.job.id);
    }).then(function (job) {
      if (job.status === "failed") { say(job.message || "The recording could not be analysed.", true); return; }
      say("Recording analysed.");
      location.hash = page.route(["recording", id]);
    }).catch(function (error) {
      say(error.message, true);
    }).then(function () {
      $("recording-button").disabled = false;
      $("recording-progress").hidden = true;
    });
  }

  function show(id) {
    page.showView("view-recording");
    if (!RECORDING_ID.test(id)) { say("Not a recording id.", true); return; }
    $("recording-title").textContent = "Loading…";
    ["recording-facts", "recording-links", "recording-picture", "recording-quotes-body", "recording-indicators-body",
     "recording-claims", "recording-transcript"].forEach(function (part) { clear($(part)); });
    say("Loading the recording…");
    var base = "/recordings/" + encodeURIComponent(id);
    api(base).then(function (answer) {
      if (answer.status === 202) {
        return follow(answer.body.job.id).then(function () { return api(base); });
      }
      return answer;
    }).then(function (answer) {
      render(id, answer.body);
      say("");
      $("recording-title").focus();
    }).catch(function (error) { say(error.message, true); });
  }

  function speakerClasses(speakers) {
    var classes = {}, next = 0;
    function add(label) {
      if (typeof label === "string" && !(label in classes)) classes[label] = "sp-" + (next++ % PALETTE_SIZE);
    }
    if (speakers) {
      (speakers.turns || []).forEach(function (t) { add(t.speaker); });
      (speakers.speakers || []).forEach(function (s) { add(s.label); });
      (speakers.segment_speakers || []).forEach(add);
    }
    return classes;
  }

  function render(id, report) {
    var recording = report.recording || {};
    var container = recording.container || {};
    document.title = (recording.source || id) + " — Veracity recording";
    $("recording-title").textContent = recording.source || id;
    var facts = $("recording-facts");
    facts.append(fact("SHA-256", el("code", { class: "hash" }, recording.sha256 || "–")));
    facts.append(fact("Duration", clock(recording.duration_seconds)));
    facts.append(fact("Codec", (container.codec || "–") + (container.format_long_name ? " in " + container.format_long_name : "")));
    var base = "/recordings/" + encodeURIComponent(id);
    var links = $("recording-links");
    links.append(el("a", { href: base + "/view", target: "_blank", rel: "noopener" }, "Open the full dossier"), " · ");
    var download = el("button", { type: "button", class: "link-button" }, "Download the HTML dossier");
    download.addEventListener("click", function () { save(base + "/view", id + ".html", "text/html"); });
    links.append(download, " · ", el("a", { href: base }, "JSON"));
    var notChecked = $("recording-not-checked"), list = clear(notChecked.querySelector("ul"));
    (recording.not_checked || []).forEach(function (item) { list.append(el("li", {}, item)); });
    notChecked.hidden = !(recording.not_checked || []).length;
    var colours = speakerClasses(recording.speakers);
    var segments = (recording.transcript && recording.transcript.segments) || [];
    renderPicture(base, recording, report.quotes, colours);
    renderQuotes(report.quotes, segments);
    renderIndicators(recording);
    renderClaims(recording);
    renderTranscript(segments, recording.speakers, colours);
  }

  // Fetched with the token (an <img src> could not send it) and shown as a data: URL, which the policy allows.
  function renderPicture(base, recording, quotes, colours) {
    var box = $("recording-picture");
    var duration = recording.duration_seconds || 0;
    var frame = el("div", { class: "picture-frame" });
    var image = el("img", { alt: "Spectrogram of the recording: time left to right, 0 to 8 kHz bottom to top",
                            width: 960, height: 160 });
    frame.append(image);
    ((quotes && quotes.checks) || []).forEach(function (check, index) {
      if (typeof check.start !== "number" || typeof check.end !== "number" || !duration) return;
      var verdict = VERDICTS[check.verdict] ? check.verdict : "not_checked";
      var mark = el("a", { class: "quote-mark v-" + verdict, href: "#rq-" + (index + 1),
                           title: "Quote " + (index + 1) + ", " + VERDICTS[verdict] + ": " + clock(check.start) + " – " + clock(check.end),
                           "aria-label": "Quote " + (index + 1) + ", " + VERDICTS[verdict] + ", at " + clock(check.start) });
      mark.addEventListener("click", function (event) { event.preventDefault(); focusOn("rq-" + (index + 1)); });
      // CSSOM, not a style attribute: the page's Content-Security-Policy allows no inline style.
      mark.style.left = (100 * check.start / duration) + "%";
      mark.style.width = Math.max(0.3, 100 * (check.end - check.start) / duration) + "%";
      frame.append(mark);
    });
    var turns = el("div", { class: "turn-strip", "aria-hidden": "true" });
    ((recording.speakers && recording.speakers.turns) || []).forEach(function (turn) {
      if (typeof turn.start !== "number" || typeof turn.end !== "number" || !duration) return;
      var bar = el("span", { class: "turn " + page.colourClass(colours[turn.speaker] || "sp-none"),
                             title: turn.speaker + ": " + clock(turn.start) + " – " + clock(turn.end) });
      bar.style.left = (100 * turn.start / duration) + "%";
      bar.style.width = (100 * (turn.end - turn.start) / duration) + "%";
      turns.append(bar);
    });
    box.append(frame, turns, el("p", { class: "axis" }, el("span", {}, "0:00"), el("span", {}, clock(duration))));
    fetchBlob(base + "/spectrogram.png").then(function (blob) {
      var reader = new FileReader();
      reader.onload = function () { image.src = reader.result; };
      reader.readAsDataURL(blob);
    }).catch(function () { image.alt = "The spectrogram could not be loaded."; });
  }

  function fetchBlob(path) {
    var headers = new Headers();
    var token = page.token();
    if (token) headers.set("Authorization", "Bearer " + token);
    return fetch(path, { headers: headers }).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.blob();
    });
  }

  function save(path, name, type) {
    fetchBlob(path).then(function (blob) {
      var url = URL.createObjectURL(new Blob([blob], { type: type }));
      var link = el("a", { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }).catch(function (error) { say("The dossier could not be downloaded: " + error.message, true); });
  }

  function focusOn(id) {
    var target = $(id);
    if (!target) return;
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus();
  }

  function segmentAt(seconds, segments) {
    var best = -1;
    segments.forEach(function (segment, index) { if (segment.start <= seconds + 1e-6) best = index; });
    return best < 0 ? 0 : best;
  }

  function wordNode(word) {
    var status = WORD_STATUSES[word.status] ? word.status : "different";
    var node = el("span", { class: "w w-" + status, title: WORD_STATUSES[status] +
                            (typeof word.start === "number" ? " at " + clock(word.start) : "") });
    if (status === "different") node.append(el("ins", {}, word.printed || ""), " ", el("del", {}, word.heard || ""));
    else if (status === "omitted") node.append(el("del", {}, word.heard || ""));
    else if (status === "inserted") node.append(el("ins", {}, word.printed || ""));
    else if (status === "asr_uncertain") node.append(word.printed || "", el("span", { class: "muted" }, "?"));
    else if (status === "in_gap") node.append(word.heard || word.printed || "");
    else node.append(word.printed || "");
    if (status !== "exact") node.append(el("span", { class: "visually-hidden" }, " (" + WORD_STATUSES[status] + ")"));
    return node;
  }

  function renderQuotes(quotes, segments) {
    var body = $("recording-quotes-body");
    if (!quotes) { body.append(el("p", { class: "empty" }, "No article was given, so no printed quotes were checked.")); return; }
    if (!(quotes.checks || []).length) { body.append(el("p", { class: "empty" }, "The article prints no quotes.")); return; }
    quotes.checks.forEach(function (check, index) {
      var verdict = VERDICTS[check.verdict] ? check.verdict : "not_checked";
      var where = "not located";
      if (typeof check.start === "number" && typeof check.end === "number") {
        var segment = segmentAt(check.start, segments) + 1;
        where = el("a", { href: "#rs-" + segment }, clock(check.start) + " – " + clock(check.end));
        where.addEventListener("click", function (event) { event.preventDefault(); focusOn("rs-" + segment); });
      }
      var item = el("article", { class: "quote-check v-" + verdict, id: "rq-" + (index + 1) },
        el("h3", {}, el("span", { class: "badge verdict v-" + verdict }, VERDICTS[verdict]), " ",
           el("span", { class: "printed-text" }, "“" + (check.printed || "") + "”")),
        el("dl", { class: "quote-facts" }, fact("Speaker in print", check.speaker || "unattributed"),
           fact("Kind", check.kind || "–"), fact("Where", where)));
      if (check.how && check.how.length) {
        item.append(el("p", { class: "how" }, check.verdict === "altered" ? el("strong", {}, "How it was altered: ") : "",
                       check.how.join("; ")));
      }
      if (check.heard) item.append(el("p", { class: "heard" }, el("span", { class: "muted" }, "Heard: "), "“" + check.heard + "”"));
      if (check.words && check.words.length) {
        var words = el("p", { class: "words", "aria-label": "Printed words against heard words" });
        check.words.forEach(function (word) { words.append(wordNode(word), " "); });
        item.append(words);
      }
      if (check.asr_doubt) item.append(el("p", { class: "note" }, "A differing word was heard with low confidence: listen before calling it a misquote."));
      if (check.recheck) {
        var recheck = check.recheck;
        item.append(el("p", { class: "recheck" }, recheck.ran
          ? "Re-checked against the audio with " + (recheck.engine || "forced alignment") + ": supported " +
            ((recheck.supported || []).join(", ") || "none") + "; not supported " + ((recheck.not_supported || []).join(", ") || "none") + "."
          : "Not re-checked against the audio."));
      }
      body.append(item);
    });
  }

  function cells(tag, values) { return el("tr", {}, values.map(function (v) { return el(tag, {}, v); })); }

  function renderIndicators(recording) {
    var body = $("recording-indicators-body");
    var editing = recording.editing, synthetic = recording.synthetic_voice;
    $("recording-indicators").hidden = !editing && !synthetic;
    if (editing) {
      var rows = (editing.indicators || []).map(function (ind) {
        var row = cells("td", [ind.name || "", ind.flagged ? "flagged" : "no", num(ind.score), num(ind.threshold),
                               rate(ind.false_alarm_rate), rate(ind.detection_rate),
                               (ind.at_seconds || []).map(clock).join(", ") || "–"]);
        if (ind.flagged) row.className = "flagged";
        return row;
      });
      body.append(el("table", { class: "grid" }, el("caption", {}, "Editing indicators"),
        el("thead", {}, cells("th", ["Indicator", "Flagged", "Score", "Threshold", "False-alarm rate", "Detection rate", "Where"])),
        el("tbody", {}, rows)));
      if ((editing.not_computed || []).length) {
        body.append(el("p", {}, "Not computed:"), el("ul", {}, editing.not_computed.map(function (item) {
          return el("li", {}, el("strong", {}, item.name || ""), item.reason ? ": " + item.reason : "");
        })));
      }
      if (editing.note) body.append(el("p", { class: "note" }, editing.note));
    }
    if (synthetic) {
      var measured = synthetic.measured || {};
      var unseen = measured.eer_unseen_generator || {};
      body.append(el("h3", {}, "Synthetic voice"), el("dl", { class: "table" },
        fact("Score", (synthetic.score === null || synthetic.score === undefined
                       ? "not scored" + (synthetic.reason ? ": " + synthetic.reason : "") : num(synthetic.score)) +
             " (threshold " + num(synthetic.threshold) + ")"),
        fact("Flagged", synthetic.flagged ? "flagged" : "no"),
        fact("EER on an unseen generator", rate(unseen.mean)),
        fact("EER on unseen real voices", rate(measured.eer_unseen_real_voices)),
        fact("EER in domain", rate(measured.eer_in_domain))));
      if (synthetic.note) body.append(el("p", { class: "note" }, synthetic.note));
    }
  }

  function renderClaims(recording) {
    var body = $("recording-claims");
    var container = recording.container || {};
    var list = el("dl", { class: "table" },
      fact("Sample rate", (container.sample_rate || "–") + " Hz"), fact("Channels", String(container.channels || "–")),
      fact("Bit rate", container.bit_rate ? Math.round(container.bit_rate / 1000) + " kb/s" : "not stated"),
      fact("Encoder", (container.encoders || []).join(", ") || "not stated"));
    (container.created || []).forEach(function (created) { list.append(fact("Date tag " + created.tag, created.value)); });
    Object.keys(container.tags || {}).forEach(function (key) { list.append(fact(key, String(container.tags[key]))); });
    body.append(list);
    var provenance = recording.provenance;
    if (provenance) {
      body.append(el("h3", {}, "Provenance (C2PA)"), el("p", {}, el("span", { class: "badge" }, provenance.state || "–"),
                     provenance.signer ? " signed by " + provenance.signer : ""));
      if (provenance.note) body.append(el("p", { class: "note" }, provenance.note));
    }
    var bandwidth = recording.bandwidth;
    if (bandwidth) {
      body.append(el("h3", {}, "Bandwidth"), el("p", {}, "Measured cut-off " + num(bandwidth.measured_cutoff_hz, 0) +
                     " Hz, expected " + num(bandwidth.expected_cutoff_hz, 0) + " Hz."));
      (bandwidth.findings || []).forEach(function (f) { body.append(el("p", {}, el("strong", {}, f.kind || ""), ": " + (f.detail || ""))); });
    }
  }

  function renderTranscript(segments, speakers, colours) {
    var list = $("recording-transcript");
    var labels = (speakers && speakers.segment_speakers) || [];
    if (!segments.length) { list.append(el("li", { class: "empty" }, "No speech was found in the recording.")); return; }
    segments.forEach(function (segment, index) {
      var label = labels[index];
      var colour = label ? page.colourClass(colours[label] || "sp-none") : null;
      var item = el("li", { id: "rs-" + (index + 1), class: "segment" + (colour ? " spoken " + colour : "") },
                    el("span", { class: "time" }, clock(segment.start) + " – " + clock(segment.end)), " ");
      if (label) item.append(el("span", { class: "speaker" }, label), " ");
      item.append(el("span", { class: "said" }, segment.text || ""));
      list.append(item);
    });
  }

  page.routes.recording = show;
  document.addEventListener("DOMContentLoaded", function () {
    $("recording-form").addEventListener("submit", submit);
  });
})();
