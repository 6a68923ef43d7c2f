import { WebPages } from '../web-pages.decorator';

/** One finding and its actions (to be written). */
@WebPages('findings')
export class FindingDetailPages {}
