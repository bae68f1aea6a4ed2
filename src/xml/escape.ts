// XML escaping for the serializer. Text escapes & < > and CR; attribute values also " ' and TAB LF CR.
// CR is written as a character reference because a parser turns a raw CR (or CR LF) into LF ([XML] §2.11).
// Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF)
// cannot be written at all: they are replaced by U+FFFD so a stanza we emit is always well-formed.

// [XML 1.0] §2.2 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const INVALID_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"'\t\n\r]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;',
  '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

export function hasInvalidXmlChars(s: string): boolean {
  INVALID_CHARS.lastIndex = 0;
  return INVALID_CHARS.test(s);
}

export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_CHARS, '\uFFFD');
}

export function escapeText(s: string): string {
  return stripInvalidXmlChars(s).replace(TEXT_SPECIAL, (c) => ENTITIES[c]!);
}

export function escapeAttr(s: string): string {
  return stripInvalidXmlChars(s).replace(ATTR_SPECIAL, (c) => ENTITIES[c]!);
}
