import { z } from 'zod';

// The renderer's CSP refuses eval. zod would otherwise probe `new Function` at its first object
// parse to decide on its compiled fast path: the probe fails, and Chromium reports it as a CSP
// violation even though zod catches the error. Imported first by main.tsx, before any parse.
z.config({ jitless: true });
