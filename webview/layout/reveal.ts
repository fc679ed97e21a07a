/** Scrolls an element's nearest scrolling ancestor so the element shows (the math: revealMath.ts). */
import { revealScrollTop } from './revealMath';

/** The nearest ancestor of `element` that scrolls vertically, or the page's scrolling element. */
function scrollBox(element: HTMLElement): HTMLElement {
  for (let node = element.parentElement; node !== null; node = node.parentElement) {
    const overflow = getComputedStyle(node).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && node.scrollHeight > node.clientHeight) return node;
  }
  return (document.scrollingElement as HTMLElement | null) ?? document.documentElement;
}

/** Scrolls the nearest scroll box so all of `element` shows (its top, when it is taller than the box). */
export function reveal(element: HTMLElement): void {
  const box = scrollBox(element);
  const page = box === document.scrollingElement || box === document.documentElement;
  const boxTop = page ? 0 : box.getBoundingClientRect().top + box.clientTop;
  const height = page ? window.innerHeight : box.clientHeight;
  const rect = element.getBoundingClientRect();
  const top = rect.top - boxTop + box.scrollTop;
  const next = revealScrollTop(box.scrollTop, height, top, top + rect.height, box.scrollHeight - height);
  if (next !== box.scrollTop) box.scrollTop = next;
}
