import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Waits until every chart on the insights screen is drawn with the figures that arrived after
 *  `after` (a `loadedAt` stamp), and returns when those figures arrived. */
export async function chartsDrawn(page: Page, after = 0): Promise<number> {
  await expect
    .poll(
      () =>
        page.evaluate((after) => {
          const loaded = Number((document.querySelector('main.insights') as HTMLElement | null)?.dataset.loadedAt ?? 0);
          const canvases = [...document.querySelectorAll<HTMLElement>('.insights-chart-canvas')];
          return loaded > after && canvases.length > 0 && canvases.every((c) => Number(c.dataset.drawn ?? 0) > loaded);
        }, after),
      { timeout: 15_000 },
    )
    .toBe(true);
  return page.evaluate(() => Number((document.querySelector('main.insights') as HTMLElement).dataset.loadedAt));
}
