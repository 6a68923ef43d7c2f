/** The Unicode line breaker pdfkit wraps text with (the package ships no types). */
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
