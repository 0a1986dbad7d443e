// Shields-style flat SVG badges ("label | status") for a page or a component, readable by screen
// readers (<title>, role=img) and coloured by status with text contrast that meets WCAG AA.
import { BADGE_COLOURS, type Tone } from './presentation.js';
import { xmlCharacters, xmlText } from './xml-text.js';

const LABEL_COLOUR = '#555';
const MAX_TEXT = 48;
const PADDING = 6;

// Advance widths of Verdana at 11px (the badge font), coarse per character class; the SVG also
// sets textLength, so a wrong guess changes spacing a little, never overflows.
function charWidth(char: string): number {
  if (' '.includes(char)) return 3.9;
  if ("iljI.,:;|!'`".includes(char)) return 3.3;
  if ('ftr()[]{}/\\-'.includes(char)) return 4.6;
  if ('mwMW%@'.includes(char)) return 10.2;
  if (/[A-Z]/.test(char)) return 7.6;
  if (/[0-9]/.test(char)) return 7;
  if (/[a-z]/.test(char)) return 6.6;
  return 7.4;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return Math.ceil(width);
}

function shorten(text: string): string {
  const chars = [...xmlCharacters(text).replace(/\s+/g, ' ').trim()];
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT - 1).join('')}…` : chars.join('');
}

export interface BadgeInput {
  label: string;
  message: string;
  tone: Tone;
}

export function renderBadge(input: BadgeInput): string {
  const label = shorten(input.label) || 'status';
  const message = shorten(input.message);
  const labelText = textWidth(label);
  const messageText = textWidth(message);
  const labelWidth = labelText + PADDING * 2;
  const messageWidth = messageText + PADDING * 2;
  const width = labelWidth + messageWidth;
  const colour = BADGE_COLOURS[input.tone];
  const title = xmlText(`${label}: ${message}`);
  const text = (value: string, centre: number, length: number): string =>
    `<text x="${centre}" y="15" fill="#010101" fill-opacity=".3" textLength="${length}" lengthAdjust="spacingAndGlyphs" aria-hidden="true">${xmlText(value)}</text>` +
    `<text x="${centre}" y="14" textLength="${length}" lengthAdjust="spacingAndGlyphs">${xmlText(value)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${title}">`,
    `<title>${title}</title>`,
    `<linearGradient id="shine" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="round"><rect width="${width}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#round)">`,
    `<rect width="${labelWidth}" height="20" fill="${LABEL_COLOUR}"/>`,
    `<rect x="${labelWidth}" width="${messageWidth}" height="20" fill="${colour}"/>`,
    `<rect width="${width}" height="20" fill="url(#shine)"/>`,
    `</g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="11">`,
    text(label, labelWidth / 2, labelText),
    text(message, labelWidth + messageWidth / 2, messageText),
    `</g>`,
    `</svg>`,
  ].join('');
}
