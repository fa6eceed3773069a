// Mail for the browser tests: a real SMTP server (tests/support/smtp_sink.py, aiosmtpd under
// Debian's python3) that writes every message it accepts to a directory, and a small reader of
// what it wrote: headers, the text/plain body (quoted-printable, base64, 8bit), RFC 2047 words.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const sinkScript = fileURLToPath(new URL('../support/smtp_sink.py', import.meta.url));

// Starts the sink on a free port of 127.0.0.1. Resolves to { port, directory, stop() } once it
// printed "listening on PORT" (within 10 seconds), or rejects with what it wrote on stderr.
export function startSink() {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'embargo-e2e-smtp-'));
  const child = spawn('/usr/bin/python3', [sinkScript, directory],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const fail = async (why) => {
      clearTimeout(timer);
      await stop();
      reject(new Error(`the SMTP sink did not start (${why}): ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail('no "listening on PORT" in 10 seconds'), 10_000);
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = /listening on (\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), directory, stop });
      }
    });
    child.once('exit', (code, signal) => {
      if (!/listening on \d+/.test(stdout)) fail(`it exited with ${code ?? signal}`);
    });
  });
}

function decodeQuotedPrintable(text) {
  const soft = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// RFC 2047 encoded words (=?utf-8?Q?...?= and =?utf-8?B?...?=) in a header value.
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, charset, encoding, text) =>
      (encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' '))));
}

// Splits one MIME entity into its headers (lower-case names, the first of each, unfolded,
// decoded) and its decoded text/plain body: the first text/plain part of a multipart.
function parseEntity(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const content = end < 0 ? '' : text.slice(end + 2);
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= decodeWords(line.slice(colon + 1).trim());
  }
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'])?.[1];
    const parts = content.split(`--${boundary}`).slice(1, -1).map((p) => parseEntity(p.replace(/^\n/, '')));
    const plain = parts.find((p) => p.body !== undefined);
    return { headers, body: plain?.body };
  }
  if (!type.startsWith('text/plain')) return { headers, body: undefined };
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const body = encoding === 'quoted-printable' ? decodeQuotedPrintable(content)
             : encoding === 'base64' ? Buffer.from(content, 'base64').toString('utf8')
             : content;
  return { headers, body };
}

// Every message the sink holds, in the order it received them: { name, raw, headers, body,
// envelope: { mail_from, rcpt_tos } }.
export function messages(directory) {
  return readdirSync(directory)
    .filter((f) => /^\d{4}\.eml$/.test(f))
    .sort()
    .map((f) => {
      const raw = readFileSync(path.join(directory, f), 'utf8');
      const json = path.join(directory, f.replace(/\.eml$/, '.json'));
      const envelope = existsSync(json) ? JSON.parse(readFileSync(json, 'utf8')) : {};
      return { name: f, raw, envelope, ...parseEntity(raw) };
    });
}

// The first message of the sink for which `matches` holds, waiting for it up to `seconds`
// (checked every 200 ms). Fails with a list of what did arrive.
export async function waitForMail(directory, what, matches, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const all = messages(directory);
    const found = all.find(matches);
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = all.map((m) => `${m.name} to ${m.envelope.rcpt_tos}: ${m.headers.subject}`);
      throw new Error(`no ${what} in ${seconds} s; the sink holds: ${seen.join('; ') || 'nothing'}`);
    }
    await sleep(200);
  }
}
