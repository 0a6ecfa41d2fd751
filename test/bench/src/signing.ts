import type { SignCommand } from '@fanpin/contracts';
import { CommandSigner } from '@fanpin/platform';

let signer: CommandSigner | undefined;

/** The bench's system's COMMAND_SIGNING_KEY: what the bench sends to cases is signed as the API's. */
export function useCommandKey(seed: string): void {
  signer = new CommandSigner(seed);
}

/** Signs a start or an alert the bench sends straight to Temporal, as the API signs its own. */
export const sign: SignCommand = (caseId, message, command) => {
  if (!signer) throw new Error('useCommandKey must be called before cases are started');
  return signer.sign(caseId, message, command);
};
