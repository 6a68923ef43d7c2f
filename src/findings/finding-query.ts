/** The list query now lives in its repository; this path stays for the modules that import it from here. */
export { findingListQuery } from './finding-list.repository';
