/** The Unicode line breaker pdfkit wraps text with (the package ships no types). */
declare module 'linebreak' {
  // CommonJS: `require('linebreak')` is the class itself.
  class LineBreaker {
    constructor(text: string);
    /** The text being broken. */
    string: string;
    nextBreak(): { position: number; required: boolean } | null;
  }
  export = LineBreaker;
}
