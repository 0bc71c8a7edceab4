// personify dashboard: a small static app over the REST API (no framework, no build step).
//
// Safety rule: every piece of data from the API reaches the page as text (textContent or
// attribute values via the `el` helper); nothing is ever assigned to innerHTML. Memories can hold
// hostile strings, so the Content-Security-Policy in dashboard.html is only a second line.

const KEY_STORAGE = "personify.apiKey";
const TABS = ["profile", "style", "history", "timeline", "search", "export"];
const SECTIONS = [
  ["constraints", "Constraints", "Hard limits the agent must respect."],
  ["preferences", "Preferences", "Likes (+) and dislikes (−)."],
  ["facts", "Facts", "Things that are true about the user."],
  ["goals", "Goals", "What the user is working towards."],
];
const STYLE_SCALES = {
  formality: ["casual", "formal"],
  verbosity: ["brief", "detailed"],
  proactivity: ["answers only", "proactive"],
  emoji: ["no emoji", "emoji"],
};
const BREAKDOWN = ["cosine", "lexical", "preference", "recency", "confidence"];

const state = {
  key: null,
  users: [],
  user: null,
  tab: "profile",
  profile: null,
  events: null, // loaded lazily (timeline, style evidence)
  openExplain: new Set(),
};

// -- DOM helpers -----------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

/** Build an element. attrs: class, dataset, on* handlers, hidden/disabled, others as attributes.
 * Children: nodes, or strings/numbers that become text nodes (never parsed as HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function clear(node) {
  node.replaceChildren();
  return node;
}

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function pct(x) {
  return `${Math.round(Math.max(0, Math.min(1, x)) * 100)}%`;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const two = (n) => String(n).padStart(2, "0");
  return (
    `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}`
  );
}

function confidenceBar(value, label = "confidence") {
  const level = value >= 0.7 ? "high" : value >= 0.4 ? "mid" : "low";
  const fill = el("div", { class: `bar-fill ${level}` });
  fill.style.width = pct(value);
  return el(
    "div",
    {
      class: "confidence",
      "data-testid": "confidence",
      title: `${label}: ${pct(value)}`,
    },
    el(
      "div",
      {
        class: "bar",
        role: "meter",
        "aria-label": label,
        "aria-valuemin": 0,
        "aria-valuemax": 1,
        "aria-valuenow": value.toFixed(2),
      },
      fill,
    ),
    el("span", { class: "bar-label" }, pct(value)),
  );
}

function badge(text, kind = "") {
  return el("span", { class: `badge ${kind}`.trim() }, text);
}

// -- status and errors -----------------------------------------------------------------------

let statusTimer = 0;
function say(message) {
  $("status").textContent = message;
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => ($("status").textContent = ""), 3000);
}

function showError(message) {
  $("error-text").textContent = message;
  $("error").hidden = false;
}

function hideError() {
  $("error").hidden = true;
  $("error-text").textContent = "";
}

class ApiError extends Error {
  constructor(status, type, message) {
    super(`${type}: ${message}`);
    this.status = status;
    this.type = type;
  }
}

// -- API -------------------------------------------------------------------------------------

function userPath(...parts) {
  return ["v1/users", encodeURIComponent(state.user), ...parts].join("/");
}

async function api(method, path, body, { raw = false } = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(new URL(path, document.baseURI), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (err) {
    throw new ApiError(0, "network_error", `the server cannot be reached (${err.message})`);
  }
  if (!response.ok) {
    let type = `http_${response.status}`;
    let message = response.statusText || "request failed";
    try {
      const payload = await response.json();
      if (payload && payload.error) {
        type = payload.error.type || type;
        message = payload.error.message || message;
      }
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, type, message);
  }
  if (response.status === 204) return null;
  return raw ? response.text() : response.json();
}

/** Run an action; API errors go to the banner (a 401 also signs out). A user action clears
 * the previous error first; a background refresh (keepError) leaves it in view. */
async function guarded(action, { keepError = false } = {}) {
  try {
    if (!keepError) hideError();
    return await action();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) signOut();
    showError(err.message || String(err));
    return undefined;
  }
}

// -- sign in / out ---------------------------------------------------------------------------

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  state.key = null;
  state.user = null;
  state.users = [];
  $("app").hidden = true;
  $("user-view").hidden = true;
  $("no-user").hidden = false;
  $("sign-out").hidden = true;
  $("login").hidden = false;
  $("api-key").value = "";
  history.replaceState(null, "", location.pathname);
}

async function signIn(key) {
  state.key = key;
  const ok = await guarded(loadUsers);
  if (ok === undefined) {
    $("login").hidden = false;
    return;
  }
  sessionStorage.setItem(KEY_STORAGE, key);
  $("login").hidden = true;
  $("app").hidden = false;
  $("sign-out").hidden = false;
  const route = readRoute();
  if (route.user && state.users.some((u) => u.user_id === route.user)) {
    await selectUser(route.user, route.tab);
  }
}

// -- users -----------------------------------------------------------------------------------

async function loadUsers() {
  const users = [];
  let offset = 0;
  for (let page = 0; page < 20 && offset !== null; page++) {
    const data = await api("GET", `v1/users?limit=500&offset=${offset}`);
    users.push(...data.items);
    offset = data.next_offset;
  }
  users.sort((a, b) => (b.last_event_at || "").localeCompare(a.last_event_at || ""));
  state.users = users;
  renderUsers();
  return true;
}

function renderUsers() {
  const needle = $("user-filter").value.trim().toLowerCase();
  const shown = state.users.filter((u) => u.user_id.toLowerCase().includes(needle));
  const list = clear($("user-list"));
  for (const u of shown) {
    const active = u.user_id === state.user;
    list.append(
      el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: active ? "user-item active" : "user-item",
            "data-testid": "user",
            "data-user": u.user_id,
            "aria-current": active ? "true" : null,
            onclick: () => selectUser(u.user_id, state.tab),
          },
          el("span", { class: "user-id" }, u.user_id),
          el(
            "span",
            { class: "user-stats muted" },
            `${plural(u.memories, "memory", "memories")} · ` +
              plural(u.events, "event"),
          ),
          u.last_event_at
            ? el("span", { class: "user-stats muted" }, `last active ${when(u.last_event_at)}`)
            : null,
        ),
      ),
    );
  }
  $("user-count").textContent = needle
    ? `${shown.length} of ${state.users.length}`
    : String(state.users.length);
  const info = state.users.find((u) => u.user_id === state.user);
  $("user-meta").textContent = info
    ? `${plural(info.memories, "memory", "memories")} · ` +
      `${plural(info.events, "event")} · created ${when(info.created_at)}`
    : "";
  $("user-empty").hidden = shown.length > 0;
  $("user-empty").textContent = state.users.length ? "No user matches." : "No users yet.";
}

async function selectUser(userId, tab = "profile") {
  state.user = userId;
  state.profile = null;
  state.events = null;
  state.openExplain.clear();
  clear($("search-results"));
  $("export-summary").textContent = "";
  $("user-title").textContent = userId;
  for (const name of ["profile", "style", "history", "timeline"]) clear($(`panel-${name}`));
  $("user-view").hidden = false;
  $("no-user").hidden = true;
  renderUsers();
  await showTab(TABS.includes(tab) ? tab : "profile");
}

// -- routing (#user=…&tab=…) so that a reload keeps the view ---------------------------------

function readRoute() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { user: params.get("user"), tab: params.get("tab") || "profile" };
}

function writeRoute() {
  const params = new URLSearchParams();
  if (state.user) params.set("user", state.user);
  params.set("tab", state.tab);
  history.replaceState(null, "", `#${params}`);
}

// -- tabs ------------------------------------------------------------------------------------

async function showTab(tab) {
  state.tab = tab;
  for (const name of TABS) {
    const selected = name === tab;
    $(`tab-${name}`).setAttribute("aria-selected", String(selected));
    $(`tab-${name}`).classList.toggle("active", selected);
    $(`panel-${name}`).hidden = !selected;
  }
  writeRoute();
  if (tab === "profile" || tab === "style" || tab === "history") {
    if (!state.profile) await guarded(loadProfile);
    renderProfileViews();
  } else if (tab === "timeline") {
    await guarded(async () => {
      await loadEvents();
      renderTimeline();
    });
  } else if (tab === "search") {
    $("search-query").focus();
  }
}

async function reloadCurrent() {
  state.profile = null;
  state.events = null;
  await guarded(loadUsers);
  if (state.user) await showTab(state.tab);
}

// -- profile, style, history -----------------------------------------------------------------

async function loadProfile() {
  const user = state.user;
  const profile = await api("GET", userPath("profile"));
  if (user === state.user) state.profile = profile; // ignore a slow answer for another user
}

async function loadEvents() {
  if (state.events) return state.events;
  const user = state.user;
  const events = [];
  let offset = 0;
  for (let page = 0; page < 10 && offset !== null; page++) {
    const data = await api("GET", `${userPath("events")}?limit=1000&offset=${offset}`);
    events.push(...data.items);
    offset = data.next_offset;
  }
  if (user === state.user) state.events = events;
  return events;
}

function renderProfileViews() {
  if (!state.profile) return;
  renderProfile();
  renderStyle();
  renderHistory();
}

function renderProfile() {
  const panel = clear($("panel-profile"));
  const p = state.profile;
  const total = SECTIONS.reduce((n, [key]) => n + p[key].length, 0);
  if (total === 0) {
    panel.append(
      el("p", { class: "muted" }, "Nothing learned yet: no preferences, facts or goals."),
    );
    return;
  }
  for (const [key, title, hint] of SECTIONS) {
    const items = p[key];
    panel.append(
      el(
        "section",
        { class: "group", "data-section": key, id: `section-${key}` },
        el("h2", {}, title, " ", el("span", { class: "count" }, String(items.length))),
        el("p", { class: "hint muted" }, hint),
        items.length
          ? el(
              "ul",
              { class: "memories" },
              items.map((item) => memoryRow(item.memory, item.confidence)),
            )
          : el("p", { class: "muted empty" }, "None."),
      ),
    );
  }
}

function polarityBadge(memory) {
  if (memory.polarity === null || memory.polarity === undefined || memory.polarity === 0) {
    return null;
  }
  const positive = memory.polarity > 0;
  return el(
    "span",
    {
      class: `polarity ${positive ? "pos" : "neg"}`,
      "data-testid": "polarity",
      title: positive ? "likes / wants" : "avoids / rejects",
    },
    positive ? "+" : "−",
  );
}

function memoryRow(memory, confidence) {
  const pinned = Boolean(memory.metadata && memory.metadata.pinned);
  const row = el("li", {
    class: "memory",
    "data-testid": "memory",
    "data-id": memory.id,
    "data-kind": memory.kind,
  });
  const text = el("span", { class: "memory-text", "data-testid": "memory-text" }, memory.text);
  const body = el(
    "div",
    { class: "memory-main" },
    polarityBadge(memory),
    text,
    el(
      "span",
      { class: "tags" },
      badge(memory.origin, memory.origin),
      pinned ? badge("pinned", "pinned") : null,
      memory.slot ? badge(memory.slot, "slot") : null,
    ),
  );
  const explainBox = el("div", { class: "explain", "data-testid": "explain", hidden: true });
  const actions = el(
    "div",
    { class: "actions" },
    el(
      "button",
      {
        type: "button",
        class: "ghost small",
        "data-action": "why",
        "aria-expanded": "false",
        onclick: (e) => toggleExplain(memory.id, explainBox, e.currentTarget),
      },
      "why?",
    ),
    el(
      "button",
      {
        type: "button",
        class: "ghost small",
        "data-action": "edit",
        onclick: () => startEdit(row, text, memory),
      },
      "Edit",
    ),
    el(
      "button",
      {
        type: "button",
        class: "ghost small",
        "data-action": "pin",
        "aria-pressed": String(pinned),
        title: pinned ? "Let it decay like other memories" : "Keep it from decaying",
        onclick: () => setPinned(memory, !pinned),
      },
      pinned ? "Unpin" : "Pin",
    ),
    el(
      "button",
      {
        type: "button",
        class: "ghost small danger",
        "data-action": "delete",
        onclick: (e) => confirmDelete(memory, e.currentTarget.parentElement),
      },
      "Delete",
    ),
  );
  append(row, [
    body,
    el("div", { class: "memory-side" }, confidenceBar(confidence), actions),
    explainBox,
  ]);
  if (state.openExplain.has(memory.id)) {
    toggleExplain(memory.id, explainBox, actions.querySelector("[data-action=why]"), true);
  }
  return row;
}

async function toggleExplain(memoryId, box, button, reopening = false) {
  if (!box.hidden) {
    box.hidden = true;
    button.setAttribute("aria-expanded", "false");
    state.openExplain.delete(memoryId);
    return;
  }
  state.openExplain.add(memoryId);
  box.hidden = false;
  button.setAttribute("aria-expanded", "true");
  clear(box).append(el("p", { class: "muted" }, "Loading the evidence…"));
  const why = await guarded(
    () => api("GET", userPath("memories", encodeURIComponent(memoryId), "explain")),
    { keepError: reopening },
  );
  if (!why) {
    box.hidden = true;
    state.openExplain.delete(memoryId);
    return;
  }
  append(clear(box), explanation(why));
}

function explanation(why) {
  const m = why.memory;
  const parts = [
    el(
      "p",
      { class: "explain-lead" },
      `Learned ${m.origin === "implicit" ? "implicitly" : "explicitly"} on ${when(m.created_at)}`,
      m.session ? ` in session “${m.session}”` : "",
      ` · stored confidence ${pct(m.confidence)}`,
      m.confirmed_at ? ` · last confirmed ${when(m.confirmed_at)}` : "",
      ".",
    ),
  ];
  if (why.events.length) {
    parts.push(
      el("h4", {}, "Evidence"),
      el("ul", { class: "evidence" }, why.events.map(eventItem)),
    );
  } else {
    parts.push(el("p", { class: "muted" }, "No evidence turns are stored (deleted or imported)."));
  }
  if (why.supersedes.length) {
    parts.push(
      el("h4", {}, "Replaced"),
      el(
        "ul",
        { class: "replaced" },
        why.supersedes.map((old) =>
          el(
            "li",
            {},
            el("s", {}, old.text),
            el("span", { class: "muted" }, ` · until ${when(old.valid_to)}`),
          ),
        ),
      ),
    );
  }
  if (why.superseded_by) {
    parts.push(
      el("h4", {}, "Replaced by"),
      el(
        "p",
        {},
        why.superseded_by.text,
        el("span", { class: "muted" }, ` · since ${when(why.superseded_by.valid_from)}`),
      ),
    );
  }
  return parts;
}

function eventItem(event) {
  return el(
    "li",
    { class: "event", "data-testid": "evidence-event", "data-id": event.id },
    el("span", { class: "event-when muted" }, when(event.ts)),
    el("span", { class: `role role-${event.role || "system"}` }, event.role || "system"),
    event.kind !== "turn" ? badge(event.kind, "kind") : null,
    el("span", { class: "event-text" }, eventText(event)),
  );
}

function eventText(event) {
  if (event.redacted) return "(redacted: deleted by the user)";
  const meta = event.metadata || {};
  if (event.kind === "edit") {
    if (event.text) return `edited “${meta.old_text ?? ""}” → “${event.text}”`;
    if (meta.pinned !== null && meta.pinned !== undefined) {
      return `${meta.pinned ? "pinned" : "unpinned"} “${meta.old_text ?? ""}”`;
    }
  }
  if (event.kind === "forget") return `deleted memory ${meta.memory_id ?? ""}`;
  if (event.kind === "feedback") {
    const bits = [];
    if (meta.reward !== undefined) bits.push(`reward ${meta.reward}`);
    if (meta.rating !== undefined) bits.push(`rating ${meta.rating}`);
    if (event.text) bits.push(event.text);
    return bits.length ? bits.join(" · ") : "feedback";
  }
  return event.text ?? "";
}

function startEdit(row, textNode, memory) {
  if (row.querySelector(".edit-form")) return;
  const input = el("input", {
    type: "text",
    class: "edit-input",
    "data-testid": "edit-input",
    "aria-label": "New text",
    value: memory.text,
  });
  const cancel = () => {
    form.replaceWith(textNode);
  };
  const form = el(
    "form",
    {
      class: "edit-form",
      onsubmit: async (e) => {
        e.preventDefault();
        const text = input.value.trim();
        if (!text || text === memory.text) return cancel();
        const saved = await guarded(() =>
          api("PATCH", userPath("memories", encodeURIComponent(memory.id)), { text }),
        );
        if (saved) say("Saved: the old text is kept in History.");
        await refreshProfile();
      },
      onkeydown: (e) => {
        if (e.key === "Escape") cancel();
      },
    },
    input,
    el("button", { type: "submit", class: "small", "data-action": "save" }, "Save"),
    el("button", { type: "button", class: "ghost small", onclick: cancel }, "Cancel"),
  );
  textNode.replaceWith(form);
  input.focus();
  input.select();
}

async function setPinned(memory, pinned) {
  const saved = await guarded(() =>
    api("PATCH", userPath("memories", encodeURIComponent(memory.id)), { pinned }),
  );
  if (saved) say(pinned ? "Pinned: it will not decay." : "Unpinned.");
  await refreshProfile();
}

function confirmDelete(memory, actions) {
  const original = [...actions.childNodes];
  const restore = () => actions.replaceChildren(...original);
  actions.replaceChildren(
    el("span", { class: "confirm-text" }, "Delete for good?"),
    el(
      "button",
      {
        type: "button",
        class: "small danger",
        "data-action": "confirm-delete",
        onclick: async () => {
          const done = await guarded(async () => {
            await api("DELETE", userPath("memories", encodeURIComponent(memory.id)));
            return true;
          });
          if (done) say("Deleted.");
          else restore();
          await refreshProfile(); // also drops a memory that was already gone (404)
        },
      },
      "Delete",
    ),
    el("button", { type: "button", class: "ghost small", onclick: restore }, "Cancel"),
  );
}

async function refreshProfile() {
  state.events = null;
  const keep = { keepError: true };
  await guarded(async () => {
    await loadProfile();
    renderProfileViews();
  }, keep);
  guarded(loadUsers, keep);
}

function renderStyle() {
  const panel = clear($("panel-style"));
  const params = state.profile.style;
  panel.append(
    el(
      "p",
      { class: "hint muted" },
      "How the user wants to be answered. Explicit requests move a parameter most of the way " +
        "at once; the user's own writing nudges it a little per turn.",
    ),
  );
  const list = el("ul", { class: "style-list" });
  for (const p of params) {
    const evidenceBox = el("div", { class: "explain", hidden: true });
    list.append(
      el(
        "li",
        { class: "style-param", "data-testid": "style-param", "data-name": p.name },
        el(
          "div",
          { class: "style-main" },
          el("span", { class: "style-name" }, p.name),
          styleValue(p),
        ),
        el(
          "div",
          { class: "memory-side" },
          confidenceBar(p.confidence),
          el(
            "div",
            { class: "actions" },
            p.evidence.length
              ? el(
                  "button",
                  {
                    type: "button",
                    class: "ghost small",
                    "data-action": "why",
                    onclick: () => toggleStyleEvidence(p, evidenceBox),
                  },
                  "why?",
                )
              : el(
                  "span",
                  { class: "muted small-text" },
                  p.confidence > 0 ? "" : "not learned yet",
                ),
          ),
        ),
        evidenceBox,
      ),
    );
  }
  panel.append(list);
}

function styleValue(p) {
  if (Array.isArray(p.value)) {
    return el(
      "span",
      { class: "style-value chips" },
      p.value.length
        ? p.value.map((term) => badge(term, "chip"))
        : el("span", { class: "muted" }, "—"),
    );
  }
  if (typeof p.value === "number") {
    const [low, high] = STYLE_SCALES[p.name] || ["−", "+"];
    const marker = el("span", { class: "scale-marker" });
    marker.style.left = pct((p.value + 1) / 2);
    return el(
      "span",
      { class: "style-value" },
      el("span", { class: "scale-end muted" }, low),
      el(
        "span",
        {
          class: "scale",
          role: "meter",
          "aria-label": `${p.name} from ${low} to ${high}`,
          "aria-valuemin": -1,
          "aria-valuemax": 1,
          "aria-valuenow": p.value.toFixed(2),
          title: p.value.toFixed(2),
        },
        marker,
      ),
      el("span", { class: "scale-end muted" }, high),
    );
  }
  return el(
    "span",
    { class: "style-value" },
    p.value ? badge(p.value, "chip") : el("span", { class: "muted" }, "—"),
  );
}

async function toggleStyleEvidence(param, box) {
  if (!box.hidden) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  clear(box).append(el("p", { class: "muted" }, "Loading the evidence…"));
  const events = await guarded(loadEvents);
  if (!events) {
    box.hidden = true;
    return;
  }
  const byId = new Map(events.map((e) => [e.id, e]));
  const found = param.evidence.map((id) => byId.get(id)).filter(Boolean);
  clear(box).append(
    el("h4", {}, `Evidence (latest ${param.evidence.length})`),
    found.length
      ? el("ul", { class: "evidence" }, found.reverse().map(eventItem))
      : el("p", { class: "muted" }, "The turns are no longer stored."),
  );
}

function renderHistory() {
  const panel = clear($("panel-history"));
  const p = state.profile;
  const history = [...p.history].sort((a, b) =>
    (b.valid_to || "").localeCompare(a.valid_to || ""),
  );
  panel.append(
    el(
      "p",
      { class: "hint muted" },
      "What used to be true: memories replaced by newer evidence or by an edit. Kept so that " +
        "every change can be explained.",
    ),
  );
  if (!history.length) {
    panel.append(el("p", { class: "muted empty" }, "Nothing has been superseded yet."));
    return;
  }
  const known = new Map();
  for (const item of [...p.constraints, ...p.preferences, ...p.facts, ...p.goals]) {
    known.set(item.memory.id, item.memory);
  }
  for (const m of p.history) known.set(m.id, m);
  const list = el("ul", { class: "memories history" });
  for (const m of history) {
    const explainBox = el("div", { class: "explain", "data-testid": "explain", hidden: true });
    const successor = m.superseded_by ? known.get(m.superseded_by) : null;
    list.append(
      el(
        "li",
        {
          class: "memory old",
          "data-testid": "history-item",
          "data-id": m.id,
          "data-kind": m.kind,
        },
        el(
          "div",
          { class: "memory-main" },
          polarityBadge(m),
          el("span", { class: "memory-text", "data-testid": "memory-text" }, m.text),
          el("span", { class: "tags" }, badge(m.kind, "kind"), badge(m.origin, m.origin)),
        ),
        el(
          "div",
          { class: "memory-side" },
          el(
            "div",
            { class: "period muted" },
            `${when(m.valid_from)} → ${when(m.valid_to)}`,
          ),
          el(
            "div",
            { class: "actions" },
            el(
              "button",
              {
                type: "button",
                class: "ghost small",
                "data-action": "why",
                onclick: (e) => toggleExplain(m.id, explainBox, e.currentTarget),
              },
              "why?",
            ),
          ),
        ),
        successor
          ? el("div", { class: "successor" }, "replaced by ", el("strong", {}, successor.text))
          : m.superseded_by
            ? el("div", { class: "successor muted" }, "replaced by a deleted memory")
            : null,
        explainBox,
      ),
    );
  }
  panel.append(list);
}

// -- timeline --------------------------------------------------------------------------------

function renderTimeline() {
  if (!state.events) return; // the user changed while loading
  const panel = clear($("panel-timeline"));
  const groups = new Map();
  for (const event of state.events) {
    const key = event.session ?? "";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(event);
  }
  const sessions = [...groups.entries()].map(([session, events]) => {
    events.sort((a, b) => a.ts.localeCompare(b.ts));
    return { session, events, first: events[0].ts, last: events[events.length - 1].ts };
  });
  sessions.sort((a, b) => b.last.localeCompare(a.last));
  if (!sessions.length) {
    panel.append(el("p", { class: "muted empty" }, "No events."));
    return;
  }
  panel.append(
    el(
      "p",
      { class: "hint muted" },
      `${state.events.length} events in ${sessions.length} sessions, newest session first.`,
    ),
  );
  for (const s of sessions) {
    const turns = s.events.filter((e) => e.kind === "turn").length;
    panel.append(
      el(
        "section",
        { class: "session", "data-testid": "session", "data-session": s.session },
        el(
          "header",
          { class: "session-head" },
          el("h3", {}, s.session ? s.session : "(no session)"),
          el(
            "span",
            { class: "muted" },
            `${when(s.first)} – ${when(s.last)} · ${turns} turns`,
            s.events.length > turns ? ` · ${s.events.length - turns} other events` : "",
          ),
        ),
        el("ul", { class: "evidence timeline" }, s.events.map(eventItem)),
      ),
    );
  }
}

// -- search ----------------------------------------------------------------------------------

async function runSearch(e) {
  e.preventDefault();
  const query = $("search-query").value.trim();
  if (!query) return;
  const kind = $("search-kind").value;
  const body = {
    query,
    k: Number($("search-k").value),
    include_history: $("search-history").checked,
  };
  if (kind) body.kinds = [kind];
  const box = clear($("search-results"));
  box.append(el("p", { class: "muted" }, "Searching…"));
  const result = await guarded(() => api("POST", userPath("recall"), body));
  clear(box);
  if (!result) return;
  if (!result.hits.length) {
    box.append(el("p", { class: "muted empty" }, "Nothing recalled."));
    return;
  }
  const top = Math.max(...result.hits.map((h) => h.score), 1e-9);
  box.append(
    el(
      "ol",
      { class: "hits" },
      result.hits.map((hit, i) => searchHit(hit, i, top)),
    ),
  );
}

function searchHit(hit, index, top) {
  const m = hit.memory;
  const scoreBar = el("div", { class: "bar-fill high" });
  scoreBar.style.width = pct(hit.score / top);
  return el(
    "li",
    { class: "hit", "data-testid": "hit", "data-id": m.id, "data-kind": m.kind },
    el(
      "div",
      { class: "hit-head" },
      el("span", { class: "rank muted" }, `#${index + 1}`),
      polarityBadge(m),
      el("span", { class: "memory-text" }, m.text),
      el(
        "span",
        { class: "tags" },
        badge(m.kind, "kind"),
        m.valid_to ? badge("superseded", "old") : null,
      ),
      el("span", { class: "score", title: "total score" }, hit.score.toFixed(3)),
    ),
    el("div", { class: "bar score-bar" }, scoreBar),
    el(
      "table",
      { class: "breakdown", "data-testid": "breakdown" },
      el("tr", {}, BREAKDOWN.map((name) => el("th", {}, name))),
      el(
        "tr",
        {},
        BREAKDOWN.map((name) => {
          const v = hit.breakdown[name] ?? 0;
          return el("td", { class: v < 0 ? "neg" : v > 0 ? "pos" : "" }, v.toFixed(3));
        }),
      ),
    ),
    m.kind !== "episodic" && hit.evidence.length
      ? el("ul", { class: "evidence compact" }, hit.evidence.map(eventItem))
      : null,
  );
}

// -- export ----------------------------------------------------------------------------------

async function downloadExport() {
  const text = await guarded(() => api("GET", userPath("export"), undefined, { raw: true }));
  if (text === undefined) return;
  const lines = text.split("\n").filter((l) => l.trim());
  const counts = {};
  for (const line of lines) {
    try {
      const record = JSON.parse(line);
      const type = record.type || record.record || "record";
      counts[type] = (counts[type] || 0) + 1;
    } catch {
      counts.unparsable = (counts.unparsable || 0) + 1;
    }
  }
  const blob = new Blob([text], { type: "application/x-ndjson" });
  const url = URL.createObjectURL(blob);
  const safeName = state.user.replace(/[^A-Za-z0-9._-]+/g, "_") || "user";
  const link = el("a", { href: url, download: `personify-${safeName}.jsonl`, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  const summary = Object.entries(counts)
    .map(([type, n]) => plural(n, type))
    .join(", ");
  $("export-summary").textContent = `Downloaded ${lines.length} lines (${summary}).`;
}

// -- wiring ----------------------------------------------------------------------------------

function init() {
  $("login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const key = $("api-key").value.trim();
    if (key) signIn(key);
  });
  $("sign-out").addEventListener("click", signOut);
  $("error-close").addEventListener("click", hideError);
  $("user-filter").addEventListener("input", renderUsers);
  $("refresh").addEventListener("click", reloadCurrent);
  for (const name of TABS) {
    $(`tab-${name}`).addEventListener("click", () => state.user && showTab(name));
  }
  $("search-form").addEventListener("submit", runSearch);
  $("export-download").addEventListener("click", downloadExport);
  document.body.dataset.ready = "true";

  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    signIn(saved);
  } else {
    $("login").hidden = false;
    $("api-key").focus();
  }
}

init();
