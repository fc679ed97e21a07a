/** A card's text as DOM nodes: plain text, `<mark>` search hits and time-chip buttons. */
import { formatClock } from '../../shared/chain/timeRefs';
import type { TimeChip } from '../../shared/sample';
import { h } from '../dom';
import { segmentText } from './textSegments';

export interface ChipHandlers {
  /** Seek to the chip's start. */
  seek(chip: TimeChip): void;
  /** Play the chip's range and pause at its end. */
  play(chip: TimeChip): void;
}

export function chipLabel(chip: TimeChip): string {
  return chip.kind === 'range' ? `${formatClock(chip.start)} to ${formatClock(chip.end)}` : formatClock(chip.start);
}

function chipElement(chip: TimeChip, text: string, handlers: ChipHandlers): HTMLElement {
  const range = chip.kind === 'range' && chip.end > chip.start;
  const button = h(
    'button',
    {
      type: 'button',
      class: `chip seek-control${chip.reversed ? ' reversed' : ''}`,
      'data-testid': 'time-chip',
      'data-start': String(chip.start),
      'data-end': String(chip.end),
      title: range ? `Seek to ${formatClock(chip.start)} (Shift+click plays ${chipLabel(chip)})` : `Seek to ${formatClock(chip.start)}`,
    },
    text,
  );
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    if (range && event.shiftKey) handlers.play(chip);
    else handlers.seek(chip);
  });
  if (!range) return button;
  const play = h('button', { type: 'button', class: 'chip-play seek-control', 'data-testid': 'chip-play', 'aria-label': `Play ${chipLabel(chip)}`, title: `Play ${chipLabel(chip)}` }, '▶');
  play.addEventListener('click', (event) => {
    event.stopPropagation();
    handlers.play(chip);
  });
  return h('span', { class: 'chip-group' }, button, play);
}

/** Characters `start`..`end` of `text` as nodes, chips clickable, search `terms` marked. */
export function chipText(text: string, chips: readonly TimeChip[], terms: readonly string[], handlers: ChipHandlers, end = text.length, start = 0): Node[] {
  return segmentText(text, chips, terms, end, start).map((segment) => {
    if (segment.kind === 'chip') return chipElement(segment.chip, segment.text, handlers);
    return segment.hit ? h('mark', {}, segment.text) : document.createTextNode(segment.text);
  });
}

/** Plain text with search hits marked (question, captions, list rows). */
export function markedText(text: string, terms: readonly string[]): Node[] {
  return segmentText(text, [], terms).map((segment) => (segment.kind === 'text' && segment.hit ? h('mark', {}, segment.text) : document.createTextNode(segment.text)));
}
