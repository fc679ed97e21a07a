/** A card's text as DOM nodes: plain text, `<mark>` search hits and time-chip buttons. */
import { formatClock } from '../../shared/chain/timeRefs';
import type { TimeChip } from '../../shared/sample/sample';
import { h } from '../app/dom';
import { chipPastEnd } from './pastEnd';
import { segmentText } from './textSegments';

export interface ChipHandlers {
  /** Seek to the chip's start. */
  seek(chip: TimeChip): void;
  /** Play the chip's range and pause at its end. */
  play(chip: TimeChip): void;
  /** A chip was clicked (`index` in the card's chips): the target of the re-time keys t / T. */
  touched?(index: number): void;
  /** Re-time the chip (Alt+click, its ✎); without it chips are not editable. */
  edit?(index: number): void;
  /** The video's duration in seconds (null or absent: unknown): chips citing past it are marked. */
  duration?: number | null;
}

export function chipLabel(chip: TimeChip): string {
  return chip.kind === 'range' ? `${formatClock(chip.start)} to ${formatClock(chip.end)}` : formatClock(chip.start);
}

function chipTitle(chip: TimeChip, range: boolean, editable: boolean): string {
  const seek = range ? `Seek to ${formatClock(chip.start)} (Shift+click plays ${chipLabel(chip)})` : `Seek to ${formatClock(chip.start)}`;
  return editable ? `${seek}\nAlt+click re-times it; t / Shift+T set its start / end to the playhead` : seek;
}

function chipElement(chip: TimeChip, index: number, text: string, handlers: ChipHandlers): HTMLElement {
  const range = chip.kind === 'range' && chip.end > chip.start;
  const edit = handlers.edit;
  const pastEnd = chipPastEnd(chip, handlers.duration);
  const title = chipTitle(chip, range, edit !== undefined);
  const button = h(
    'button',
    {
      type: 'button',
      class: `chip seek-control${chip.reversed ? ' reversed' : ''}${pastEnd ? ' past-end' : ''}`,
      'data-testid': 'time-chip',
      'data-chip': String(index),
      'data-start': String(chip.start),
      'data-end': String(chip.end),
      'data-past-end': pastEnd === null ? undefined : 'true',
      'aria-label': pastEnd === null ? undefined : `${text}, ${pastEnd}: seeks to the last frame`,
      title: pastEnd === null ? title : `${title}\nCites ${pastEnd}: seeking stops at the last frame`,
    },
    text,
  );
  button.addEventListener('click', (event) => {
    event.stopPropagation();
    handlers.touched?.(index);
    if (edit && event.altKey) edit(index);
    else if (range && event.shiftKey) handlers.play(chip);
    else handlers.seek(chip);
  });
  const parts: HTMLElement[] = [button];
  if (range) {
    const play = h(
      'button',
      {
        type: 'button',
        class: 'chip-play seek-control',
        'data-testid': 'chip-play',
        'aria-label': `Play ${chipLabel(chip)}`,
        title: `Play ${chipLabel(chip)}`,
      },
      '▶',
    );
    play.addEventListener('click', (event) => {
      event.stopPropagation();
      handlers.touched?.(index);
      handlers.play(chip);
    });
    parts.push(play);
  }
  if (pastEnd !== null) {
    // Said in words beside the chip (the chip's accessible name says it too); not copied with the text.
    parts.push(h('span', { class: 'chip-past-end', 'data-testid': 'chip-past-end', 'aria-hidden': 'true' }, pastEnd));
  }
  if (edit) {
    // A corner pencil over the chip: always in the DOM (keyboard, automation), shown on hover or focus;
    // its glyph comes from CSS so copying the card's text does not pick it up.
    const pencil = h('button', {
      type: 'button',
      class: 'chip-edit',
      'data-testid': 'chip-edit',
      'aria-label': `Re-time ${chipLabel(chip)}`,
      title: `Re-time ${chipLabel(chip)} (Alt+click the chip)`,
    });
    pencil.addEventListener('click', (event) => {
      event.stopPropagation();
      handlers.touched?.(index);
      edit(index);
    });
    parts.push(pencil);
  }
  if (parts.length === 1) return button;
  return h('span', { class: `chip-group${range ? ' has-play' : ''}${edit ? ' editable' : ''}${pastEnd ? ' past-end' : ''}` }, ...parts);
}

/** Characters `start`..`end` of `text` as nodes, chips clickable, search `terms` marked. */
export function chipText(text: string, chips: readonly TimeChip[], terms: readonly string[], handlers: ChipHandlers, end = text.length, start = 0): Node[] {
  return segmentText(text, chips, terms, end, start).map((segment) => {
    if (segment.kind === 'chip') return chipElement(segment.chip, segment.index, segment.text, handlers);
    return segment.hit ? h('mark', {}, segment.text) : document.createTextNode(segment.text);
  });
}

/** Plain text with search hits marked (question, captions, list rows). */
export function markedText(text: string, terms: readonly string[]): Node[] {
  return segmentText(text, [], terms).map((segment) =>
    segment.kind === 'text' && segment.hit ? h('mark', {}, segment.text) : document.createTextNode(segment.text),
  );
}
