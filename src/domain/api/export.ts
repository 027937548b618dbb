/** Exports: GET /api/projects/:id/export streams NDJSON in one of these formats. */
import { z } from 'zod';

export const EXPORT_FORMATS = ['dpo', 'sft', 'rm', 'annotations'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const ExportQuery = z.object({ format: z.enum(EXPORT_FORMATS) });
