/**
 * The checks every console page gets (issue 15): labelled controls, no serious axe finding in light
 * or dark colours, no sideways scrolling at 390 px, and screenshots at 1280 and 390 px in both
 * colour schemes (test/e2e/screenshots/<name>-<width>-<scheme>.png).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousA11yViolations } from './axe.js';
import { screenshot, unlabelledControls } from './browser.js';

export async function checkPage(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  await expect(unlabelledControls(page), `${name}: unlabelled controls`).resolves.toEqual([]);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(seriousA11yViolations(page), `${name} (${scheme}): axe`).resolves.toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, `${name}-1280-${scheme}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, `${name}-390-${scheme}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name}: the page scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(viewport);
}
