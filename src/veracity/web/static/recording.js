// The recording panel: upload a recording (and the article that quotes it), follow the job, show the report.
// Built with app.js's helpers (window.veracityPage): every string from the file or the article reaches the
// DOM as text (textContent / Text nodes), never as HTML; speaker colours only from the fixed sp-N classes.
(function () {
  "use strict";

  var page = window.veracityPage;
  var $ = page.$, el = page.el, clear = page.clear, api = page.api, say = page.say;
  var RECORDING_ID = /^rec-[0-9a-f]{16}$/;
  var VERDICTS = page.verdictNames;
  var WORD_STATUSES = { exact: "said as printed", asr_uncertain: "the transcript is unsure",
                        different: "printed differently from what was said", omitted: "said, left out of the print",
                        inserted: "printed, not said", censored: "censored in print",
                        in_gap: "inside a marked gap" };
  var PALETTE_SIZE = 10;
  // Plain names for the report's indicator ids (src/veracity/audio/editing.py and reverberation.py), each with
  // a one-line meaning and, as "tested", what benchmarks/RESULTS.md measured for that detector, its numbers
  // copied exactly: "Editing indicators: splices" (the shipped re-run table: false alarms on untouched test
  // recordings, detection on the edits the detector targets), "Double MP3 compression" and "Reverberation
  // change". Change a figure here only with RESULTS.md.
  var INDICATORS = {
    enf_presence: ["Mains hum (ENF) present", "hum from mains wiring is audible; not a sign of editing, but it lets the next check follow it",
                   "tested: fired on 0.167 of recordings without added hum (some carry real hum); found 1.000 with added hum"],
    enf_discontinuity: ["Mains hum (ENF) jump", "the hum's phase jumps, as it does at a cut or a join (or a paused recorder)",
                        "tested: fired on 0.000 of untouched recordings; caught 0.500 of the edits in recordings with hum strong enough to follow"],
    sample_discontinuity: ["Sample jump (splice)", "a click where two waveforms were butted together without a crossfade",
                           "tested: fired on 0.042 of untouched recordings; caught 0.060 of hard cuts, inserted silences and splices"],
    digital_silence: ["Digital silence", "exact zeros, which a microphone never records; inserted silence often is",
                      "tested: fired on 0.000 of untouched recordings; caught 1.000 of inserted digital silences"],
    noise_floor_change: ["Background noise change", "the background level changes between stretches, as when a piece of another take is pasted in",
                         "tested: fired on 0.028 of untouched recordings; caught 0.083 of spliced-in stretches and noise-filled silences"],
    spectrum_change: ["Sound colour change", "the tone of the sound changes between stretches: another microphone, room or voice",
                      "tested: fired on 0.097 of untouched recordings; caught 0.181 of stretches spliced in from another recording"],
    reverberation_change: ["Room echo (reverberation) change", "the sound dies away at another rate after words: another room, or another distance from the microphone",
                           "tested: fired on 0.069 of untouched recordings; caught 0.514 of stretches put in another (synthetic) room"],
    mp3_frame_grid: ["MP3 frame break", "MP3 files joined or cut byte by byte break the chain of frames",
                     "tested: fired on 0.000 of untouched MP3s; caught 1.000 of byte-wise MP3 joins"],
    mp3_double_compression: ["MP3 encoded twice", "the file was decoded and encoded again: perhaps edited, perhaps only converted",
                             "tested: fired on 0.091 of once-encoded MP3s (33); caught 0.364 of twice-encoded ones"]
  };
  // Checks the report lists as not computed, by the names it gives them there.
  var NOT_COMPUTED = { enf: "Mains hum (ENF) checks", stretch_change: "Background noise and sound colour changes" };
  // RESULTS.md, "Synthetic-voice indicator: neural voices, leave-one-family-out" and "Declared versus actual
  // bandwidth", numbers copied exactly.
  var SYNTHETIC_TESTED = "tested: equal error rate 0.119 on a generator family left out of training (mean of six; " +
    "0.053 on the old synthesisers; Piper VITS 0.058, Kokoro 0.218, WORLD vocoder resynthesis 0.278); at its threshold " +
    "it flagged 0.76 of Piper clips, 0.47 of Kokoro and 0.15 of WORLD, and at most 0.03 of unseen real voices. " +
    "Other neural voices and clones were not tested. AASIST-L (published weights) read 0.274 on the same families.";
  var BANDWIDTH_TESTED = "tested: false alarms 0.009 (2 of 225 files that match what they declare); detection 0.995 " +
    "(210 of 211 altered files), measured on the files its thresholds were tuned on.";
  var BANDWIDTH_FINDINGS = { upsampled: "Upsampled from a lower rate", narrowband_origin: "Telephone-band origin",
                             lossy_origin: "Lossy-encoded before (e.g. MP3) in a lossless file",
                             transcoded: "Re-encoded from a lower-quality file", band_limited: "Cut off below its format's range" };
  // The date tags of src/veracity/audio/container.py (_DATE_TAGS, lower-cased), named by what they claim.
  var DATE_TAGS = { creation_time: "Created (file metadata)", date: "Date (file metadata)",
                    origination_date: "Recorded on (Broadcast WAV)", origination_time: "Recorded at (Broadcast WAV)",
                    tdrc: "Recorded (ID3 tag)", tden: "Encoded (ID3 tag)", tdor: "First released (ID3 tag)",
                    tyer: "Year (ID3 tag)", "©day": "Date (MP4 tag)", icrd: "Created (WAV INFO tag)",
                    year: "Year (file metadata)", encoded_date: "Encoded (file metadata)",
                    tagged_date: "Tagged (file metadata)" };
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
    }).catch(function (error) {
      // Nothing may go on saying "Loading…" once the report has failed to load.
      $("recording-title").textContent = error.status === 401 ? "Access token needed" : "The recording could not be loaded";
      say(error.message, true);
    });
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
    download.addEventListener("click", function () { page.saveFile(base + "/view", id + ".html", "text/html"); });
    links.append(download, " · ", page.downloadLink(base, id + ".json", "JSON", "application/json"));
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
    page.fetchBlob(base + "/spectrogram.png").then(function (blob) {
      var reader = new FileReader();
      reader.onload = function () { image.src = reader.result; };
      reader.readAsDataURL(blob);
    }).catch(function () { image.alt = "The spectrogram could not be loaded."; });
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
        var row = cells("td", [indicatorName(ind.name), ind.flagged ? "flagged" : "no", num(ind.score), num(ind.threshold),
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
          return el("li", {}, el("strong", { title: item.name || "" }, notComputedName(item.name)),
                    item.reason ? ": " + item.reason : "");
        })));
      }
      body.append(el("p", { class: "note" }, "“Tested” figures: benchmarks/RESULTS.md, on test recordings of speakers " +
                     "the thresholds were not tuned on."));
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
      body.append(el("p", { class: "tested" }, SYNTHETIC_TESTED));
      if (synthetic.note) body.append(el("p", { class: "note" }, synthetic.note));
    }
  }

  // An indicator's plain name, its meaning and what it scored when tested; its id stays in the tooltip.
  function indicatorName(id) {
    var known = INDICATORS[id];
    if (!known) return el("span", {}, String(id || "").replace(/_/g, " "));
    return el("span", { class: "indicator" }, el("strong", { title: id }, known[0]),
              el("span", { class: "meaning" }, known[1]), el("span", { class: "tested" }, known[2]));
  }

  function notComputedName(id) {
    return INDICATORS[id] ? INDICATORS[id][0] : NOT_COMPUTED[id] || String(id || "").replace(/_/g, " ");
  }

  // Each date the file states, named by what it claims; the same tag read by both parsers is listed once.
  function dateFacts(created) {
    var seen = {};
    return created.filter(function (entry) {
      var key = String(entry.tag).toLowerCase() + "\n" + entry.value;
      return seen[key] ? false : (seen[key] = true);
    }).map(function (entry) {
      var tag = String(entry.tag);
      var name = DATE_TAGS[tag.toLowerCase()] || "Date (tag " + tag + ")";
      return el("div", {}, el("dt", { title: "tag " + tag }, name), el("dd", {}, String(entry.value)));
    });
  }

  function renderClaims(recording) {
    var body = $("recording-claims");
    var container = recording.container || {};
    var list = el("dl", { class: "table" },
      fact("Sample rate", (container.sample_rate || "–") + " Hz"), fact("Channels", String(container.channels || "–")),
      fact("Bit rate", container.bit_rate ? Math.round(container.bit_rate / 1000) + " kb/s" : "not stated"),
      fact("Encoder", (container.encoders || []).join(", ") || "not stated"));
    list.append.apply(list, dateFacts(container.created || []));
    // The dates were named above; the remaining tags are shown as the file names them.
    Object.keys(container.tags || {}).forEach(function (key) {
      if (!DATE_TAGS[key.toLowerCase()]) list.append(fact(key, String(container.tags[key])));
    });
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
      (bandwidth.findings || []).forEach(function (f) {
        body.append(el("p", {}, el("strong", { title: f.kind || "" }, BANDWIDTH_FINDINGS[f.kind] || f.kind || ""),
                       ": " + (f.detail || "")));
      });
      body.append(el("p", { class: "tested" }, BANDWIDTH_TESTED));
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
