/*
 * <relais-safe-button>: the two-choice screen a platform shows a user who
 * reports harm: "Report to <platform>" or "Talk to <helpline>".
 *
 *   <script src="https://relais.example/widget.js" defer></script>
 *   <relais-safe-button token="wt2.…" report-href="https://social.example/report/1/sent">
 *     <a href="tel:3018">3018</a>   <!-- shown if the script cannot run -->
 *   </relais-safe-button>
 *
 * The token holds the report; the attributes country, category, age-band,
 * reporter-role and locale may repeat it, never change it.
 * No dependency, styles kept in the shadow root, every text comes from the
 * server (one i18n layer), and data is only ever inserted as text.
 * The element fires `relais-choice` ({detail: {choice}}) when a button is used;
 * with a `report-href` attribute (a link on an origin the platform registered),
 * "Report to …" fires it too, then follows that link. When it cannot show its
 * answer it shows the platform's own content (what the element holds) and
 * fires `relais-error` ({detail: {reason, status}}): `token_expired` (mint a
 * fresh token and set the attribute: the element asks again), `rate_limited`,
 * `invalid` (an attribute differs from the token, or `report-href` is not on a
 * registered origin), `network`, or `unavailable`.
 * A platform's Content-Security-Policy needs `script-src` and `connect-src` of the
 * Relais origin, and nothing for styles.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const defaultServer = script && script.src ? new URL(script.src).origin : location.origin;
  const PARAMS = [["token", "token"], ["country", "country"], ["category", "category"],
                  ["age-band", "age_band"], ["reporter-role", "role"], ["locale", "locale"],
                  ["report-href", "report_href"]];

  // The styles, from widget.css (inserted by the server when it serves this script).
  const CSS = "/*WIDGET_CSS*/";
  // Adopted by each shadow root: a constructable style sheet is not inline style, so a
  // platform's page needs no style-src 'unsafe-inline' for the widget.
  const SHEET = (() => {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      return sheet;
    } catch (_) {
      return null;
    }
  })();

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const safeHref = (uri) => /^(https?:|tel:|sms:)/i.test(uri) ? uri : null;
  // Links open in the whole window: framed (the two-choice page in an app), the helpline's
  // pages would otherwise open inside a frame they refuse.
  const link = (attrs, text) => el("a", { ...attrs, target: "_top" }, text);

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
      let response;
      try {
        response = await fetch(`${server}/v1/widget/referral?${query}`, { credentials: "omit" });
      } catch (_) {
        if (ticket === this._ticket) this.fail("network", 0);
        return;
      }
      if (ticket !== this._ticket) return;
      if (!response.ok) {
        const reason = { 401: "token_expired", 429: "rate_limited", 422: "invalid", 400: "invalid" }[response.status];
        this.fail(reason || "unavailable", response.status);
        return;
      }
      try {
        this.render(await response.json());
      } catch (_) {
        this.fail("unavailable", response.status);
      }
    }

    /* The platform's own content in place of the answer, and the platform told why. */
    fail(reason, status) {
      this.fallback();
      this.dispatchEvent(new CustomEvent("relais-error", { detail: { reason, status }, bubbles: true, composed: true }));
    }

    /* What the shadow root is styled with: the adopted sheet, or a link to Relais's stylesheet. */
    styles() {
      if (SHEET) {
        this.shadowRoot.adoptedStyleSheets = [SHEET];
        return [];
      }
      const server = this.getAttribute("server") || defaultServer;
      return [el("link", { rel: "stylesheet", href: `${server}/widget.css` })];
    }

    choose(choice) {
      this.dispatchEvent(new CustomEvent("relais-choice", { detail: { choice }, bubbles: true, composed: true }));
    }

    /* The platform's own fallback content (links it placed inside the element). */
    fallback() {
      this.shadowRoot.replaceChildren(...this.styles(), el("slot"));
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
          li.append(link({ class: a.decision === "emergency" ? "btn emergency" : "channel", href: safeHref(alt.uri), "data-kind": alt.kind }, alt.name));
          list.append(li);
        }
        wrap.append(list);
        return wrap;
      };
      if (a.decision === "emergency") stack.append(alternatives());
      for (const choice of a.choices) {
        if (choice === "report_to_platform") {
          // The link the server checked against the platform's registered origins, never the attribute as given.
          const href = a.report_href;
          const button = href
            ? link({ class: "btn platform", href: safeHref(href) || "#", "data-choice": choice }, a.report_label)
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
      if (a.more_help) {
        const more = el("p", { class: "more" });
        more.append(link({ href: safeHref(a.more_help.url), "data-testid": "more-help" }, a.more_help.label));
        box.append(more);
      }
      this.shadowRoot.replaceChildren(...this.styles(), box);
    }

    helplineCard(h, choice) {
      const card = el("div", { class: "card", "data-testid": "helpline" });
      const firstOpen = h.channels.find((c) => c.available_now);
      const target = h.url || (firstOpen && firstOpen.uri);
      const main = link({ class: "btn helpline", href: target ? safeHref(target) : null, "data-choice": choice }, h.label);
      main.addEventListener("click", () => this.choose(choice));
      card.append(main);
      card.append(el("p", { class: h.open_now ? "open" : "closed", "data-testid": "hours" }, h.hours_line));
      if (h.wait_line) card.append(el("p", { class: "muted" }, h.wait_line));
      const list = el("ul", { "aria-label": h.name });
      for (const c of h.channels) {
        const li = el("li");
        const channel = link({ class: "channel", href: safeHref(c.uri), "data-kind": c.kind, "aria-disabled": c.available_now ? null : "true" }, c.label);
        li.append(channel);
        list.append(li);
      }
      card.append(list);
      return card;
    }
  }

  if (!customElements.get("relais-safe-button")) customElements.define("relais-safe-button", RelaisSafeButton);
})();
