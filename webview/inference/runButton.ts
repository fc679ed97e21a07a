/**
 * "Run model" in the sample header, which turns into "Cancel" while the shown sample's run is going
 * (and "Cancelling…" until the host confirms). One button that changes its label and test id, so
 * the header does not jump and the focus stays on it between the two.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { h } from '../app/dom';
import type { RunButtonMode, RunButtonView } from './runViews';

export interface RunButtonHandlers {
  run(): void;
  cancel(): void;
}

const RUN_TITLE = 'Run the configured model on this sample and stream its chain beside the stored one (r)';

export class RunButton implements RunButtonView {
  readonly element: HTMLElement;
  private readonly button = h('vscode-button', { class: 'run-model-button', 'data-testid': 'run-model' }, 'Run model');
  private mode: RunButtonMode = 'run';
  private disabledReason: string | null = 'No sample is shown.';

  constructor(handlers: RunButtonHandlers) {
    // A disabled button shows no tooltip everywhere: its wrapper carries it too.
    this.element = h('span', { class: 'run-model-control' }, this.button);
    this.button.addEventListener('click', () => {
      if (this.mode === 'run' && this.disabledReason === null) handlers.run();
      else if (this.mode === 'cancel') handlers.cancel();
    });
    this.set('run', this.disabledReason);
  }

  /** `disabledReason` (run mode only): why the model cannot run on the shown sample, or null. */
  set(mode: RunButtonMode, disabledReason: string | null = null): void {
    this.mode = mode;
    this.disabledReason = mode === 'run' ? disabledReason : null;
    const label = mode === 'run' ? 'Run model' : mode === 'cancel' ? 'Cancel' : 'Cancelling…';
    if (this.button.textContent !== label) this.button.textContent = label;
    this.button.dataset.testid = mode === 'run' ? 'run-model' : 'cancel-model';
    this.button.secondary = mode !== 'run';
    this.button.disabled = mode === 'cancelling' || this.disabledReason !== null;
    const title =
      mode === 'run' ? (this.disabledReason ?? RUN_TITLE) : mode === 'cancel' ? 'Stop the model run at once' : 'Waiting for the host to stop the run';
    this.button.title = title;
    this.element.title = title;
  }
}
