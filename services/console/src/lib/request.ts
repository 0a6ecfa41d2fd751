import { shallowReactive } from 'vue';

import { errorText } from './i18n';

/** A request a page makes on the person's behalf, as the page shows it. */
export interface RequestState {
  /** True while it runs: the button spins, the table greys. */
  readonly busy: boolean;
  /** Why the last run failed, in words; empty when it did not. */
  error: string;
  /** Runs `work`; a failure becomes `error` rather than an unhandled rejection. */
  run(work: () => Promise<void>): Promise<void>;
}

/** One form's or one page's request state, so that each submit reads as its own few lines. */
export function useRequest(): RequestState {
  const state = shallowReactive({ busy: false, error: '', run });
  async function run(work: () => Promise<void>): Promise<void> {
    state.busy = true;
    state.error = '';
    try {
      await work();
    } catch (e) {
      state.error = errorText(e);
    } finally {
      state.busy = false;
    }
  }
  return state;
}
