import { WebPages } from '../web-pages.decorator';

/** Hazard report pages (to be written). */
@WebPages('hazard-reports')
export class HazardReportPages {}
