import { reactive, shallowReactive } from 'vue';

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

/** A dialog that sends one choice among codes, as ChoiceDialog shows it. */
export interface ChoiceRequest {
  open: boolean;
  choice: string;
  readonly request: RequestState;
  submit(): Promise<void>;
}

/**
 * A dialog's choice and its request: asking without a choice says `missing`; `send` gets the choice
 * and an id kept until it succeeds, so that a retried submit is the same request, recorded once.
 * On success the dialog closes and empties before `then` runs (a reload of the page, say).
 */
export function useChoiceRequest(
  missing: string,
  send: (choice: string, id: string) => Promise<void>,
  then: () => Promise<void> = async () => {},
): ChoiceRequest {
  let id = '';
  const dialog: ChoiceRequest = reactive({
    open: false,
    choice: '',
    request: useRequest(),
    submit,
  });
  async function submit(): Promise<void> {
    if (!dialog.choice) {
      dialog.request.error = missing;
      return;
    }
    id ||= Date.now().toString(36).toUpperCase();
    await dialog.request.run(async () => {
      await send(dialog.choice, id);
      id = '';
      Object.assign(dialog, { open: false, choice: '' });
      await then();
    });
  }
  return dialog;
}
