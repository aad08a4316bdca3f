// Escaping for every text sink the reports write into: XML/HTML text and attributes, and URLs in links.
// All report text passes through here; hostile labels (`<script>`, `"&`) come out inert.

/** Characters that XML 1.0 forbids outright (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters that are not allowed in XML with U+FFFD so the output is always well-formed. */
function stripForbidden(text: string): string {
  return text.replace(XML_FORBIDDEN, '\uFFFD');
}

/** Escapes text for XML/HTML element content and for double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return stripForbidden(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Schemes a report link may use. Anything else (javascript:, data:, file:, …) is replaced by `#`. */
const SAFE_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

/**
 * Returns `href` if it is a relative reference, a fragment, or uses a safe scheme; `#` otherwise.
 * Reports link to sibling files (`matrix.md`, `scenarios/x.json`), so relative paths are the common case.
 */
export function safeHref(href: string): string {
  const trimmed = href.trim();
  if (trimmed === '') return '#';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001F\u007F\\]/.test(trimmed)) return '#';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed);
  if (scheme === null) return trimmed;
  const name = `${(scheme[1] ?? '').toLowerCase()}:`;
  return (SAFE_SCHEMES as readonly string[]).includes(name) ? trimmed : '#';
}

/** Makes a string usable as an XML id / URL fragment: ASCII letters, digits, `-` and `_`, never empty. */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return /^[a-z]/.test(s) ? s : `s-${s}`;
}
