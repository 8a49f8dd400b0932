import { z } from 'zod';

/**
 * What the desktop app's page may ask for when it needs a file the workspace does not hold: a file dialog,
 * shown by the main process. The path the user picks there may then be given to the method for that use
 * (read for `open-file`, written for `save-file` and `directory`) during this session; the page cannot
 * name a folder for the dialog to open in, only a file name to propose.
 */
export const pathPickRequest = z
  .object({
    purpose: z.enum(['open-file', 'save-file', 'directory']),
    title: z.string().max(200).optional(),
    /** the name a save dialog proposes, without any folder */
    defaultName: z.string().min(1).max(255).regex(/^[^/\\]+$/, 'a file name, without any folder').optional(),
    /** e.g. { name: 'CSV', extensions: ['csv', 'gz'] } */
    filters: z
      .array(z.object({ name: z.string().min(1).max(100), extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,10}$/)).max(20) }).strict())
      .max(10)
      .optional(),
  })
  .strict();

export type PathPickRequest = z.input<typeof pathPickRequest>;

/** The desktop page's dialog call: the path the user picked, or null when they cancelled. */
export interface PathPicker {
  pickPath(request: PathPickRequest): Promise<string | null>;
}
