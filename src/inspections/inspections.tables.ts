import {
  ChecklistTemplate,
  HazardSource,
  HazardSourceCloseout,
  InspectionPhoto,
  InspectionTask,
} from './inspections.entities';
import { HazardSourceDocumentFile } from './source-document-file.entity';

/** The tables the inspections module owns (its entities); only its repositories read and write them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const INSPECTIONS_TABLES: Function[] = [
  HazardSource,
  ChecklistTemplate,
  InspectionTask,
  InspectionPhoto,
  HazardSourceCloseout,
  HazardSourceDocumentFile,
];
