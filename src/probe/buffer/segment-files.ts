// On-disk layout of the result buffer: numbered JSON-lines segment files plus an ack-offset file.
import { open, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const SEGMENT_NAME = /^(\d{12})\.jsonl$/;
const ACK_FILE = 'ack.json';

/** Everything before segment `segment` is acknowledged, and the first `lines` lines of it. */
export interface AckOffset {
  segment: number;
  lines: number;
}

export interface RecoveredSegment {
  seq: number;
  count: number;
  bytes: number;
  /** Lines dropped on open: a torn last line from a crash, or lines that are not valid JSON. */
  discarded: number;
  /** How many of the discarded lines lay inside the acknowledged prefix. */
  discardedBeforeAck: number;
}

export function segmentPath(directory: string, seq: number): string {
  return join(directory, `${String(seq).padStart(12, '0')}.jsonl`);
}

export async function listSegments(directory: string): Promise<number[]> {
  const names = await readdir(directory);
  return names
    .map((name) => SEGMENT_NAME.exec(name)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

export async function readAckOffset(directory: string): Promise<AckOffset> {
  try {
    const parsed: unknown = JSON.parse(await readFile(join(directory, ACK_FILE), 'utf8'));
    const { segment, lines } = parsed as Partial<AckOffset>;
    if (Number.isSafeInteger(segment) && Number.isSafeInteger(lines)) {
      return { segment: segment as number, lines: Math.max(0, lines as number) };
    }
  } catch {
    // Missing or unreadable: nothing acknowledged; at worst results are resent and deduplicated.
  }
  return { segment: 0, lines: 0 };
}

// Rename is atomic, so a crash leaves the old or the new offset. No fsync: a lost ack only means
// a resend, which the server deduplicates by result id, while an fsync per ack costs a disk flush.
export async function writeAckOffset(directory: string, offset: AckOffset): Promise<void> {
  const temporary = join(directory, `${ACK_FILE}.tmp`);
  await writeFile(temporary, JSON.stringify(offset));
  await rename(temporary, join(directory, ACK_FILE));
}

/** Complete lines of a segment (an unterminated tail is a torn write and is not a line). */
export async function readSegmentLines(directory: string, seq: number): Promise<string[]> {
  const text = await readFile(segmentPath(directory, seq), 'utf8');
  const lines = text.split('\n');
  lines.pop();
  return lines;
}

/** Reads a segment after a restart, rewriting it without torn or corrupt lines if it has any. */
export async function recoverSegment(
  directory: string,
  seq: number,
  ackedLines: number,
): Promise<RecoveredSegment> {
  const path = segmentPath(directory, seq);
  const text = await readFile(path, 'utf8');
  const pieces = text.split('\n');
  const torn = pieces.pop() !== '';
  const kept: string[] = [];
  let discardedBeforeAck = 0;
  pieces.forEach((line, index) => {
    if (isJson(line)) kept.push(line);
    else if (index < ackedLines) discardedBeforeAck++;
  });
  const discarded = pieces.length - kept.length + (torn ? 1 : 0);
  const content = kept.length > 0 ? `${kept.join('\n')}\n` : '';
  if (discarded > 0) await replaceFile(path, content);
  return {
    seq,
    count: kept.length,
    bytes: Buffer.byteLength(content),
    discarded,
    discardedBeforeAck,
  };
}

export async function removeSegment(directory: string, seq: number): Promise<void> {
  try {
    await unlink(segmentPath(directory, seq));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

async function replaceFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}
