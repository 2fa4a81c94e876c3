/*
 * The counsellor's chat panes: one WebSocket per conversation, the
 * transcript as text, the child's typing, ready answers, a link the child
 * pasted taken as evidence with one click. A pane reconnects by itself and
 * asks for what it missed.
 */
(() => {
  "use strict";
  const root = document.getElementById("chats");
  if (!root) return;
  const csrf = root.dataset.csrf;
  const LINK = /https?:\/\/[^\s<>"]+/g;

  for (const pane of document.querySelectorAll(".chat-pane")) {
    const caseId = pane.dataset.case;
    const writes = pane.dataset.writes === "true";
    const transcript = pane.querySelector("[data-role=transcript]");
    const typing = pane.querySelector("[data-role=typing]");
    const notice = pane.querySelector("[data-role=notice]");
    const state = pane.querySelector("[data-role=state]");
    const windowLine = pane.querySelector("[data-role=window]");
    const reengage = pane.querySelector("[data-role=reengage]");
    const app = pane.dataset.app;
    let windowKind = null;
    let windowCloses = null;
    const seen = new Set();
    // Sent and not yet acknowledged, by id: sent again with the same id after a
    // reconnection, which the server acknowledges without storing it twice.
    const pending = new Map();
    let after = 0;
    let ws = null;
    let retry = 0;
    let typingTimer = null;
    let lastTyping = 0;

    const addEvidence = async (url, button) => {
      const form = new FormData();
      form.append("csrf", csrf);
      form.append("url", url);
      const r = await fetch(`/console/cases/${caseId}/evidence`, { method: "POST", body: form, redirect: "manual" });
      if (r.type === "opaqueredirect" || r.ok) { button.disabled = true; button.textContent = root.dataset.linkAdded; }
    };

    const show = (frame) => {
      if (seen.has(frame.seq)) return;
      seen.add(frame.seq);
      after = Math.max(after, frame.seq);
      const li = document.createElement("li");
      li.className = frame.author;
      li.dataset.seq = frame.seq;
      if (frame.author !== "system") {
        const who = document.createElement("span");
        who.className = "who";
        who.textContent = frame.author === "child" ? root.dataset.child : root.dataset.helpline;
        li.append(who);
      }
      li.append(document.createTextNode(frame.text));
      if (frame.author === "child" && writes) {
        for (const url of new Set(frame.text.match(LINK) || [])) {
          const b = document.createElement("button");
          b.type = "button";
          b.className = "btn small";
          b.dataset.testid = "add-link";
          b.textContent = root.dataset.addLink;
          b.title = url;
          b.addEventListener("click", () => addEvidence(url, b));
          li.append(document.createElement("br"), b);
        }
        typing.hidden = true;
      }
      if (frame.delivery) {
        const mark = document.createElement("span");
        mark.className = "state";
        mark.dataset.role = "delivery";
        li.append(mark);
        deliver(li, frame.delivery, frame.delivery_error);
      }
      transcript.append(li);
      li.scrollIntoView({ block: "nearest" });
    };

    // How far a reply to an app got, and why it has not left (in the platform's words).
    const deliver = (li, delivery, error) => {
      const mark = li.querySelector("[data-role=delivery]");
      if (!mark) return;
      li.dataset.delivery = delivery;
      mark.textContent = root.dataset[`delivery${delivery[0].toUpperCase()}${delivery.slice(1)}`] || delivery;
      if (error && delivery !== "read" && delivery !== "delivered") mark.textContent += ` · ${error}`;
    };

    // What the app lets the helpline send now, and for how long.
    const showWindow = () => {
      if (!windowLine || !windowKind) return;
      const key = { open: "windowOpen", human_agent: "windowHumanAgent", template_only: "windowTemplateOnly", closed: "windowClosed" }[windowKind];
      let time = "";
      if (windowCloses) {
        const minutes = Math.max(0, Math.round((windowCloses - Date.now()) / 60000));
        time = minutes >= 60 ? `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}` : `${minutes} min`;
      }
      windowLine.textContent = (root.dataset[key] || "").replace("{app}", app).replace("{time}", time);
      windowLine.dataset.window = windowKind;
      const form = pane.querySelector("[data-role=reply]");
      const writes = windowKind === "open" || windowKind === "human_agent";
      if (form) form.hidden = !writes || pane.dataset.state === "ended";
      if (reengage) reengage.hidden = windowKind !== "template_only" || pane.dataset.state === "ended";
    };
    if (windowLine) setInterval(showWindow, 30000);

    const onFrame = (frame) => {
      retry = 0;
      if (frame.type === "message") show(frame);
      else if (frame.type === "typing" && frame.author === "child") {
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => { typing.hidden = true; }, 4000);
      } else if (frame.type === "delivery") {
        const li = transcript.querySelector(`li[data-seq="${frame.seq}"]`);
        if (li) deliver(li, frame.delivery, frame.error);
      } else if (frame.type === "state") {
        state.textContent = root.dataset[frame.state] || frame.state;
        pane.dataset.state = frame.state;
        if (frame.window) {
          windowKind = frame.window;
          windowCloses = frame.window_closes_at ? Date.parse(frame.window_closes_at) : null;
        }
        if (frame.state === "ended" && windowLine) windowLine.textContent = "";
        showWindow();
      } else if (frame.type === "error") {
        notice.textContent = frame.message;
        // A refused reply goes back in the box, so that nothing written is lost.
        if (frame.id && pending.has(frame.id)) {
          const box = pane.querySelector("textarea");
          if (box && !box.value.trim()) box.value = pending.get(frame.id);
          pending.delete(frame.id);
        }
      } else if (frame.type === "ack") {
        pending.delete(frame.id);
        notice.textContent = "";
      }
    };

    const connect = () => {
      ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/console/cases/${caseId}/chat/socket`);
      ws.onopen = () => {
        notice.textContent = "";
        ws.send(JSON.stringify({ type: "hello", after }));
        for (const [id, value] of pending) ws.send(JSON.stringify({ type: "send", id, text: value }));
      };
      ws.onmessage = (e) => { try { onFrame(JSON.parse(e.data)); } catch (_) { /* ignore */ } };
      ws.onclose = (e) => {
        if (pane.dataset.state === "ended") return;
        // Closed on purpose: passed to someone else (1000), not reopened; refused
        // (1008: signed out, timed out), the page reloads into the sign-in form.
        if (e.code === 1008) { location.reload(); return; }
        if (e.code === 1000) {
          notice.textContent = root.dataset.passedOn;
          const box = pane.querySelector("[data-role=reply]");
          if (box) box.hidden = true;
          return;
        }
        notice.textContent = root.dataset.offline;
        retry = Math.min(retry + 1, 6);
        setTimeout(connect, 500 * 2 ** retry);
      };
    };
    connect();

    if (!writes) continue;
    const form = pane.querySelector("[data-role=reply]");
    const text = form.querySelector("textarea");
    text.addEventListener("input", () => {
      const now = Date.now();
      if (ws && ws.readyState === 1 && now - lastTyping > 2000) { lastTyping = now; ws.send(JSON.stringify({ type: "typing" })); }
    });
    text.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value || pane.dataset.state === "ended") return;
      const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      pending.set(id, value);
      text.value = "";
      if (ws && ws.readyState === 1) ws.send(JSON.stringify({ type: "send", id, text: value }));
      else notice.textContent = root.dataset.offline;
    });
    if (reengage) {
      reengage.querySelector("button").addEventListener("click", (e) => {
        const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
        if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ type: "reengage", id })); e.target.disabled = true; }
        else notice.textContent = root.dataset.offline;
      });
    }
    const insert = pane.querySelector("[data-role=insert]");
    if (insert) {
      insert.addEventListener("click", () => {
        const chosen = pane.querySelector("[data-role=canned]").value;
        text.value = text.value ? `${text.value}\n${chosen}` : chosen;
        text.focus();
      });
    }
  }
})();
