/**
 * The video column's top: what the host says about the sample's video (never a blank panel), the
 * `<video>` itself when there is something to play, and a line of facts about the file.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { VideoState } from '../../shared/video/video';
import { h } from '../app/dom';
import type { Playback } from './playback';
import { fileName, planText, probeText } from './videoText';

export interface VideoActions {
  chooseFolder(): void;
  cancelProxy(): void;
  retry(): void;
  /** A directly served file failed in the player: ask the host for a proxy. */
  playbackFailed(message: string): void;
}

export class VideoPanel {
  readonly element: HTMLElement;
  private readonly status = h('div', { class: 'video-status', 'data-testid': 'video-status', 'data-state': 'pending', role: 'status', 'aria-live': 'polite' });
  private readonly mediaError = h('div', { class: 'video-media-error', role: 'alert', hidden: true });
  private current: VideoState | null = null;

  constructor(
    private readonly playback: Playback,
    private readonly actions: VideoActions,
  ) {
    playback.video.hidden = true;
    playback.video.addEventListener('error', () => {
      if (playback.source === null) return;
      const error = playback.video.error;
      this.mediaError.hidden = false;
      this.mediaError.textContent = `The player could not play this file${error?.message ? `: ${error.message}` : ''}.`;
      // ffprobe said it would play, the player says no (an odd profile, a broken file): try a proxy.
      if (this.current?.state === 'ready' && !this.current.proxied) {
        this.mediaError.textContent += ' Making a playable copy…';
        this.actions.playbackFailed(error?.message || `media error ${error?.code ?? ''}`.trim());
      }
    });
    playback.video.addEventListener('loadeddata', () => {
      this.mediaError.hidden = true;
    });
    this.element = h(
      'section',
      { class: 'video-panel', 'aria-label': 'Video' },
      this.status,
      h('div', { class: 'video-frame' }, playback.video),
      this.mediaError,
    );
    this.idle();
  }

  /** No sample on show: nothing to load, so no spinner, only what to do. */
  idle(): void {
    this.show(null);
    this.status.dataset.state = 'idle';
    this.status.replaceChildren(h('p', { class: 'muted' }, 'Select a sample to see its video.'));
  }

  get state(): VideoState | null {
    return this.current;
  }

  /** null: a new sample whose video state has not arrived yet (the host always answers: a spinner while it looks). */
  show(state: VideoState | null): void {
    const previous = this.current;
    this.current = state;
    this.status.dataset.state = state?.state ?? 'pending';
    this.mediaError.hidden = true;
    const src = state?.state === 'ready' ? state.src : state?.state === 'no-ffmpeg' ? state.src : null;
    // Same path, new source: the proxy replaced the original, keep the playhead.
    const samePath = previous !== null && state !== null && 'path' in previous && 'path' in state && previous.path === state.path;
    this.playback.setSource(src, samePath);
    this.playback.video.hidden = src === null;
    this.element.classList.toggle('has-video', src !== null);
    this.status.classList.toggle('compact', state?.state === 'ready');
    if (previous?.state === 'preparing' && state?.state === 'preparing' && samePath && this.updateProgress(state.fraction)) return;
    this.status.replaceChildren(...this.statusContent(state));
  }

  /** A new fraction of the same proxy: move the bar only (keeps focus on Cancel). */
  private updateProgress(fraction: number): boolean {
    const bar = this.status.querySelector('vscode-progress-bar');
    const percent = this.status.querySelector('.percent');
    if (!bar || !percent) return false;
    bar.value = Math.round(fraction * 100);
    percent.textContent = `${Math.round(fraction * 100)}%`;
    return true;
  }

  private statusContent(state: VideoState | null): (Node | string)[] {
    if (state === null)
      return [h('vscode-progress-ring', { class: 'spinner', 'aria-label': 'Looking for the video' }), h('span', {}, 'Looking for the video…')];
    switch (state.state) {
      case 'none':
        return [h('p', { class: 'muted' }, 'This record names no video.')];
      case 'missing': {
        const choose = h('vscode-button', { 'data-testid': 'choose-video-folder' }, 'Choose folder…');
        choose.addEventListener('click', () => this.actions.chooseFolder());
        const retry = h('vscode-button', { secondary: true, 'data-testid': 'retry-video' }, 'Look again');
        retry.addEventListener('click', () => this.actions.retry());
        return [
          h('p', { class: 'warning-text' }, 'Video not found: ', h('code', {}, state.video), state.source ? ` (source “${state.source}”)` : ''),
          state.tried.length > 0 ? h('p', { class: 'muted' }, 'Looked in:') : h('p', { class: 'muted' }, 'No video folder is configured for it.'),
          state.tried.length > 0
            ? h('ul', { class: 'tried', 'data-testid': 'video-tried' }, ...state.tried.map((path) => h('li', {}, h('code', {}, path))))
            : '',
          h('div', { class: 'buttons' }, choose, retry),
        ];
      }
      case 'no-ffmpeg':
        return [
          h('p', { class: 'warning-text' }, state.message),
          h('p', { class: 'muted' }, state.src ? 'Playing the file as is; frames and proxies are off.' : 'Frames, probing and proxies are off.'),
        ];
      case 'probing':
        return [
          h('vscode-progress-ring', { class: 'spinner', 'aria-label': 'Probing the video' }),
          h('span', {}, 'Probing ', h('code', { title: state.path }, fileName(state.path)), '…'),
        ];
      case 'preparing': {
        const percent = Math.round(state.fraction * 100);
        const bar = h('vscode-progress-bar', { 'aria-label': 'Preparing a playable copy', 'data-testid': 'proxy-progress' });
        bar.value = percent;
        bar.max = 100;
        const cancel = h('vscode-button', { secondary: true, 'data-testid': 'cancel-proxy' }, 'Cancel');
        cancel.addEventListener('click', () => this.actions.cancelProxy());
        return [
          h('p', {}, h('code', { title: state.path }, fileName(state.path)), `: ${planText(state.plan)} `, h('span', { class: 'percent' }, `${percent}%`)),
          bar,
          h('p', { class: 'muted' }, probeText(state.probe)),
          h('div', { class: 'buttons' }, cancel),
        ];
      }
      case 'ready':
        return [
          h('span', { class: 'video-name', title: state.path }, fileName(state.path)),
          state.probe ? h('span', { class: 'video-probe' }, ` · ${probeText(state.probe)}`) : '',
          state.proxied ? h('span', { class: 'badge proxy', title: planText(state.plan) }, 'proxy') : '',
        ];
      case 'error': {
        const retry = h('vscode-button', { 'data-testid': 'retry-video' }, 'Retry');
        retry.addEventListener('click', () => this.actions.retry());
        return [
          h('p', { class: 'error-text' }, h('code', { title: state.path }, fileName(state.path)), `: ${state.message}`),
          h('div', { class: 'buttons' }, retry),
        ];
      }
    }
  }
}
