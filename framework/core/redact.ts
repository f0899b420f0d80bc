/**
 * Secret redaction. Secret values are registered when the config reads them from the
 * environment; any string that contains one is masked before it is logged or printed.
 * Keys that look like secrets are masked whatever their value.
 */
const SECRET_KEY_RE = /(secret|password|passphrase|api_?key|private_?key|token|uid)$/i;
const MASK = '***';
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  // Very short values would mask ordinary words; exchanges' keys are far longer.
  if (value && value.length >= 4) knownSecrets.add(value);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key);
}

export function redactString(s: string): string {
  let out = s;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** A deep copy of `value` with secret keys and registered secret values masked. */
export function redact<T>(value: T): T {
  return redactValue(value, '') as T;
}

function redactValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') return isSecretKey(key) && value !== '' ? MASK : redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, ''));
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v != null && v !== '' ? MASK : redactValue(v, k);
    }
    return out;
  }
  return value;
}
