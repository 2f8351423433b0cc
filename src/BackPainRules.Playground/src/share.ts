// Share: the rule text (or the served file it came from, unchanged) and the answers in the page's URL
// fragment, so a link reproduces the case. The fragment never reaches the server.
import type { Answers } from './form';

export interface SharedState {
  /** The served file the text came from (its path as the file list gives it). */
  file?: string;
  /** The rule text, when it differs from the file (or there is none). */
  text?: string;
  answers: Answers;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The URL fragment (without '#') for a state: UTF-8 JSON, base64url-encoded. */
export function encodeState(state: SharedState): string {
  const json = JSON.stringify({ f: state.file, t: state.text, a: state.answers });
  return 's=' + toBase64Url(new TextEncoder().encode(json));
}

/** The state in a URL fragment, or null when it holds none or cannot be read. */
export function decodeState(fragment: string): SharedState | null {
  const match = /(?:^#?|&)s=([A-Za-z0-9_-]+)/.exec(fragment);
  if (!match) return null;
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(match[1])));
    if (typeof value !== 'object' || value === null) return null;
    const answers: Answers = {};
    if (typeof value.a === 'object' && value.a !== null) {
      for (const [k, v] of Object.entries(value.a)) {
        if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' ||
          (Array.isArray(v) && v.every((x) => typeof x === 'string'))) answers[k] = v as Answers[string];
      }
    }
    return {
      file: typeof value.f === 'string' ? value.f : undefined,
      text: typeof value.t === 'string' ? value.t : undefined,
      answers,
    };
  } catch {
    return null;
  }
}
