/**
 * A minimal ZIP writer for Office Open XML packages: deflated entries, sizes and CRC-32 in the
 * local headers (no data descriptors), one fixed DOS timestamp for every entry, so the same input
 * always gives the same bytes.
 *
 * Not supported: ZIP64 (archives or entries of 4 GiB and more, more than 65,535 entries),
 * encryption, comments, extra fields.
 */
import { deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, with forward slashes and no leading slash. */
  name: string;
  data: Buffer | string;
}

export interface ZipOptions {
  /** Stamped on every entry, as wall-clock time at `utcOffsetMinutes`. Default 1980-01-01 00:00. */
  modified?: Date;
  /** Offset from UTC of the wall clock the timestamp is written in. Default 0. */
  utcOffsetMinutes?: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20;
const DEFLATE = 8;
const UTF8_NAMES = 0x0800;
const MAX_U32 = 0xffffffff;
const MAX_U16 = 0xffff;
/** 1980-01-01 00:00, the earliest DOS timestamp. */
const DOS_EPOCH = { date: (1 << 5) | 1, time: 0 };

const CRC_TABLE = buildCrcTable();

function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/** CRC-32 (IEEE 802.3, as ZIP uses it). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) {
    crc = (CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8)) >>> 0;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time words; years outside 1980–2107 are clamped to the nearest end. */
export function dosDateTime(modified: Date, utcOffsetMinutes = 0): { date: number; time: number } {
  const wall = new Date(modified.getTime() + utcOffsetMinutes * 60_000);
  const year = wall.getUTCFullYear();
  if (!Number.isFinite(wall.getTime()) || year < 1980) return DOS_EPOCH;
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((wall.getUTCMonth() + 1) << 5) | wall.getUTCDate(),
    time: (wall.getUTCHours() << 11) | (wall.getUTCMinutes() << 5) | (wall.getUTCSeconds() >> 1),
  };
}

interface PackedEntry {
  name: Buffer;
  flags: number;
  crc: number;
  size: number;
  compressed: Buffer;
  offset: number;
}

function pack(entry: ZipEntry, offset: number): PackedEntry {
  if (!entry.name || entry.name.startsWith('/') || entry.name.includes('\\')) {
    throw new Error(`zip: invalid entry name "${entry.name}"`);
  }
  const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
  const compressed = deflateRawSync(data);
  if (data.length > MAX_U32 || compressed.length > MAX_U32) {
    throw new Error(`zip: entry "${entry.name}" is too large (ZIP64 is not supported)`);
  }
  const name = Buffer.from(entry.name, 'utf8');
  const flags = name.length === entry.name.length ? 0 : UTF8_NAMES; // bit 11 for non-ASCII names
  return { name, flags, crc: crc32(data), size: data.length, compressed, offset };
}

function localHeader(e: PackedEntry, date: number, time: number): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(e.flags, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(time, 10);
  header.writeUInt16LE(date, 12);
  header.writeUInt32LE(e.crc, 14);
  header.writeUInt32LE(e.compressed.length, 18);
  header.writeUInt32LE(e.size, 22);
  header.writeUInt16LE(e.name.length, 26);
  header.writeUInt16LE(0, 28);
  return header;
}

function centralHeader(e: PackedEntry, date: number, time: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(VERSION, 4); // made by: MS-DOS, spec 2.0
  header.writeUInt16LE(VERSION, 6);
  header.writeUInt16LE(e.flags, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(e.crc, 16);
  header.writeUInt32LE(e.compressed.length, 20);
  header.writeUInt32LE(e.size, 24);
  header.writeUInt16LE(e.name.length, 28);
  // extra length, comment length, disk number, internal and external attributes: all 0
  header.writeUInt32LE(e.offset, 42);
  return header;
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return end;
}

/** The archive of `entries`, in the order given. */
export function writeZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Buffer {
  if (entries.length > MAX_U16) throw new Error('zip: too many entries (ZIP64 is not supported)');
  const names = new Set<string>();
  const { date, time } = options.modified
    ? dosDateTime(options.modified, options.utcOffsetMinutes ?? 0)
    : DOS_EPOCH;
  const chunks: Buffer[] = [];
  const packed: PackedEntry[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`zip: duplicate entry "${entry.name}"`);
    names.add(entry.name);
    const e = pack(entry, offset);
    const header = localHeader(e, date, time);
    chunks.push(header, e.name, e.compressed);
    packed.push(e);
    offset += header.length + e.name.length + e.compressed.length;
    if (offset > MAX_U32) throw new Error('zip: archive is too large (ZIP64 is not supported)');
  }
  const centralOffset = offset;
  for (const e of packed) {
    const header = centralHeader(e, date, time);
    chunks.push(header, e.name);
    offset += header.length + e.name.length;
  }
  if (offset > MAX_U32) throw new Error('zip: archive is too large (ZIP64 is not supported)');
  chunks.push(endOfCentralDirectory(packed.length, offset - centralOffset, centralOffset));
  return Buffer.concat(chunks);
}
