/** XML text helpers shared by the Office Open XML writers. */

export const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * What XML 1.0 forbids: C0 controls other than tab, LF and CR; U+FFFE and U+FFFF; surrogate code
 * units that are not part of a pair.
 */
const FORBIDDEN = new RegExp(
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]' +
    '|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
  'g',
);
const TEXT_SPECIAL = /[&<>]/g;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const entity = (ch: string): string => ENTITIES[ch] ?? ch;

/** `text` without the characters XML 1.0 cannot carry. */
export function stripInvalidXmlChars(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Element content: invalid characters dropped, `& < >` escaped. */
export function xmlText(text: string): string {
  return stripInvalidXmlChars(text).replace(TEXT_SPECIAL, entity);
}

/** A double-quoted attribute value: as `xmlText`, plus `"` and whitespace kept as references. */
export function xmlAttr(text: string): string {
  return stripInvalidXmlChars(text).replace(ATTRIBUTE_SPECIAL, entity);
}
