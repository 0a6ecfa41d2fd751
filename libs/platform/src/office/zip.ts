/**
 * The ZIP container of an Office Open XML package, written by `fflate`: deflated entries in the
 * order given, one timestamp for every entry, so the same input always gives the same bytes.
 *
 * Not supported: ZIP64 (archives of 4 GiB and more, more than 65,535 entries).
 */
import { zipSync, type Zippable } from 'fflate';

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

const MAX_U32 = 0xffffffff;
const MAX_U16 = 0xffff;

/**
 * fflate stamps an entry with the *process's* local wall clock of the Date it is given; return
 * the Date whose local fields read as `modified` does at `utcOffsetMinutes`, so the stamp does
 * not depend on the machine's time zone. DOS timestamps cover 1980–2099 in fflate: clamp to them.
 */
export function zipTimestamp(modified: Date | undefined, utcOffsetMinutes = 0): Date {
  const wall = new Date((modified?.getTime() ?? NaN) + utcOffsetMinutes * 60_000);
  const year = wall.getUTCFullYear();
  if (!Number.isFinite(wall.getTime()) || year < 1980) return new Date(1980, 0, 1);
  if (year > 2099) return new Date(2099, 11, 31, 23, 59, 58);
  return new Date(
    year,
    wall.getUTCMonth(),
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  );
}

function checkName(name: string, seen: Set<string>): void {
  if (!name || name.startsWith('/') || name.includes('\\')) {
    throw new Error(`zip: invalid entry name "${name}"`);
  }
  // fflate takes the entries as an object, which puts integer-like keys first.
  if (/^\d+$/.test(name)) throw new Error(`zip: entry name "${name}" is a bare number`);
  if (seen.has(name)) throw new Error(`zip: duplicate entry "${name}"`);
  seen.add(name);
}

/** The archive of `entries`, in the order given. */
export function writeZip(entries: readonly ZipEntry[], options: ZipOptions = {}): Buffer {
  if (entries.length > MAX_U16) throw new Error('zip: too many entries (ZIP64 is not supported)');
  const mtime = zipTimestamp(options.modified, options.utcOffsetMinutes ?? 0);
  const seen = new Set<string>();
  const files: Zippable = {};
  for (const { name, data } of entries) {
    checkName(name, seen);
    files[name] = [typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { mtime }];
  }
  const zip = zipSync(files, { level: 6 });
  if (zip.length > MAX_U32) throw new Error('zip: archive is too large (ZIP64 is not supported)');
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}
