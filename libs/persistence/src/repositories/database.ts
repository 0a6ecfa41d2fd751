import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What runs a statement: the pool (the DataSource), or one transaction (its EntityManager). */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** Rows as one array per key, in the order of `keys`: the parameters of `unnest($1::…[], …)`. */
export function unnestArrays<T, K extends keyof T>(
  rows: readonly T[],
  keys: readonly K[],
): T[K][][] {
  return keys.map((key) => rows.map((row) => row[key]));
}

/**
 * Runs work in one transaction. A repository method that must join it takes the transaction's
 * `db` as its last argument; without it, the method runs on the pool.
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (db: Queryable) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
