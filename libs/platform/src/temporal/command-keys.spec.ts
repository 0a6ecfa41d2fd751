import { randomBytes } from 'node:crypto';

import { commandMessage } from '@fanpin/contracts';

import { CommandSigner, commandKeyActivities } from './command-keys';

describe("the workflow worker's check of a run's first commands", () => {
  const signer = new CommandSigner(randomBytes(32).toString('base64url'));
  const other = new CommandSigner(randomBytes(32).toString('base64url'));
  const activities = commandKeyActivities([signer.publicKey]);
  const caseId = 'case-hh0123';
  const command = { alertId: 'A-1', source: 'health', triggers: [2] };

  /** What the workflow hands the activity for a command signed as `signed`. */
  function checkOf(signed: ReturnType<CommandSigner['sign']>, update = 'alert', onCase = caseId) {
    return {
      keyId: signed.signature!.keyId,
      message: commandMessage(onCase, update, signed),
      signature: signed.signature!.value,
    };
  }

  it('gives the trusted keys, and passes a command the API signed for this case and message', async () => {
    const { keys, issued } = await activities.admit([
      checkOf(signer.sign(caseId, 'alert', command)),
    ]);
    expect(keys).toEqual([signer.publicKey]);
    expect(issued).toEqual([true]);
    expect(await activities.commandKeys()).toEqual([signer.publicKey]);
  });

  it('refuses an unknown key, another case or message, an altered command and a bad signature', async () => {
    const signed = signer.sign(caseId, 'alert', command);
    const altered = { ...signed, triggers: [3] };
    const flipped = signed.signature!.value.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const { issued } = await activities.admit([
      checkOf(other.sign(caseId, 'alert', command)),
      checkOf(signed, 'alert', 'case-hh9999'),
      checkOf(signed, 'householdCase'),
      checkOf(altered),
      { ...checkOf(signed), signature: flipped },
      { ...checkOf(signed), signature: 'not hex' },
    ]);
    expect(issued).toEqual([false, false, false, false, false, false]);
  });
});
