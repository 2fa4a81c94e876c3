// The console's first page: the queue follows the server as cases arrive and are taken
// (server-sent events); data goes in as text only. Served from Relais, so that the page's
// Content-Security-Policy allows no inline script.
(() => {
  const body = document.querySelector("[data-testid=queue] tbody");
  const count = document.querySelector("[data-testid=queue-length]");
  if (!body || !window.EventSource) return;
  const source = new EventSource("/console/queue/events");
  source.addEventListener("queue", (event) => {
    const rows = JSON.parse(event.data);
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      for (const key of ["risk", "category", "age", "waited"]) {
        const td = document.createElement("td");
        td.textContent = row[key];
        if (key === "waited") td.className = "num";
        tr.append(td);
      }
      return tr;
    }));
    count.textContent = `(${rows.length})`;
  });
})();
