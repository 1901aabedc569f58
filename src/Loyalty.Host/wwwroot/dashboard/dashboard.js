// The live dashboard page: a key and a scope choose what to watch; the last 15 minutes come from
// GET .../live, then the hub pushes a tick per second and each checkout. No framework: one file, no build.
(() => {
  "use strict";

  const WINDOW_SECONDS = 15 * 60;
  const BUCKET_SECONDS = 10;
  const RECENT_MAX = 20;
  const KEY_STORAGE = "loyalty.dashboard.key";
  const SCOPE_STORAGE = "loyalty.dashboard.scope";
  const INITIAL_TITLE = document.title;

  const $ = (id) => document.getElementById(id);
  const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const moneyShort = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat("en-US");
  const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
  // The big figure must fit its tile at a glance: cents only for small sums, then whole yuan, then 123.5K.
  const bigMoney = (v) => "¥" + (v < 1000 ? money.format(v) : v < 100000 ? moneyShort.format(v) : compact.format(v));
  const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  const state = {
    key: null,
    scope: null,        // "chain" or a store id
    viewer: null,       // { role, storeId, mayWatchChain }
    ticks: new Map(),   // epoch second -> tick
    recent: [],         // newest first
    connection: null,
    generation: 0,      // bumps on every (re)open so stale callbacks are ignored
  };

  // ---------- status and messages ----------

  function setStatus(kind, text) {
    const el = $("status");
    el.className = `status status-${kind}`;
    el.dataset.state = kind;
    $("status-text").textContent = text;
  }

  function showMessage(text) {
    const el = $("message");
    el.textContent = text || "";
    el.hidden = !text;
  }

  // ---------- HTTP ----------

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { "X-Api-Key": state.key, "Accept": "application/json", ...(options.headers || {}) },
    });
    if (!response.ok) {
      const error = new Error(`HTTP ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  function refusal(status) {
    if (status === 401) return "This API key is not known. Check the key and try again.";
    if (status === 403) return "This key may not open this dashboard. Dashboards are for store managers (their own store) and admins; clerk keys cannot open them.";
    return "The engine did not answer. It will be retried.";
  }

  // ---------- figures ----------

  const secondOf = (iso) => Math.floor(Date.parse(iso) / 1000);

  function addTick(tick) {
    state.ticks.set(secondOf(tick.at), tick);
    const oldest = Math.floor(Date.now() / 1000) - WINDOW_SECONDS - 5;
    for (const second of state.ticks.keys()) {
      if (second < oldest) state.ticks.delete(second);
    }
  }

  function sum(fromSecond, field) {
    let total = 0;
    for (const [second, tick] of state.ticks) {
      if (second >= fromSecond) total += tick[field];
    }
    return total;
  }

  function setValue(id, text) {
    const el = $(id);
    if (el.textContent !== text) {
      el.textContent = text;
      el.classList.remove("flash");
      void el.offsetWidth; // restart the animation
      el.classList.add("flash");
    }
  }

  function renderFigures() {
    const now = latestSecond();
    const minuteAgo = now - 59;
    const windowStart = now - WINDOW_SECONDS + 1;
    setValue("kpi-rate", count.format(sum(minuteAgo, "checkouts")));
    setValue("kpi-sales", bigMoney(sum(windowStart, "sales")));
    setValue("kpi-earned", sum(windowStart, "pointsEarned") < 1000000 ? count.format(sum(windowStart, "pointsEarned")) : compact.format(sum(windowStart, "pointsEarned")));
    setValue("kpi-redeemed", count.format(sum(windowStart, "pointsRedeemed")));
    setValue("kpi-members", count.format(sum(windowStart, "newMembers")));
    setValue("kpi-upgrades", count.format(sum(windowStart, "tierUpgrades")));
    $("kpi-rate-sub").textContent = `last 60 s · ${count.format(sum(windowStart, "checkouts"))} in 15 min`;
    $("kpi-sales-sub").textContent = `last 15 min · ¥${moneyShort.format(sum(minuteAgo, "sales"))} last min`;
    $("kpi-earned-sub").textContent = `last 15 min · ${count.format(sum(minuteAgo, "pointsEarned"))} last min`;
    $("kpi-redeemed-sub").textContent = `last 15 min · ${count.format(sum(minuteAgo, "pointsRedeemed"))} last min`;
    $("kpi-members-sub").textContent = `last 15 min · ${count.format(sum(minuteAgo, "newMembers"))} last min`;
    $("kpi-upgrades-sub").textContent = `last 15 min · ${count.format(sum(minuteAgo, "tierUpgrades"))} last min`;
    renderChart(now);
  }

  function latestSecond() {
    // The server's clock decides: the newest tick, or now when none came yet.
    let latest = 0;
    for (const second of state.ticks.keys()) latest = Math.max(latest, second);
    return latest || Math.floor(Date.now() / 1000) - 1;
  }

  // ---------- chart ----------

  let chart = null;

  function ensureChart() {
    if (chart || typeof Chart === "undefined") return chart;
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue("--accent").trim();
    const accent2 = css.getPropertyValue("--accent-2").trim();
    const grid = css.getPropertyValue("--line").trim();
    const muted = css.getPropertyValue("--muted").trim();
    chart = new Chart($("chart"), {
      data: {
        labels: [],
        datasets: [
          { type: "bar", label: "Sales", data: [], backgroundColor: accent, borderRadius: 3, yAxisID: "sales", order: 2 },
          { type: "line", label: "Checkouts", data: [], borderColor: accent2, backgroundColor: accent2, pointRadius: 0, borderWidth: 2, tension: .3, yAxisID: "checkouts", order: 1 },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => c.dataset.yAxisID === "sales" ? ` Sales ¥${money.format(c.parsed.y)}` : ` Checkouts ${c.parsed.y}` } } },
        scales: {
          x: { grid: { display: false }, ticks: { color: muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          sales: { position: "left", beginAtZero: true, grid: { color: grid }, ticks: { color: muted, callback: (v) => "¥" + moneyShort.format(v) } },
          checkouts: { position: "right", beginAtZero: true, grid: { display: false }, ticks: { color: muted, precision: 0 } },
        },
      },
    });
    return chart;
  }

  function renderChart(now) {
    if (!ensureChart()) return;
    const buckets = WINDOW_SECONDS / BUCKET_SECONDS;
    const lastBucketStart = now - (now % BUCKET_SECONDS);
    const labels = [];
    const sales = [];
    const checkouts = [];
    for (let i = buckets - 1; i >= 0; i--) {
      const start = lastBucketStart - i * BUCKET_SECONDS;
      let s = 0;
      let c = 0;
      for (let second = start; second < start + BUCKET_SECONDS; second++) {
        const tick = state.ticks.get(second);
        if (tick) { s += tick.sales; c += tick.checkouts; }
      }
      labels.push(clock.format(new Date(start * 1000)));
      sales.push(Math.round(s * 100) / 100);
      checkouts.push(c);
    }
    chart.data.labels = labels;
    chart.data.datasets[0].data = sales;
    chart.data.datasets[1].data = checkouts;
    chart.update("none");
  }

  // ---------- recent checkouts ----------

  function addCheckout(checkout, fresh) {
    if (state.recent.some((c) => c.checkoutId === checkout.checkoutId)) return;
    state.recent.unshift(checkout);
    state.recent.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    state.recent.length = Math.min(state.recent.length, RECENT_MAX);
    renderRecent(fresh ? checkout.checkoutId : null);
  }

  function renderRecent(freshId) {
    const list = $("recent");
    list.replaceChildren();
    if (state.recent.length === 0) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = "No checkouts yet";
      list.append(li);
    }
    for (const c of state.recent) {
      const li = document.createElement("li");
      li.dataset.checkoutId = c.checkoutId;
      if (c.checkoutId === freshId) li.className = "new";
      const time = document.createElement("span");
      time.className = "time";
      time.textContent = clock.format(new Date(c.at));
      const id = document.createElement("span");
      id.className = "id";
      id.textContent = c.checkoutId;
      const meta = document.createElement("span");
      meta.className = "meta";
      const tier = document.createElement("span");
      tier.className = `tier tier-${c.tier}`;
      tier.textContent = c.tier;
      const store = document.createElement("span");
      store.textContent = c.storeId;
      meta.append(store, tier);
      const amount = document.createElement("span");
      amount.className = "amount";
      amount.textContent = "¥" + money.format(c.amount);
      li.append(time, id, meta, amount);
      list.append(li);
    }
    $("recent-count").textContent = state.recent.length ? `latest ${state.recent.length}` : "";
  }

  // ---------- live connection ----------

  const livePath = () => state.scope === "chain" ? "/api/v1/chain/live" : `/api/v1/stores/${encodeURIComponent(state.scope)}/live`;

  async function loadSnapshot() {
    const snapshot = await api(livePath());
    for (const tick of snapshot.ticks) addTick(tick);
    for (const checkout of [...snapshot.recentCheckouts].reverse()) addCheckout(checkout, false);
    renderFigures();
  }

  async function subscribe(connection) {
    if (state.scope === "chain") await connection.invoke("SubscribeChain");
    else await connection.invoke("SubscribeStore", state.scope);
  }

  // Retry forever: a back-office screen is left alone for hours; back off to 10 s.
  const retryPolicy = { nextRetryDelayInMilliseconds: (ctx) => Math.min(10000, [0, 1000, 2000, 5000][ctx.previousRetryCount] ?? 10000) };

  async function openLive() {
    const generation = ++state.generation;
    if (state.connection) {
      const old = state.connection;
      state.connection = null;
      await old.stop().catch(() => {});
    }
    const connection = new signalR.HubConnectionBuilder()
      // Negotiate is plain HTTP and takes the X-Api-Key header; the WebSocket cannot carry headers from a
      // browser, so the client puts the key in the access_token query there.
      .withUrl("/hubs/dashboard", { headers: { "X-Api-Key": state.key }, accessTokenFactory: () => state.key })
      .withAutomaticReconnect(retryPolicy)
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    state.connection = connection;
    connection.on("tick", (tick) => {
      if (generation !== state.generation) return;
      addTick(tick);
      renderFigures();
    });
    connection.on("checkout", (checkout) => {
      if (generation !== state.generation) return;
      addCheckout(checkout, true);
    });
    connection.onreconnecting(() => generation === state.generation && setStatus("reconnecting", "Reconnecting…"));
    connection.onreconnected(async () => {
      if (generation !== state.generation) return;
      try {
        // Groups do not survive a reconnect; the snapshot fills the seconds that were missed.
        await subscribe(connection);
        await loadSnapshot();
        setStatus("live", "Live");
      } catch (error) {
        setStatus("down", "Disconnected");
      }
    });
    connection.onclose(() => {
      if (generation !== state.generation) return;
      setStatus("down", "Disconnected · retrying");
      setTimeout(() => generation === state.generation && startLive(connection, generation), 5000);
    });
    await startLive(connection, generation);
  }

  async function startLive(connection, generation) {
    setStatus("reconnecting", "Connecting…");
    try {
      await connection.start();
      await subscribe(connection);
      await loadSnapshot();
      if (generation === state.generation) setStatus("live", "Live");
    } catch (error) {
      if (generation !== state.generation) return;
      const status = error.statusCode || error.status;
      if (status === 401 || status === 403) {
        showMessage(refusal(status));
        setStatus("down", "Refused");
        await connection.stop().catch(() => {});
        return;
      }
      if (/may not|Only an admin/.test(String(error.message))) {
        showMessage(error.message.replace(/^.*HubException: /, ""));
        setStatus("down", "Refused");
        await connection.stop().catch(() => {});
        return;
      }
      setStatus("down", "Disconnected · retrying");
      setTimeout(() => generation === state.generation && connection.state === "Disconnected" && startLive(connection, generation), 5000);
    }
  }

  // ---------- form ----------

  function chosenScope() {
    const choice = $("scope-select").value;
    return choice === "other" ? $("other-store").value.trim() : choice;
  }

  function describeScope() {
    const title = state.scope === "chain" ? "Whole chain" : `Store ${state.scope}`;
    $("scope-title").textContent = title;
    const who = state.viewer.role === "admin" ? "admin" : `manager of ${state.viewer.storeId}`;
    $("scope-subtitle").textContent = `Live · checkouts, sales and members · signed in as ${who}`;
    document.title = `${title} · Live dashboard`;
  }

  async function open(event) {
    event?.preventDefault();
    showMessage("");
    state.key = $("api-key").value.trim();
    if (!state.key) return;
    let viewer;
    try {
      viewer = await api("/api/v1/live/me");
    } catch (error) {
      showMessage(refusal(error.status));
      setStatus("down", error.status === 401 || error.status === 403 ? "Refused" : "Disconnected");
      await stopLive();
      if (error.status === 401 || error.status === 403) forget();
      return;
    }
    // Per tab and gone when the tab closes: a shared back-office screen does not keep a key for the next person.
    sessionStorage.setItem(KEY_STORAGE, state.key);
    state.viewer = viewer;
    let scope = chosenScope();
    if (viewer.role === "manager" && scope !== viewer.storeId) {
      // A manager sees only their own store: choose it for them instead of failing.
      scope = viewer.storeId;
      selectScope(scope);
    }
    if (!scope) {
      showMessage("Enter a store id.");
      return;
    }
    localStorage.setItem(SCOPE_STORAGE, scope);
    state.scope = scope;
    state.ticks.clear();
    state.recent = [];
    renderRecent(null);
    describeScope();
    renderFigures();
    await refreshSimulator();
    await openLive();
  }

  // A refused key: nothing of the previous store may stay on screen, in the title or in storage.
  function forget() {
    sessionStorage.removeItem(KEY_STORAGE);
    state.key = null;
    state.scope = null;
    state.viewer = null;
    state.ticks.clear();
    state.recent = [];
    renderRecent(null);
    $("scope-title").textContent = "Live dashboard";
    $("scope-subtitle").textContent = "Enter a manager or admin key to start";
    document.title = INITIAL_TITLE;
    $("simulator-button").hidden = true;
  }

  async function stopLive() {
    state.generation++;
    if (state.connection) {
      const old = state.connection;
      state.connection = null;
      await old.stop().catch(() => {});
    }
  }

  function selectScope(scope) {
    const select = $("scope-select");
    if ([...select.options].some((o) => o.value === scope && o.value !== "other")) {
      select.value = scope;
      $("other-store-field").hidden = true;
    } else {
      select.value = "other";
      $("other-store").value = scope;
      $("other-store-field").hidden = false;
    }
  }

  // ---------- simulator (admin) ----------

  async function refreshSimulator() {
    const button = $("simulator-button");
    if (!state.viewer || state.viewer.role !== "admin") {
      button.hidden = true;
      return;
    }
    try {
      renderSimulator(await api("/api/v1/simulator"));
    } catch {
      button.hidden = true;
    }
  }

  function renderSimulator(status) {
    const button = $("simulator-button");
    button.hidden = !status.available;
    button.dataset.running = String(status.running);
    button.classList.toggle("running", status.running);
    button.textContent = status.running ? "Stop demo traffic" : `Start demo traffic (${status.checkoutsPerSecond}/s)`;
  }

  async function toggleSimulator() {
    const button = $("simulator-button");
    button.disabled = true;
    try {
      const running = button.dataset.running === "true";
      renderSimulator(await api(`/api/v1/simulator/${running ? "stop" : "start"}`, { method: "POST" }));
    } catch (error) {
      showMessage(`The simulator could not be switched (${error.message}).`);
    } finally {
      button.disabled = false;
    }
  }

  // ---------- start ----------

  $("connect-form").addEventListener("submit", open);
  $("scope-select").addEventListener("change", () => { $("other-store-field").hidden = $("scope-select").value !== "other"; });
  $("simulator-button").addEventListener("click", toggleSimulator);
  // Keep the "last minute" figures sliding even in quiet seconds without ticks (e.g. while reconnecting).
  setInterval(() => state.scope && renderFigures(), 5000);

  const params = new URLSearchParams(location.search);
  // Keys were kept in localStorage before; drop any left there.
  localStorage.removeItem(KEY_STORAGE);
  const savedKey = sessionStorage.getItem(KEY_STORAGE);
  const savedScope = params.get("store") || (params.has("chain") ? "chain" : null) || localStorage.getItem(SCOPE_STORAGE);
  if (savedScope) selectScope(savedScope);
  renderRecent(null);
  if (savedKey) {
    $("api-key").value = savedKey;
    open();
  }
})();
