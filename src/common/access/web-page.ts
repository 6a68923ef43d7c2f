/** Metadata marking a controller as web pages: the guard then reads the session cookie instead of a bearer token. */
export const IS_WEB_PAGE = 'rectify:web-page';
