// The aisle chat widget: plain browser JavaScript, no build step.
// It speaks the chat API on its own origin: POST /v1/sessions, POST /v1/chat/stream (server-sent
// events read from a fetch body, since EventSource cannot POST), POST /v1/feedback,
// GET /v1/sessions/{id}. The session id and token stay in localStorage, so a conversation
// survives page loads. Untrusted text is only ever set with textContent.
(() => {
  "use strict";
  const STORE_KEY = "aisle.session";
  const PERSON = "I'd like to talk to a person, please.";
  const $ = (id) => document.getElementById(id);
  const log = $("aisle-log"), form = $("aisle-form"), input = $("aisle-input");
  const send = $("aisle-send"), quick = $("aisle-quick"), status = $("aisle-status");
  let session = null;
  let busy = false;
  // Storage can be blocked (privacy settings, some embedded frames): then the session lasts
  // as long as the page.
  const storage = {
    get() { try { return JSON.parse(localStorage.getItem(STORE_KEY) || "null"); } catch { return null; } },
    set(value) { try { localStorage.setItem(STORE_KEY, JSON.stringify(value)); } catch { /* kept in memory */ } },
    clear() { try { localStorage.removeItem(STORE_KEY); } catch { /* nothing stored */ } },
  };

  function el(tag, props = {}, children = []) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("aria") || key.startsWith("data") || key === "role") node.setAttribute(key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), value);
      else node[key] = value;
    }
    for (const child of children) node.append(child);
    return node;
  }

  function say(message) { status.textContent = message || ""; }

  function money(amount, currency) {
    try { return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(amount)); }
    catch { return `${amount} ${currency}`; }
  }

  function addMessage(role, text) {
    const bubble = el("div", { className: "aisle-bubble", text });
    const item = el("li", { className: `aisle-msg ${role}` }, [
      el("span", { className: "aisle-sr", text: role === "user" ? "You said:" : "Assistant said:" }),
      bubble,
    ]);
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return { item, bubble };
  }

  function renderCards(item, products) {
    if (!products.length) return;
    const list = el("ul", { className: "aisle-cards", ariaLabel: "Products" });
    list.setAttribute("role", "list");
    for (const p of products) {
      const image = el("img", { alt: p.title, loading: "lazy" });
      image.onerror = () => image.remove();
      if (p.image) image.src = p.image; else image.remove();
      const stock = p.stock === null ? "" : p.stock > 0 ? `${p.stock} in stock` : "Out of stock";
      const title = p.url ? el("a", { href: p.url, target: "_blank", rel: "noopener", text: p.title }) : document.createTextNode(p.title);
      const card = el("li", { className: "aisle-card", ariaLabel: `${p.title}, ${money(p.price, p.currency)}` }, [
        image,
        el("h3", {}, [title]),
        el("div", { className: "aisle-price", text: money(p.price, p.currency) }),
        el("div", { className: "aisle-stock", text: stock }),
      ]);
      card.setAttribute("role", "listitem");
      if (p.upsell) card.prepend(el("span", { className: "aisle-upsell", text: "Upsell: suggested add-on" }));
      if (p.reason) card.append(el("div", { className: "aisle-stock", text: p.reason }));
      list.append(card);
    }
    item.append(list);
  }

  function renderCitations(item, citations) {
    if (!citations.length) return;
    const list = el("ol", { className: "aisle-citations", ariaLabel: "Sources" });
    for (const c of citations) list.append(el("li", { value: c.ref, text: `${c.title} (${c.kind})` }));
    item.append(list);
  }

  function renderRating(item, messageId) {
    const box = el("div", { className: "aisle-rate", role: "group", ariaLabel: "Was this helpful?" });
    for (const [rating, label, glyph] of [["up", "Helpful", "👍"], ["down", "Not helpful", "👎"]]) {
      const button = el("button", { type: "button", text: glyph, ariaLabel: label, ariaPressed: "false" });
      button.dataset.rating = rating;
      button.addEventListener("click", async () => {
        const response = await api("POST", "/v1/feedback", { session_id: session.id, message_id: messageId, rating });
        if (response.ok) {
          for (const b of box.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b === button));
          say("Thanks for the feedback.");
        }
      });
      box.append(button);
    }
    item.append(box);
  }

  function renderQuickReplies(replies) {
    quick.replaceChildren();
    for (const text of replies || []) {
      const button = el("button", { type: "button", text });
      button.addEventListener("click", () => ask(text));
      quick.append(button);
    }
  }

  function renderHandoff(item, handoff) {
    item.append(el("p", { className: "aisle-stock", text: `A person will take over (ticket ${handoff.ticket_id}).` }));
  }

  function finish(item, bubble, reply) {
    bubble.textContent = reply.text;
    renderCards(item, reply.products);
    renderCitations(item, reply.citations);
    if (reply.handoff) renderHandoff(item, reply.handoff);
    if (reply.message_id && reply.intent !== "greeting") renderRating(item, reply.message_id);
    renderQuickReplies(reply.quick_replies);
    log.scrollTop = log.scrollHeight;
  }

  function headers(json) {
    const h = {};
    if (json) h["Content-Type"] = "application/json";
    if (session) h["Authorization"] = `Bearer ${session.token}`;
    return h;
  }

  function api(method, path, body) {
    return fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function problem(response) {
    try { return (await response.json()).error; } catch { return { code: "error", message: `HTTP ${response.status}` }; }
  }

  async function newSession() {
    session = null;
    const response = await api("POST", "/v1/sessions");
    if (!response.ok) {
      const error = await problem(response);
      say(response.status === 503 ? "The assistant is starting up; try again in a few seconds." : error.message);
      return false;
    }
    const body = await response.json();
    session = { id: body.id, token: body.token };
    storage.set(session);
    log.replaceChildren();
    if (body.greeting) {
      const { item, bubble } = addMessage("assistant", "");
      finish(item, bubble, body.greeting);
    }
    return true;
  }

  async function restore() {
    session = storage.get();
    if (!session) return newSession();
    const response = await api("GET", `/v1/sessions/${encodeURIComponent(session.id)}`);
    if (!response.ok) return newSession();
    const transcript = await response.json();
    if (!transcript.messages.length) return newSession();
    for (const m of transcript.messages) addMessage(m.role, m.text);
    return true;
  }

  async function* sse(response) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let event = "message", data = "";
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data += line.slice(5).trim();
        }
        if (data) yield { event, data: JSON.parse(data) };
      }
    }
  }

  async function ask(text, retried = false) {
    text = text.trim();
    if (!text || busy) return;
    if (!session && !(await newSession())) return;
    busy = true; send.disabled = true; say("");
    quick.replaceChildren();
    if (!retried) addMessage("user", text);
    const { item, bubble } = addMessage("assistant", "…");
    item.setAttribute("aria-busy", "true");
    try {
      const response = await api("POST", "/v1/chat/stream", { session_id: session.id, message: text });
      if (!response.ok) {
        const error = await problem(response);
        item.remove();
        if ([401, 403, 404].includes(response.status) && !retried && (await newSession())) {
          busy = false; send.disabled = false;
          return ask(text, true);
        }
        const wait = response.headers.get("Retry-After");
        say(response.status === 429 ? `Too many messages; try again in ${wait || "a few"} seconds.` : error.message);
        return;
      }
      let shown = "";
      for await (const { event, data } of sse(response)) {
        if (event === "delta") { shown += data.text; bubble.textContent = shown; }
        else if (event === "reset") { shown = ""; bubble.textContent = ""; }
        else if (event === "done") finish(item, bubble, data);
        else if (event === "error") say(data.message);
      }
    } catch (error) {
      say("The connection failed; check your network and try again.");
    } finally {
      item.removeAttribute("aria-busy");
      busy = false; send.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    ask(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  $("aisle-person").addEventListener("click", () => ask(PERSON));
  $("aisle-new").addEventListener("click", () => { storage.clear(); newSession(); });
  restore();
})();
