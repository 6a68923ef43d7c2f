import { WebPages } from '../web-pages.decorator';

/** Bounty pages (to be written). */
@WebPages('bounties')
export class BountyPages {}
