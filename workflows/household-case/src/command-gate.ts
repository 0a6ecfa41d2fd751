import type * as Ed25519 from '@noble/curves/ed25519.js' with { 'resolution-mode': 'import' };
import type * as NobleUtils from '@noble/curves/utils.js' with { 'resolution-mode': 'import' };
import { ApplicationFailure, currentUpdateInfo, proxyLocalActivities } from '@temporalio/workflow';

import {
  COMMAND_SIGNATURE,
  ErrorCodes,
  caseWorkflowId,
  commandMessage,
  isCode,
  type Actor,
  type CaseRef,
  type CommandCheck,
  type CommandKeyActivities,
  type Signed,
} from '@fanpin/contracts';
import type { DecisionProblem } from '@fanpin/domain';

import { verification } from './activities';

// noble is published as ES modules only, which this CommonJS build cannot import; the workflow
// bundle (webpack) takes them through require, pure JavaScript that needs nothing of Node.
/* eslint-disable @typescript-eslint/no-require-imports, no-restricted-globals */
const { ed25519 } = require('@noble/curves/ed25519.js') as typeof Ed25519;
const { hexToBytes } = require('@noble/curves/utils.js') as typeof NobleUtils;
/* eslint-enable @typescript-eslint/no-require-imports, no-restricted-globals */

/** Read from the workflow worker's own configuration, and recorded in the case's history. */
const { commandKeys, admit } = proxyLocalActivities<CommandKeyActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

const encoder = new TextEncoder();

/** A command a case was sent, through the Update or signal `update`. */
export interface Sent {
  householdKey: string;
  update: string;
  command: unknown;
}

/** A command that came before the run's first read of its keys, and its verdict to come. */
interface Early {
  check: CommandCheck | null;
  settle: (issued: boolean) => void;
}

/**
 * Lets through only the commands the API issued: each Update carries the API's Ed25519 signature
 * over the case, the Update's name and the command (`commandMessage`). The keys the case trusts come
 * from its worker (a local activity, so that replay reads them from history); checking the
 * signature is pure, so a replay reaches the same verdict. The run's first read of its keys checks
 * its first commands too (its start, the alert it was started with), natively in the worker, and
 * history records those verdicts with the keys.
 *
 * A command signed by a key the case does not know is refused by the validator (nothing written),
 * so that the API can have the case read its keys again after a rotation and resend it. A command
 * without a valid signature passes the validator, and its handler refuses it after writing the
 * refusal's audit row: the forgery stays in the case's history and in the audit log.
 */
export class CommandGate {
  private keys = new Map<string, Uint8Array>();
  private markLoaded: () => void = () => undefined;
  /** Resolved once the run has read its keys: a signal that comes first waits for them. */
  readonly loaded = new Promise<void>((resolve) => (this.markLoaded = resolve));
  /** Commands to check with the run's first read of its keys; null once it has begun. */
  private early: Early[] | null = [];

  /**
   * Reads the trusted keys (at the start of a run, and when the API says they changed). The first
   * read checks `start` and the commands `admits` was asked about before it; the verdict on
   * `start` (true without one).
   */
  async load(start?: Sent): Promise<boolean> {
    let first = true;
    const asks: Early[] = [
      ...(start
        ? [{ check: this.checkOf(start), settle: (issued: boolean) => (first = issued) }]
        : []),
      ...(this.early ?? []),
    ];
    this.early = null;
    const wanted = asks.flatMap((a) => (a.check ? [a.check] : []));
    const { keys, issued } =
      wanted.length > 0 ? await admit(wanted) : { keys: await commandKeys(), issued: [] };
    this.keys = new Map(keys.map((k) => [k.keyId, hexToBytes(k.publicKey)]));
    this.markLoaded();
    let next = 0;
    for (const a of asks) a.settle(a.check !== null && issued[next++] === true);
    return first;
  }

  /**
   * For a signal: whether the API issued this command, once the run has read its keys (checked
   * with that first read when it comes before it).
   */
  admits(sent: Sent): Promise<boolean> {
    const early = this.early;
    if (early !== null) {
      return new Promise((settle) => early.push({ check: this.checkOf(sent), settle }));
    }
    return this.loaded.then(() =>
      this.issued(sent.householdKey, sent.update, sent.command as Signed),
    );
  }

  /** What the worker checks of a command: null when it cannot be one the API signed. */
  private checkOf({ householdKey, update, command }: Sent): CommandCheck | null {
    const signature = (command as Signed | null | undefined)?.signature;
    if (
      !signature ||
      typeof signature.value !== 'string' ||
      !COMMAND_SIGNATURE.test(signature.value)
    ) {
      return null;
    }
    if (typeof signature.keyId !== 'string') return null;
    try {
      const message = commandMessage(caseWorkflowId(householdKey), update, command as object);
      return { keyId: signature.keyId, message, signature: signature.value };
    } catch {
      return null;
    }
  }

  /** For a validator: a signature by a key the case does not know yet, or null. */
  unknownKey(command: Signed): DecisionProblem | null {
    const keyId = command.signature?.keyId;
    if (typeof keyId !== 'string' || this.keys.has(keyId)) return null;
    return {
      code: ErrorCodes.commandKeyUnknown,
      message: 'the command is signed by a key this case does not know yet',
    };
  }

  /**
   * Whether the API issued this command to the case of `householdKey` through this Update. The case
   * id comes from the run's input, not from the workflow's id: the verdict is the same wherever its
   * history is replayed.
   */
  issued(householdKey: string, update: string, command: Signed): boolean {
    const check = this.checkOf({ householdKey, update, command });
    const key = check && this.keys.get(check.keyId);
    if (!check || !key) return false;
    try {
      return ed25519.verify(hexToBytes(check.signature), encoder.encode(check.message), key);
    } catch {
      return false;
    }
  }

  /** Writes the audit row of a command or signal the case did not take, as not issued. */
  async audit(
    ref: CaseRef,
    message: string,
    command: { actor?: Actor } | null | undefined,
    target: string | null,
    via: 'update' | 'signal' | 'start' = 'update',
  ): Promise<void> {
    const id = currentUpdateInfo()?.id ?? `${message}:${target ?? ref.runId}`;
    // What the audit row may say of the claimed actor: codes only, whatever a forger sent.
    const actor = typeof command === 'object' && command !== null ? command.actor : undefined;
    const code = (value: unknown) => (isCode(value) ? value : null);
    await verification.recordRefusedCommand({
      ...ref,
      update: message,
      via,
      updateId: id,
      claimedActorId: code(actor?.id),
      claimedRole: code(actor?.role),
      target,
      code: ErrorCodes.commandNotIssued,
    });
  }

  /**
   * Refuses a command the API did not issue: writes the refusal's audit row, then fails the Update
   * with COMMAND.NOT_ISSUED. The case's state is untouched.
   */
  async refuse(
    ref: CaseRef,
    update: string,
    command: { actor?: Actor },
    target: string | null,
  ): Promise<never> {
    await this.audit(ref, update, command, target);
    throw ApplicationFailure.create({
      type: ErrorCodes.commandNotIssued,
      message: 'the command was not issued by the API: refused and audited',
      nonRetryable: true,
    });
  }
}
