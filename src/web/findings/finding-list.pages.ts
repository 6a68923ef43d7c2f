import { WebPages } from '../web-pages.decorator';

/** The findings list, export, logging a finding (to be written). */
@WebPages('findings')
export class FindingListPages {}
