import { execFileSync } from 'node:child_process';

/** Whether poppler's command-line tools (pdftotext, pdftoppm) are installed: the tests that read a
 *  printed PDF back skip without them. */
export const HAS_POPPLER = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
