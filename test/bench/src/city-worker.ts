import { parentPort, workerData } from 'node:worker_threads';

import { PiiCipher } from '@fanpin/persistence';

import { CityColumns, cityRows, type CityTable, type CopyValue } from './city-rows';
import { people } from './people';

/** What the seeding thread is started with. */
export interface CityWorkerInput {
  count: number;
  /** The instant the city is seen at (ms). */
  now: number;
  householdKeySecret: string;
  piiEncryptionKey: string;
}

/** One chunk of the city: each table's rows in COPY's text format. */
export interface CityChunk {
  text: Record<CityTable, string>;
  openTasks: number;
}

/** Households generated and copied at a time: bounds the memory the rows take. */
export const CHUNK = 10_000;
/** The city's heads: resident ID numbers of serials 500 and on, none the other phases use. */
const FIRST_PERSON = 500 * 18_000;

const Escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One value in COPY's text format. */
function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = `{${value.join(',')}}`;
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => Escapes[c] ?? c) : text;
}

/** Households `[from, from + CHUNK)` of the city (fewer at its end), ready to copy. */
function chunk(input: CityWorkerInput, cipher: PiiCipher, from: number): CityChunk {
  const size = Math.min(CHUNK, input.count - from);
  const heads = people(size, FIRST_PERSON + from, input.householdKeySecret);
  const rows = cityRows(from, heads, input.now, cipher);
  const text = {} as Record<CityTable, string>;
  for (const table of Object.keys(CityColumns) as CityTable[]) {
    text[table] = rows[table].map((row) => `${row.map(copyField).join('\t')}\n`).join('');
  }
  return { text, openTasks: rows.openTasks };
}

// In the seeding thread: each message asks for the chunk that starts at the household it names,
// so that the next chunk is generated while the last one is being copied.
if (parentPort) {
  const port = parentPort;
  const input = workerData as CityWorkerInput;
  const cipher = new PiiCipher(input.piiEncryptionKey);
  port.on('message', (from: number) => port.postMessage(chunk(input, cipher, from)));
}
