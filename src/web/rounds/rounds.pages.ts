import { WebPages } from '../web-pages.decorator';

/** Rounds pages (to be written). */
@WebPages('rounds')
export class RoundsPages {}
