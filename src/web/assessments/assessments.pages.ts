import { WebPages } from '../web-pages.decorator';

/** Assessments and notices pages (to be written). */
@WebPages('assessments')
export class AssessmentPages {}
