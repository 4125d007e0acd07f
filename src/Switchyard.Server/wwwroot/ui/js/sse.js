// Reads a server-sent-events body as it arrives (fetch + ReadableStream), one data payload at a time.

/** Calls `onData(text)` for each event's data, in order, until the body ends or `[DONE]` comes. */
export async function readEvents(body, onData) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value || new Uint8Array(), { stream: !done });
    // Events end with a blank line; a partial event waits for the next read.
    let end;
    while ((end = buffered.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = event.split(/\r?\n/).filter((line) => line.startsWith('data:')).map((line) => line.slice(5).replace(/^ /, '')).join('\n');
      if (!data) continue;
      if (data === '[DONE]') { reader.cancel().catch(() => {}); return; }
      onData(data);
    }
    if (done) return;
  }
}
