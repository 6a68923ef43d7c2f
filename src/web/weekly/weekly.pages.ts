import { WebPages } from '../web-pages.decorator';

/** Weekly report pages (to be written). */
@WebPages('weekly-reports')
export class WeeklyPages {}
