// A client of `empower serve` that does exactly what the paper's study editor (tab_frontend) does
// in its renderer: POST the prefix as a one-element JSON array, then slice the suggestion off the
// answer after the prefix. Usage:
//   node tab_frontend_client.mjs URL ask PREFIX          → {"status", "suggestion"}
//   node tab_frontend_client.mjs URL abort PREFIX MS     → aborts the request after MS milliseconds
const [url, mode, prefix, abortMs] = process.argv.slice(2);

async function ask(signal) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([prefix]),
    signal,
  });
  const raw = await res.text();
  if (!res.ok) return { status: res.status, body: raw };
  return { status: res.status, suggestion: String(JSON.parse(raw)[0]).slice(prefix.length) };
}

try {
  if (mode === 'ask') {
    console.log(JSON.stringify(await ask(undefined)));
  } else if (mode === 'abort') {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), Number(abortMs));
    try {
      const answer = await ask(controller.signal);
      console.log(JSON.stringify({ aborted: false, ...answer }));
    } catch (e) {
      console.log(JSON.stringify({ aborted: e.name === 'AbortError', error: String(e) }));
    }
  } else {
    throw new Error('mode must be ask or abort');
  }
} catch (e) {
  console.error(String(e));
  process.exit(1);
}
