/*
 * <relais-safe-button>: the two-choice screen a platform shows a user who
 * reports harm: "Report to <platform>" or "Talk to <helpline>".
 *
 *   <script src="https://relais.example/widget.js" defer></script>
 *   <relais-safe-button token="wt1.…" country="FR" category="harassment"
 *                       age-band="13_17" reporter-role="victim" locale="fr">
 *     <a href="tel:3018">3018</a>   <!-- shown if the script cannot run -->
 *   </relais-safe-button>
 *
 * No dependency, styles kept in the shadow root, every text comes from the
 * server (one i18n layer), and data is only ever inserted as text.
 * The element fires `relais-choice` ({detail: {choice}}) when a button is used;
 * with a `report-href` attribute, "Report to …" also follows that link.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const defaultServer = script && script.src ? new URL(script.src).origin : location.origin;
  const PARAMS = [["token", "token"], ["country", "country"], ["category", "category"],
                  ["age-band", "age_band"], ["reporter-role", "role"], ["locale", "locale"]];

  const CSS = `
    *, *::before, *::after { box-sizing: border-box; }
    :host { display: block; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a2e; }
    .box { border-radius: 16px; background: #fff; padding: 16px; box-shadow: 0 1px 4px rgba(0,0,0,.18); max-width: 30rem; }
    h2 { font-size: 1.2rem; margin: 0 0 6px; }
    p { margin: 6px 0; }
    .muted { color: #4a4a5e; font-size: .93rem; }
    .stack { display: grid; gap: 10px; margin-top: 12px; }
    a.btn, button.btn { display: flex; align-items: center; justify-content: center; min-height: 48px; padding: 10px 14px;
      border-radius: 12px; font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; border: 2px solid transparent; width: 100%; }
    .platform { background: #fff; color: #1a1a2e; border-color: #1a1a2e !important; }
    .helpline { background: #3d2c8d; color: #fff; }
    .emergency { background: #a4001d; color: #fff; }
    .card { border: 2px solid #3d2c8d; border-radius: 14px; padding: 12px; }
    .open { color: #0b6e3f; font-weight: 600; }
    .closed { color: #8a4b00; font-weight: 600; }
    ul { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 8px; }
    a.channel { display: flex; align-items: center; justify-content: center; min-height: 44px; border-radius: 10px;
      background: #efedf8; color: #2b1f66; font-weight: 600; text-decoration: none; padding: 8px 12px; }
    a.channel[aria-disabled="true"] { background: #e9e9ee; color: #4a4a5e; pointer-events: none; text-decoration: line-through; }
    a:focus-visible, button:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
  `;

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const safeHref = (uri) => /^(https?:|tel:|sms:)/i.test(uri) ? uri : null;

  class RelaisSafeButton extends HTMLElement {
    static get observedAttributes() { return PARAMS.map(([a]) => a); }

    connectedCallback() {
      if (!this.shadowRoot) this.attachShadow({ mode: "open" });
      this.load();
    }

    attributeChangedCallback() {
      if (this.shadowRoot && this.isConnected) this.load();
    }

    async load() {
      const server = this.getAttribute("server") || defaultServer;
      const query = new URLSearchParams();
      for (const [attr, key] of PARAMS) {
        const value = this.getAttribute(attr);
        if (value) query.set(key, value);
      }
      const ticket = (this._ticket = (this._ticket || 0) + 1);
      try {
        const response = await fetch(`${server}/v1/widget/referral?${query}`, { credentials: "omit" });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.detail || response.status);
        if (ticket === this._ticket) this.render(answer);
      } catch (error) {
        if (ticket === this._ticket) this.fallback();
      }
    }

    choose(choice) {
      this.dispatchEvent(new CustomEvent("relais-choice", { detail: { choice }, bubbles: true, composed: true }));
    }

    /* The platform's own fallback content (links it placed inside the element). */
    fallback() {
      this.shadowRoot.replaceChildren(el("style", {}, CSS), el("slot"));
    }

    render(a) {
      const box = el("section", { class: "box", "aria-labelledby": "relais-title", "data-decision": a.decision, lang: a.locale });
      box.append(el("h2", { id: "relais-title" }, a.title));
      box.append(el("p", { class: "muted" }, a.explanation));
      const stack = el("div", { class: "stack" });
      const alternatives = () => {
        if (!a.alternatives.length) return null;
        const wrap = el("div", { "data-testid": "alternatives" });
        wrap.append(el("p", { class: a.decision === "emergency" ? "" : "muted" }, a.alternatives_title));
        const list = el("ul");
        for (const alt of a.alternatives) {
          const li = el("li");
          li.append(el("a", { class: a.decision === "emergency" ? "btn emergency" : "channel", href: safeHref(alt.uri), "data-kind": alt.kind }, alt.name));
          list.append(li);
        }
        wrap.append(list);
        return wrap;
      };
      if (a.decision === "emergency") stack.append(alternatives());
      for (const choice of a.choices) {
        if (choice === "report_to_platform") {
          const href = this.getAttribute("report-href");
          const button = href
            ? el("a", { class: "btn platform", href: safeHref(href) || "#", "data-choice": choice }, a.report_label)
            : el("button", { class: "btn platform", type: "button", "data-choice": choice }, a.report_label);
          button.addEventListener("click", () => this.choose(choice));
          stack.append(button);
        } else if (choice === "contact_helpline" && a.helpline) {
          stack.append(this.helplineCard(a.helpline, choice));
        }
      }
      if (a.decision !== "emergency") {
        const more = alternatives();
        if (more) stack.append(more);
      }
      box.append(stack);
      this.shadowRoot.replaceChildren(el("style", {}, CSS), box);
    }

    helplineCard(h, choice) {
      const card = el("div", { class: "card", "data-testid": "helpline" });
      const firstOpen = h.channels.find((c) => c.available_now);
      const target = h.url || (firstOpen && firstOpen.uri);
      const main = el("a", { class: "btn helpline", href: target ? safeHref(target) : null, "data-choice": choice }, h.label);
      main.addEventListener("click", () => this.choose(choice));
      card.append(main);
      card.append(el("p", { class: h.open_now ? "open" : "closed", "data-testid": "hours" }, h.hours_line));
      if (h.wait_line) card.append(el("p", { class: "muted" }, h.wait_line));
      const list = el("ul", { "aria-label": h.name });
      for (const c of h.channels) {
        const li = el("li");
        const link = el("a", { class: "channel", href: safeHref(c.uri), "data-kind": c.kind, "aria-disabled": c.available_now ? null : "true" }, c.label);
        li.append(link);
        list.append(li);
      }
      card.append(list);
      return card;
    }
  }

  if (!customElements.get("relais-safe-button")) customElements.define("relais-safe-button", RelaisSafeButton);
})();
