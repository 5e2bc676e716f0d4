import { z } from 'zod';
import { Instant } from './case';

/** The colours a library can be marked with. A fixed palette rather than any hex value, so the
 *  header's badge always has readable contrast in both themes (see styles.css `.library-badge`). */
export const LIBRARY_COLOURS = ['slate', 'blue', 'teal', 'green', 'amber', 'orange', 'red', 'purple'] as const;
export const LibraryColour = z.enum(LIBRARY_COLOURS);
export type LibraryColour = z.infer<typeof LibraryColour>;

export const LIBRARY_NAME_MAX = 80;
/** A library's name as people see it ("Hotel Lotus", "华东物流"); not its file name. */
export const LibraryName = z.string().trim().min(1, { error: 'required' }).max(LIBRARY_NAME_MAX, { error: 'too_long' });

/** A path to a library file: a NUL would cut it short on its way to the file system. */
export const LibraryPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), { error: 'invalid_format' });

/** One library this machine knows: where it is, what it is called, its colour, when it was last opened. */
export const LibraryEntry = z.object({
  path: z.string(),
  name: z.string(),
  colour: LibraryColour,
  lastOpenedAt: Instant,
});
export type LibraryEntry = z.infer<typeof LibraryEntry>;

/** The registry file kept in the user-data folder (libraries.json). */
export const LibraryRegistryFile = z.object({
  version: z.literal(1),
  libraries: z.array(LibraryEntry).max(1000),
});
export type LibraryRegistryFile = z.infer<typeof LibraryRegistryFile>;
