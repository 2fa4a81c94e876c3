/*
 * The child's chat. Everything shown is inserted as text. The conversation
 * is kept in this tab's session storage only (its resume token, the last
 * message seen, the case's code and word): closing the tab forgets it, the
 * quick exit wipes it.
 *
 * Transport: a WebSocket; where it cannot open (school and mobile networks
 * that block them), a stream of server-sent events read with fetch, with
 * posts beside it. Both carry the same frames.
 */
(() => {
  "use strict";
  const root = document.getElementById("chat");
  const words = JSON.parse(document.getElementById("chat-words").textContent);
  const helpline = root.dataset.helpline;
  const lang = root.dataset.lang;
  const KEY = "relais-chat";
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const forceStream = params.get("transport") === "stream";

  const load = () => { try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (_) { return null; } };
  // Once the child leaves fast, nothing is written again (a frame may still arrive).
  let leaving = false;
  let endAsked = false; // "end" tapped before the line was connected
  const save = (s) => { if (!leaving) sessionStorage.setItem(KEY, JSON.stringify(s)); };
  let saved = load();

  // The quick exit (quick-exit.js) replaces the page and clears the session's
  // storage; first, the server is told the child left, and nothing is written again.
  document.addEventListener("relais:quick-exit", () => {
    const s = load();
    leaving = true;
    if (s && s.token) {
      try {
        fetch("/chat/post", { method: "POST", keepalive: true, headers: { "content-type": "application/json" },
          body: JSON.stringify({ token: s.token, frame: { type: "leave" } }) });
      } catch (_) { /* leaving matters more */ }
    }
  });

  if (!$("questions")) return; // closed: nothing else on the page

  const messages = $("messages");
  const shown = new Set();
  const pending = new Map(); // client id -> { li, text }
  let transport = null;
  let ended = false;
  let retry = 0;
  // A page (re)opened shows the whole conversation; a reconnection only what it missed.
  const since = () => (shown.size ? saved.after || 0 : 0);

  const show = (section) => {
    for (const id of ["questions", "conversation", "ended"]) $(id).hidden = id !== section;
  };

  const bubble = (author, text, note) => {
    const li = document.createElement("li");
    li.className = author;
    if (author !== "system") {
      const who = document.createElement("span");
      who.className = "who";
      who.textContent = author === "child" ? words.you : words.helpline;
      li.append(who);
    }
    li.append(document.createTextNode(text));
    if (note) {
      const state = document.createElement("span");
      state.className = "state";
      state.textContent = note;
      li.append(state);
    }
    messages.append(li);
    li.scrollIntoView({ block: "end" });
    return li;
  };

  const status = (text) => { $("status").textContent = text; $("status").hidden = !text; };

  const finish = () => {
    ended = true;
    if (transport) { transport.close(); transport = null; }
    const s = load() || saved || {};
    $("code").textContent = s.code || "";
    $("word").textContent = s.word || "";
    show("ended");
    // The token only serves the questions now; the code and word stay until the tab closes.
    if (s.token && !s.surveyed) $("survey").hidden = false;
    save({ code: s.code, word: s.word, ended: true, token: s.surveyed ? undefined : s.token, surveyed: s.surveyed });
  };

  // The three questions after the chat: optional, anonymous, sent once.
  $("survey-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const s = load() || {};
    const answers = {};
    for (const input of $("survey-form").querySelectorAll("input[type=radio]:checked")) answers[input.name] = input.value;
    let r = null;
    try {
      r = await fetch("/chat/survey", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: s.token || "", answers }) });
    } catch (_) { return; }
    if (r.status !== 201 && r.status !== 409) return;
    $("survey-form").hidden = true;
    const done = $("survey-done");
    done.textContent = r.status === 201 ? $("survey").dataset.thanks : $("survey").dataset.already;
    done.hidden = false;
    save({ code: s.code, word: s.word, ended: true, surveyed: true });
  });

  const onFrame = (frame) => {
    retry = 0;
    if (frame.type === "message") {
      if (shown.has(frame.seq)) return;
      shown.add(frame.seq);
      saved.after = Math.max(saved.after || 0, frame.seq);
      save(saved);
      const mine = frame.author === "child" && [...pending.values()].find((p) => p.text === frame.text);
      if (mine) return; // already on screen, acknowledged separately
      bubble(frame.author, frame.text);
      if (frame.author === "counsellor") $("typing").hidden = true;
    } else if (frame.type === "ack") {
      const p = pending.get(frame.id);
      if (p) {
        p.li.querySelector(".state")?.remove();
        pending.delete(frame.id);
        shown.add(frame.seq);
      }
    } else if (frame.type === "typing") {
      $("typing").hidden = false;
      clearTimeout(onFrame.typingTimer);
      onFrame.typingTimer = setTimeout(() => { $("typing").hidden = true; }, 4000);
    } else if (frame.type === "state") {
      if (frame.state === "ended") return finish();
      if (frame.state === "waiting") {
        const place = frame.position === 1 ? words.next_one
          : frame.position ? words.position.replace("{position}", frame.position) : "";
        const wait = frame.wait_minutes ? words.wait.replace("{minutes}", frame.wait_minutes) : words.wait_unknown;
        status(`${place} ${wait}`.trim());
      } else {
        status("");
      }
    } else if (frame.type === "error") {
      if (frame.id && pending.has(frame.id)) {
        const p = pending.get(frame.id);
        const note = p.li.querySelector(".state");
        if (note) note.textContent = frame.message;
        pending.delete(frame.id);
      } else if (frame.code === "unknown") {
        sessionStorage.removeItem(KEY);
        status(words.unknown);
        ended = true;
      } else {
        status(frame.message);
      }
    }
  };

  // --- transports -----------------------------------------------------------
  const socketTransport = () => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/chat/socket`);
    let opened = false;
    ws.onopen = () => {
      opened = true;
      ws.send(JSON.stringify({ type: "hello", token: saved.token, after: since() }));
      resolve({ kind: "socket", send: (frame) => ws.send(JSON.stringify(frame)), close: () => ws.close() });
    };
    ws.onmessage = (e) => { try { onFrame(JSON.parse(e.data)); } catch (_) { /* ignore */ } };
    ws.onerror = () => { if (!opened) reject(new Error("no websocket")); };
    ws.onclose = () => { if (opened) lost(); };
  });

  const streamTransport = async () => {
    const controller = new AbortController();
    const response = await fetch("/chat/stream", {
      method: "POST", signal: controller.signal, headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: saved.token, after: since() }),
    });
    if (!response.ok) {
      if (response.status === 404) onFrame({ type: "error", code: "unknown", message: words.unknown });
      throw new Error(`stream ${response.status}`);
    }
    (async () => {
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
            if (data) { try { onFrame(JSON.parse(data)); } catch (_) { /* ignore */ } }
          }
        }
      } catch (_) { /* lost */ }
      lost();
    })();
    const post = async (frame) => {
      const r = await fetch("/chat/post", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ token: saved.token, frame }) });
      const answer = await r.json().catch(() => []);
      for (const f of answer) onFrame(f);
    };
    return { kind: "stream", send: (frame) => { post(frame); }, close: () => controller.abort() };
  };

  const connect = async () => {
    if (ended || !saved || !saved.token) return;
    try {
      transport = forceStream ? await streamTransport() : await socketTransport().catch(() => streamTransport());
      root.dataset.transport = transport.kind;
      for (const [id, p] of pending) transport.send({ type: "send", id, text: p.text });
      if (endAsked) transport.send({ type: "leave" });
    } catch (_) {
      lost();
    }
  };

  function lost() {
    transport = null;
    if (ended) return;
    status(words.offline);
    retry = Math.min(retry + 1, 6);
    setTimeout(() => { connect().then(() => { if (transport) status(words.reconnected); }); }, 500 * 2 ** retry);
  }

  // --- starting, sending ------------------------------------------------------
  const start = async (answers) => {
    const r = await fetch(`/chat/${encodeURIComponent(helpline)}/start`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(answers),
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      // The child reads their own language: only the closed line's hours come
      // from the answer (already in it); the API's details are for developers.
      const said = r.status === 409 ? body.detail
        : r.status === 429 ? words.too_fast
        : r.status === 422 && (body.errors || []).some((e) => e.field === "message") ? words.too_long
        : words.unknown;
      status(said || words.unknown);
      show("conversation");
      return;
    }
    saved = { token: body.token, code: body.code, word: body.word, after: 0 };
    save(saved);
    show("conversation");
    await connect();
  };

  $("start-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const answers = { locale: lang, in_danger: form.get("in_danger") === "yes" };
    if (form.get("age_band")) answers.age_band = form.get("age_band");
    if (form.get("category")) answers.category = form.get("category");
    const message = (form.get("message") || "").trim();
    if (message) answers.message = message;
    if (root.dataset.code) answers.handoff_code = root.dataset.code;
    start(answers);
  });
  $("skip").addEventListener("click", () => {
    const answers = { locale: lang };
    if (root.dataset.code) answers.handoff_code = root.dataset.code;
    start(answers);
  });

  let lastTyping = 0;
  $("text").addEventListener("input", () => {
    const now = Date.now();
    if (transport && now - lastTyping > 2000) { lastTyping = now; transport.send({ type: "typing" }); }
  });
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("send-form").requestSubmit(); }
  });
  $("send-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("text").value.trim();
    if (!text || ended) return;
    const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const li = bubble("child", text, words.sending);
    pending.set(id, { li, text });
    $("text").value = "";
    if (transport) transport.send({ type: "send", id, text });
    else li.querySelector(".state").textContent = words.not_sent;
  });
  // Ending while the line is still connecting is heard once it is connected.
  $("end").addEventListener("click", () => { if (transport) transport.send({ type: "leave" }); else endAsked = true; });

  // A tab that had a conversation comes back into it.
  if (saved && saved.ended) { finish(); }
  else if (saved && saved.token) { show("conversation"); connect(); }
  else { show("questions"); }
})();
